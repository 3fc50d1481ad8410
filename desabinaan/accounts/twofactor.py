"""Two-step verification policy (issue 13): who needs a second factor, and what a session that
has only passed the password may reach. The writes (enrolment, recovery codes, reset) are in
services.py; the middleware that enforces this is middleware.py.

django-otp marks a session verified (``request.user.is_verified()``) once a device accepted a
code; until then an officer is "half logged in": only the pages of this flow answer.
"""

from __future__ import annotations

import time

from django.conf import settings
from django_otp import user_has_device

from .models import Role

# The roles that can unmask personal data, export, or change the programme.
REQUIRED_ROLES = frozenset({Role.PIMPASA, Role.KANIM, Role.KANWIL, Role.PUSAT, Role.ADMIN})

# Session keys. LOGIN_AT/SEEN_AT bound an officer's session; VERIFIED marks a session that passed
# the second factor once, so losing its device (admin reset) ends it instead of leaving a
# password-only session that could enrol a new authenticator.
LOGIN_AT = "officer_login_at"
SEEN_AT = "officer_seen_at"
VERIFIED = "two_factor_verified"
# A partner's choice is cached in the session so their pages cost no device query.
PARTNER_OPTED_IN = "two_factor_partner_opted_in"
# Recovery codes just made, shown once and then dropped from the session.
NEW_CODES = "two_factor_new_codes"

RECOVERY_CODE_COUNT = 10


def is_officer(user) -> bool:
    """Officers must use a second factor and get short sessions. Staff count too: the Django
    admin reaches everything its permissions allow."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.is_staff or user.role in REQUIRED_ROLES)
    )


def needs_second_factor(request) -> bool:
    """Whether this logged-in user must pass the second factor before any officer page."""
    user = request.user
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if is_officer(user):
        return True
    opted_in = request.session.get(PARTNER_OPTED_IN)
    if opted_in is None:
        opted_in = user_has_device(user, confirmed=True)
        request.session[PARTNER_OPTED_IN] = opted_in
    return opted_in


def mark_login(request, user) -> None:
    """Start an officer session's clocks (called when someone logs in)."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session.pop(VERIFIED, None)
    request.session.pop(PARTNER_OPTED_IN, None)
    if is_officer(user):
        # The cookie and the stored session die with the absolute limit too.
        request.session.set_expiry(int(settings.OFFICER_SESSION_MAX_AGE.total_seconds()))


def session_expired(request) -> bool:
    """True when an officer's session passed its absolute or idle limit. Refreshes the idle clock
    at most once a minute, so a busy officer's session is not written on every request."""
    if not is_officer(request.user):
        return False
    session = request.session
    now = int(time.time())
    started = session.get(LOGIN_AT)
    if started is None:
        # A session from before this rule: its clock starts now.
        mark_login(request, request.user)
        return False
    if now - started > settings.OFFICER_SESSION_MAX_AGE.total_seconds():
        return True
    idle = settings.OFFICER_SESSION_IDLE.total_seconds()
    seen = session.get(SEEN_AT, started)
    if idle and now - seen > idle:
        return True
    if now - seen >= 60:
        session[SEEN_AT] = now
    return False


def normalize_code(raw: str) -> str:
    """What people type: spaces and dashes between groups, any letter case."""
    return "".join(raw.split()).replace("-", "").lower()


def format_recovery_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def format_secret(base32: str) -> str:
    """The secret in groups of four, as authenticator apps ask for it when typed."""
    return " ".join(base32[i : i + 4] for i in range(0, len(base32), 4))
