"""Account actions: API tokens and two-step verification. Views and the API call these; they
never touch the ORM directly. Each takes the actor (scope.Actor) as a required keyword and refuses
with core/refusals.py: a person acts on their own tokens and devices; an administrator (or the
reset_two_factor command's system actor) resets another's second factor."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from desabinaan.core.audit import Action, changes_between, record
from desabinaan.core.notify import PREFERENCE_KINDS
from desabinaan.core.refusals import Invalid, NotAllowed

from . import twofactor
from .models import ApiToken, NotificationPreference, Role, User
from .scope import SYSTEM_ROLE, Actor, as_actor, role_of

TOKEN_PREFIX = "dbi_"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    raw: str  # shown once, never stored
    token: ApiToken

    @property
    def expires_at(self) -> datetime:
        return self.token.expires_at


def _person(actor: Actor) -> User:
    """The signed-in person an action on one's own account needs (a system actor has none)."""
    actor = as_actor(actor)
    if actor.user is None or not actor.user.is_authenticated or not actor.user.is_active:
        raise NotAllowed(code="no_account")
    return actor.user


@transaction.atomic
def token_create(*, actor: Actor, label: str = "") -> IssuedToken:
    """A bearer token for the actor's own account (shown once)."""
    user = _person(actor)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=_digest(raw),
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        label=label[:60],
        expires_at=timezone.now() + settings.API_TOKEN_LIFETIME,
    )
    record(
        actor=actor,
        action=Action.TOKEN_CREATE,
        target=token,
        summary=f"Token API {token.prefix}… dibuat",
    )
    return IssuedToken(raw=raw, token=token)


def token_authenticate(raw: str) -> User | None:
    """The user behind a live bearer token, or None. Records when the token was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Write at most once a minute per token: API clients poll, and a write per call is waste.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> None:
    if token.user_id != _person(actor).pk:
        raise NotAllowed(code="not_own_token")
    before = {"revoked_at": token.revoked_at}
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action=Action.TOKEN_REVOKE,
        target=token,
        summary=f"Token API {token.prefix}… dicabut",
        changes=changes_between(before, {"revoked_at": token.revoked_at}),
    )


@transaction.atomic
def token_revoke_raw(*, actor: Actor, raw: str) -> bool:
    """Revoke the token a client presents (logout of an API client): the actor is the token's
    own user, authenticated by it. False when it is not a live token of theirs."""
    user = _person(actor)
    token = (
        ApiToken.objects.select_for_update()
        .select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or token.user_id != user.pk:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action=Action.TOKEN_REVOKE,
        target=token,
        summary=f"Token API {token.prefix}… dicabut oleh kliennya",
        changes={"revoked_at": [None, str(token.revoked_at)]},
    )
    return True


# --- Two-step verification (accounts/twofactor.py has the policy) -----------------------------

TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode cadangan"


@dataclass(frozen=True)
class VerifyResult:
    device: Device | None = None
    # Seconds to wait after too many wrong codes (django-otp's exponential back-off).
    wait_seconds: int = 0
    # Recovery codes made by a confirmed enrolment (shown once).
    recovery_codes: tuple[str, ...] = ()


def _wait_seconds(device) -> int:
    """0 when the device may check a code now, else the seconds until it may."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return 0
    wait = (info or {}).get("locked_until", timezone.now()) - timezone.now()
    return max(1, int(wait.total_seconds()) + 1)


