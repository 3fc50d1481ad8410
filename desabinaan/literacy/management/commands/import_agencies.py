"""manage.py import_agencies FILE.csv — load the list of licensed placement companies (P3MI).

Header (README "Licensed agencies"): nama,nomor_izin,berlaku_sampai,alamat,status,sumber,
tanggal_daftar. Rows are matched by licence number (upsert). A bad line stops the import with
its line number and nothing is saved."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.scope import system_actor
from desabinaan.core.refusals import Invalid
from desabinaan.literacy.services import agencies_import


class Command(BaseCommand):
    help = "Import the list of licensed placement companies (P3MI) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            created, updated = agencies_import(actor=system_actor("import_agencies"), text=text)
        except Invalid as exc:
            raise CommandError(f"{exc.message} Nothing was saved.") from exc
        self.stdout.write(f"{created} created, {updated} updated.")
