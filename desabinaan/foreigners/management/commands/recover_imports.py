from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.foreigners.services import imports_recover


class Command(BaseCommand):
    help = (
        "Imports from the web page left queued or running with no task to finish them: queue "
        "them again, or mark them failed with a reason shown on the import page (the scheduler "
        "runs this every few minutes; safe to run any time)."
    )

    def handle(self, *args, **options):
        result = imports_recover(actor=system_actor("recover_imports"))
        self.stdout.write(f"re-queued {len(result.requeued)}, failed {len(result.failed)}")
