from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.literacy.services import quizzes_load


class Command(BaseCommand):
    help = "Load the shipped quizzes (idempotent; --update rewrites them from the shipped text)."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true")

    def handle(self, *args, update=False, **options):
        n = quizzes_load(actor=system_actor("load_quizzes"), update=update)
        if options["verbosity"]:
            self.stdout.write(f"{n} quizzes written.")
