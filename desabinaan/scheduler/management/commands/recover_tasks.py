from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.scheduler.services import tasks_recover


class Command(BaseCommand):
    help = (
        "Put tasks a killed worker left RUNNING back on the queue, or mark them failed after "
        "TASKS_MAX_ATTEMPTS (the scheduler runs this every few minutes; safe to run any time)."
    )

    def handle(self, *args, **options):
        result = tasks_recover(actor=system_actor("recover_tasks"))
        self.stdout.write(
            f"re-queued {len(result.requeued)}, failed {len(result.failed)}, "
            f"forgotten workers {result.forgotten_workers}"
        )