def two_factor_pending_device(*, actor: Actor) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device per user, reused on reload so the
    QR code does not change under the person scanning it."""
    user = _person(actor)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _recovery_codes_replace(user: User) -> list[str]:
    # The device is kept and only its codes replaced: a session verified with a recovery code
    # stays verified (it is bound to the device).
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(twofactor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def two_factor_confirm(*, actor: Actor, device: TOTPDevice, code: str) -> VerifyResult:
    """Confirm an authenticator with its first code. Replaces any earlier authenticator and the
    recovery codes; the result carries the new codes (shown once), or no device when the code
    is wrong."""
    person = _person(actor)
    # Locked, so a double-submitted form confirms once and shows the codes that stay valid.
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.user_id != person.pk:
        raise NotAllowed(code="not_own_device")
    if device.confirmed:
        return VerifyResult()
    wait = _wait_seconds(device)
    if wait:
        return VerifyResult(wait_seconds=wait)
    if not device.verify_token(twofactor.normalize_code(code)):
        return VerifyResult()
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    record(
        actor=actor,
        action=Action.ACCOUNT_TWO_FACTOR_ENROL,
        target=user,
        summary=f"Verifikasi dua langkah dipasang untuk {user.username}",
    )
    return VerifyResult(device=device, recovery_codes=tuple(codes))


@transaction.atomic
def recovery_codes_regenerate(*, actor: Actor) -> list[str]:
    user = _person(actor)
    codes = _recovery_codes_replace(user)
    record(
        actor=actor,
        action=Action.ACCOUNT_RECOVERY_CODES,
        target=user,
        summary=f"Kode cadangan baru dibuat untuk {user.username}",
    )
    return codes


def two_factor_verify(*, actor: Actor, code: str) -> VerifyResult:
    """Check a second-factor code: six digits go to the authenticator, anything else is tried as
    a recovery code (each works once). Wrong codes slow further tries down per device. The
    actor is the person signing in (password checked, second factor not yet)."""
    user = _person(actor)
    code = twofactor.normalize_code(code)
    if not code:
        return VerifyResult()
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            wait = _wait_seconds(device)
            if wait:
                return VerifyResult(wait_seconds=wait)
            if device.verify_token(code):
                return VerifyResult(device=device)
    return VerifyResult()


@transaction.atomic
def two_factor_disable(*, actor: Actor) -> None:
    """A partner turns the second factor off (officers cannot: it is required for them)."""
    user = _person(actor)
    if twofactor.is_officer(user):
        raise NotAllowed(
            _("Officers cannot turn two-step verification off."), code="required_for_officers"
        )
    _devices_delete(user)
    record(
        actor=actor,
        action=Action.ACCOUNT_TWO_FACTOR_DISABLE,
        target=user,
        summary=f"Verifikasi dua langkah dimatikan oleh {user.username}",
    )


def _devices_delete(user: User) -> int:
    return sum(model.objects.filter(user=user).delete()[0] for model in (TOTPDevice, StaticDevice))


@transaction.atomic
def two_factor_reset(*, actor: Actor, user: User) -> int:
    """An administrator's reset when an authenticator is lost: every device goes, every session
    of the user that passed the second factor ends (middleware.py), and the next login sets up a
    new authenticator. Returns how many devices were removed."""
    if not can_reset_two_factor(actor):
        raise NotAllowed(
            _("Only administrators reset two-step verification."), code="not_administrator"
        )
    removed = _devices_delete(user)
    # A lost phone may sit beside a device that holds a token: tokens go with the devices.
    tokens_revoke_for_user(user_id=user.pk)
    record(
        actor=actor,
        action=Action.ACCOUNT_TWO_FACTOR_RESET,
        target=user,
        summary=f"Verifikasi dua langkah {user.username} direset; wajib dipasang ulang",
    )
    return removed


def can_reset_two_factor(user: User | Actor) -> bool:
    """Administrators, and the reset_two_factor command (a system actor)."""
    return role_of(user) in (Role.ADMIN, SYSTEM_ROLE)


def tokens_revoke_for_user(*, user_id: int) -> int:
    """Revoke every live token of a user: their password changed or their account was closed,
    so whatever was issued against the old credentials must stop working. Returns how many."""
    return ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_save(*, actor: Actor, choices: dict[str, bool]) -> None:
    """A user chooses which notifications they get (core.notify.PREFERENCE_KINDS); only their
    own. Unknown kinds are refused, not ignored."""
    actor = as_actor(actor)
    if actor.user is None or not actor.user.is_authenticated:
        raise NotAllowed(_("Log in to choose your notifications."))
    unknown = set(choices) - set(PREFERENCE_KINDS)
    if unknown:
        raise Invalid(
            _("Unknown notification: %(kind)s.") % {"kind": ", ".join(sorted(unknown))},
            code="unknown_kind",
        )
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=actor.user
    )
    before = {k: getattr(preference, k) for k in PREFERENCE_KINDS}
    after = {k: bool(choices.get(k, False)) for k in PREFERENCE_KINDS}
    for kind, wanted in after.items():
        setattr(preference, kind, wanted)
    preference.save(update_fields=list(PREFERENCE_KINDS))
    record(
        actor=actor,
        action=Action.NOTIFY_PREFERENCES,
        summary="Pilihan notifikasi diubah",
        changes=changes_between(before, after),
    )
