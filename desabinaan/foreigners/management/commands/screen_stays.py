"""`manage.py screen_stays [--all]`: screen stays against the watch-list now (issue 18)."""

from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.foreigners.screening_services import stays_screen
from desabinaan.foreigners.watchlist_models import ScreeningRun


class Command(BaseCommand):
    help = (
        "Screen the active stays registered since the last pass (or --all active stays) against "
        "the watch-list; resumes an interrupted pass. Registrations, imports and list changes "
        "queue this on their own; the command is for a first run and for recovery."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every active stay")

    def handle(self, *args, **options):
        kind = ScreeningRun.Kind.ALL if options["all"] else ScreeningRun.Kind.NEW
        run = stays_screen(actor=system_actor("screen_stays"), kind=kind)
        self.stdout.write(f"screened {run.checked} stays, {run.raised} new matches")
