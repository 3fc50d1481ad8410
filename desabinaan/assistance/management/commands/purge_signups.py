import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.scope import system_actor
from desabinaan.assistance.services import signups_purge


class Command(BaseCommand):
    help = (
        "Delete the sign-ups (names, phones, NIK) of passport service days that ended "
        "ASSISTANCE_SIGNUP_RETENTION_DAYS ago, keeping only their counts. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="as of this day (YYYY-MM-DD); default today")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        result = signups_purge(actor=system_actor("purge_signups"), today=today)
        self.stdout.write(f"deleted {result.signups} sign-ups of {result.days} service days")
