from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.assistance.services import questions_remind
from desabinaan.assistance.tasks import remind_questions_task


class Command(BaseCommand):
    help = (
        "Remind the PIMPASA (after 3 days) and the Kanim (after 7) of unanswered questions. "
        "Idempotent: each reminder is sent once per question."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue it for db_worker")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = remind_questions_task.enqueue()
            self.stdout.write(f"reminders queued as task {result.id}")
            return
        result = questions_remind(actor=system_actor("remind_questions"))
        self.stdout.write(f"reminders sent: {result.pimpasa} to PIMPASA, {result.kanim} to Kanim")
