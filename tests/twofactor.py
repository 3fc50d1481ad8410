"""Helpers for tests that run with two-step verification switched on (settings_test leaves it
off so the rest of the suite can force_login)."""

import time

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from desabinaan.accounts import twofactor


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def enrol(user) -> TOTPDevice:
    """A confirmed authenticator for the user (as if they had set one up)."""
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """A code the device accepts now, as an app shows it. django-otp accepts one time step
    either side of now but never a step at or before the last one used, so a second login in
    the same 30 seconds takes the next step's code (and a third waits for the clock)."""
    device.refresh_from_db()
    while True:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        now = totp.t()
        wanted = max(now, device.last_t + 1)
        if wanted <= now + device.tolerance:
            return f"{hotp(device.bin_key, wanted, digits=device.digits):0{device.digits}d}"
        time.sleep(1)  # waiting for the next time step, not asserting on timing


def login_verified(client, user) -> TOTPDevice:
    """force_login plus a session that passed the second factor."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[twofactor.VERIFIED] = True
    session.save()
    return device
