"""Helpers for tests that run with two-step verification switched on (settings_test leaves it
off so the rest of the suite can force_login)."""

import time

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from desabinaan.accounts import twofactor


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def enrol(user) -> TOTPDevice:
    """A confirmed authenticator for the user (as if they had set one up)."""
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the device's app shows now; steps_ahead=1 is the next one (django-otp accepts
    one step of clock drift and never the same step twice)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def login_verified(client, user) -> TOTPDevice:
    """force_login plus a session that passed the second factor."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[twofactor.VERIFIED] = True
    session.save()
    return device
