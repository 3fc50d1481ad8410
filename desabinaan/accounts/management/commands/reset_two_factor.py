"""Reset someone's two-step verification from the server's shell: for the day the only
administrator loses their phone and recovery codes (nobody is left to do it on the website)."""

from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.scope import system_actor
from desabinaan.accounts.selectors import user_by_username
from desabinaan.accounts.services import two_factor_reset


class Command(BaseCommand):
    help = "Remove a user's authenticator and recovery codes; they set up new ones at next login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = user_by_username(username)
        if user is None:
            raise CommandError(f"No account named {username}.")
        removed = two_factor_reset(actor=system_actor("reset_two_factor"), user=user)
        self.stdout.write(
            f"Two-step verification of {username} reset ({removed} device(s) removed); "
            "they set up a new authenticator at their next login."
        )
