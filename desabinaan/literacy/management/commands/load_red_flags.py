from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.literacy.services import red_flags_load


class Command(BaseCommand):
    help = "Load the job-offer checker's red flags (idempotent; --update restores shipped ones)."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true")

    def handle(self, *args, update=False, **options):
        n = red_flags_load(actor=system_actor("load_red_flags"), update=update)
        if options["verbosity"]:
            self.stdout.write(f"{n} red flags written.")
