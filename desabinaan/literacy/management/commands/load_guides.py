from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.scope import system_actor
from desabinaan.core.refusals import DomainError
from desabinaan.literacy.services import GUIDES_DIR, guides_load


class Command(BaseCommand):
    help = (
        "Load the shipped guides (desabinaan/literacy/guides/*.md) and FAQ (faq.txt): new ones "
        "created, changed ones saved as a new revision. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(GUIDES_DIR), help="Directory of guide files")

    def handle(self, *args, **options):
        from pathlib import Path

        try:
            counts = guides_load(actor=system_actor("load_guides"), directory=Path(options["dir"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Guides: {counts['created']} new, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged; {counts['faq']} new FAQ entries."
        )
