"""`manage.py link_persons`: group registrations of the same person (issue 18).

Without --apply it writes a proposal (JSON: groups of record ids, oldest first) for an officer
to review. With --apply it merges each group into its oldest record through the registry's merge
service (each merge audited and undoable with a split). Resumable: a record already merged is
skipped, so running --apply again after an interruption continues where it stopped."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.models import User
from desabinaan.accounts.scope import actor_for
from desabinaan.core.refusals import DomainError
from desabinaan.foreigners import services
from desabinaan.foreigners.models import Foreigner
from desabinaan.foreigners.screening_services import link_proposal


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--proposal",
            type=Path,
            default=Path("link-proposal.json"),
            help="where the proposal is written, and read back by --apply",
        )
        parser.add_argument(
            "--apply",
            action="store_true",
            help="merge the groups of the proposal (computed now if the file is absent)",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="the officer in whose name records are merged (required with --apply)",
        )

    def handle(self, *args, proposal: Path, apply: bool, username: str | None, **options):
        if apply:
            return self._apply(proposal, username)
        groups = link_proposal()
        proposal.write_text(json.dumps({"groups": groups}, indent=0), encoding="utf-8")
        records = sum(len(g) for g in groups)
        self.stdout.write(f"{len(groups)} groups ({records} records) proposed in {proposal}")

    def _apply(self, proposal: Path, username: str | None) -> None:
        if not username:
            raise CommandError("--apply needs --as USERNAME (an officer who sees the records)")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username}")
        if proposal.is_file():
            groups = json.loads(proposal.read_text(encoding="utf-8"))["groups"]
        else:
            groups = link_proposal()
            proposal.write_text(json.dumps({"groups": groups}, indent=0), encoding="utf-8")
        who = {"actor": actor_for(user)}
        merged = skipped = refused = 0
        for group in groups:
            people = {f.pk: f for f in Foreigner.objects.filter(pk__in=group)}
            target = people.get(group[0])
            while target is not None and target.merged_into_id:
                target = Foreigner.objects.filter(pk=target.merged_into_id).first()
            for pk in group[1:]:
                source = people.get(pk)
                if (
                    source is None
                    or source.merged_into_id
                    or target is None
                    or source.pk == target.pk
                ):
                    skipped += 1
                    continue
                try:
                    services.foreigner_merge(
                        source=source, target=target, reason="link_persons", **who
                    )
                except (ValidationError, DomainError) as exc:
                    refused += 1
                    self.stderr.write(f"records {source.pk} -> {target.pk}: {exc}")
                    continue
                merged += 1
        self.stdout.write(f"merged {merged}, already merged {skipped}, refused {refused}")
