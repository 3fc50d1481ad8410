from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.foreigners.services import PERMIT_TYPES_CSV, permit_types_load


class Command(BaseCommand):
    help = (
        "Seed the visa and stay permit types (DOMAIN.md §3); edited rows are kept unless --update."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(PERMIT_TYPES_CSV))
        parser.add_argument(
            "--update", action="store_true", help="overwrite existing rows with the file's values"
        )

    def handle(self, *args, **options):
        from pathlib import Path

        created, updated = permit_types_load(
            actor=system_actor("load_permit_types"),
            path=Path(options["file"]),
            update=options["update"],
        )
        self.stdout.write(f"permit types: {created} created, {updated} updated")
