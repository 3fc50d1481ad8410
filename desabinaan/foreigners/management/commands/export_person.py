"""Everything held about one person, for a data-subject request (UU 27/2022: access and copy)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from desabinaan.accounts.scope import system_actor
from desabinaan.foreigners.models import (
    AccessKind,
    AccessLog,
    Alert,
    Foreigner,
    ForeignerMerge,
    Stay,
)
from desabinaan.foreigners.services import access_log_write


def _rows(qs, *fields):
    return [dict(zip(fields, row, strict=True)) for row in qs.values_list(*fields)]


def person_record(foreigner: Foreigner) -> dict:
    # The records merged into this one belong to the same person and are part of the answer.
    ids = [foreigner.pk, *foreigner.absorbed.values_list("pk", flat=True)]
    return {
        "foreigner": _rows(
            Foreigner.objects.filter(pk__in=ids),
            "id",
            "given_names",
            "family_name",
            "aliases",
            "sex",
            "date_of_birth",
            "nationality",
            "photo",
            "merged_into_id",
            "created_at",
        ),
        "passports": _rows(
            foreigner.passports.model.objects.filter(foreigner_id__in=ids),
            "id",
            "foreigner_id",
            "number",
            "issuing_country",
            "expiry_date",
            "recorded_at",
        ),
        "stays": _rows(
            Stay.objects.filter(foreigner_id__in=ids),
            "id",
            "foreigner_id",
            "region_id",
            "region__path",
            "address",
            "host_name",
            "host_kind",
            "purpose",
            "arrival_date",
            "expected_departure",
            "departed_on",
            "departure_kind",
            "moved_to_id",
            "permit_type__code",
            "permit_number",
            "permit_expiry",
            "registered_at",
            "verified_at",
            "verified_with",
        ),
        "alerts": _rows(
            Alert.objects.filter(foreigner_id__in=ids),
            "id",
            "kind",
            "severity",
            "status",
            "found_at",
            "closed_reason",
        ),
        "merges": _rows(
            ForeignerMerge.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids)),
            "id",
            "source_id",
            "target_id",
            "merged_at",
            "reason",
            "split_at",
        ),
        "access_log": _rows(
            AccessLog.objects.filter(foreigner_id__in=ids),
            "at",
            "kind",
            "reason",
            "office__name",
        ),
    }


class Command(BaseCommand):
    help = "Write everything held about one foreigner as JSON (data-subject request); logged."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int)
        parser.add_argument("--reason", required=True, help="the request being answered")
        parser.add_argument(
            "--output",
            help="file to write (default: standard output); photos are copied beside it",
        )

    def handle(self, *args, **options):
        foreigner = Foreigner.objects.filter(pk=options["id"]).first()
        if foreigner is None:
            raise CommandError(f"no foreigner #{options['id']}")
        if foreigner.merged_into_id:
            foreigner = Foreigner.objects.get(pk=foreigner.merged_into_id)
        record = person_record(foreigner)
        access_log_write(
            actor=system_actor("export_person"),
            foreigner=foreigner,
            reason=options["reason"],
            kind=AccessKind.EXPORT_PERSON,
        )
        text = json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        if options["output"]:
            output = Path(options["output"])
            output.write_text(text, encoding="utf-8")
            # The photos are part of the answer too: copied beside the JSON, one per record.
            for person in Foreigner.objects.filter(pk__in=[r["id"] for r in record["foreigner"]]):
                if person.photo:
                    with person.photo.open("rb") as photo:
                        output.with_name(f"{output.stem}-photo-{person.pk}.jpg").write_bytes(
                            photo.read()
                        )
            # Only the record number on the console: the content is personal data.
            self.stderr.write(f"foreigner #{foreigner.pk} written to {output}")
        else:
            self.stdout.write(text)
