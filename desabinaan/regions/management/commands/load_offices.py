from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.scope import system_actor
from desabinaan.regions.services import OFFICE_COLUMNS, OfficeImportError, offices_load


class Command(BaseCommand):
    help = (
        "Load (upsert by code) immigration offices from a CSV file with the columns "
        + ", ".join(OFFICE_COLUMNS)
        + ". Any invalid line: every error is listed with its line number and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"File not found: {file}")
        try:
            created, updated = offices_load(actor=system_actor("load_offices"), path=file)
        except OfficeImportError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(f"{len(exc.errors)} error(s); nothing was saved.") from exc
        self.stdout.write(self.style.SUCCESS(f"Offices: {created} created, {updated} updated."))
