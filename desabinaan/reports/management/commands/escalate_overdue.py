from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.reports.services import reports_escalate_overdue
from desabinaan.reports.tasks import escalate_overdue_task


class Command(BaseCommand):
    help = (
        "Escalate reports past their response deadline: the PIMPASA first, the head of the "
        "Kanim one step later. Idempotent: safe to run every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue it for db_worker")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = escalate_overdue_task.enqueue()
            self.stdout.write(f"escalation queued as task {result.id}")
            return
        result = reports_escalate_overdue(actor=system_actor("escalate_overdue"))
        self.stdout.write(
            f"reports escalated: {result.pimpasa} to PIMPASA, {result.kanim} to Kanim"
        )
