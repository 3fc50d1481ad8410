"""Account actions: API tokens. Views and the API call these; they never touch the ORM directly."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User

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


@transaction.atomic
def token_create(*, user: User, label: str = "") -> IssuedToken:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=_digest(raw),
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        label=label[:60],
        expires_at=timezone.now() + settings.API_TOKEN_LIFETIME,
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


def token_revoke(*, token: ApiToken, acting_user: User) -> None:
    if token.user_id != acting_user.pk:
        raise PermissionError("A user revokes only their own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_revoke_raw(*, raw: str) -> bool:
    """Revoke the token a client presents (logout of an API client)."""
    return bool(
        ApiToken.objects.filter(digest=_digest(raw), revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def tokens_revoke_for_user(*, user_id: int) -> int:
    """Revoke every live token of a user: their password changed or their account was closed,
    so whatever was issued against the old credentials must stop working. Returns how many."""
    return ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
