"""The current two-step verification code of a demo officer (README), for testers without an
authenticator app. Answers only for devices with the published demo secret, so it reveals
nothing about real accounts."""

import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .load_demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current 6-digit code of a demo account (manage.py demo_otp pimpasa.koba)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        device = (
            TOTPDevice.objects.filter(user__username=username, confirmed=True, key=DEMO_TOTP_KEY)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise CommandError(
                f"{username} has no demo authenticator: demo_otp only answers for the demo "
                "accounts of load_demo that still use the published demo secret."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        remaining = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stderr.write(f"valid for {remaining} more seconds")
