"""`manage.py import_watchlist FILE`: load the watch-list from a CSV (issue 18)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.scope import system_actor
from desabinaan.foreigners.screening_services import (
    IMPORT_COLUMNS,
    WatchlistFileInvalid,
    watchlist_import,
)


class Command(BaseCommand):
    help = (
        f"Import the watch-list from a CSV with the header {','.join(IMPORT_COLUMNS)} "
        "(aliases separated by ';', nationality ISO alpha-2, dates YYYY-MM-DD, empty cells "
        "allowed except name). Upserts by source + name + date of birth. A bad line: every bad "
        "line is reported with its number and nothing is saved. Every running process sees the "
        "new list within a minute; all active stays are screened again (a task)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = watchlist_import(actor=system_actor("import_watchlist"), path=file)
        except WatchlistFileInvalid as exc:
            for line, message in exc.lines:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"{len(exc.lines)} bad line(s); nothing was imported.") from None
        self.stdout.write(f"watch-list: {result.created} added, {result.updated} updated")
