import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.scope import system_actor
from desabinaan.foreigners.rules import RULES
from desabinaan.foreigners.services import alerts_scan
from desabinaan.foreigners.tasks import scan_alerts_task


class Command(BaseCommand):
    help = (
        "Early detection over active stays: raise one alert per new condition (idempotent). "
        "Run it from a timer, e.g. daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="scan as of this day (YYYY-MM-DD); default today")
        parser.add_argument("--rule", action="append", choices=sorted(RULES), dest="rules")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="put the scan (all rules) on the task queue for `db_worker` instead",
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        if options["enqueue"]:
            if options["rules"]:
                raise CommandError("--enqueue runs every rule; leave out --rule")
            result = scan_alerts_task.enqueue(date=today.isoformat() if today else None)
            self.stdout.write(f"scan queued as task {result.id}")
            return
        result = alerts_scan(actor=system_actor("scan_alerts"), today=today, rules=options["rules"])
        for name, found in result.found.items():
            self.stdout.write(f"{name:26} found {found:6}  new alerts {result.raised[name]:6}")
        self.stdout.write(
            f"total: {sum(result.raised.values())} new alerts, "
            f"{result.updated} open alerts refreshed"
        )
