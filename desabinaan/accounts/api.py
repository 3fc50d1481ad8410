from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from desabinaan.core.api_schemas import BodyIn, Message

from . import services, twofactor
from .auth import token_auth
from .scope import as_actor
from .selectors import two_factor_status


class Credentials(BodyIn):
    username: str = Field(max_length=150)
    password: str = Field(max_length=1000)
    # The second factor: six digits from the authenticator app, or one recovery code. Required
    # for officers (and partners who turned two-step verification on).
    otp: str | None = Field(default=None, max_length=64)


class TokenOut(Schema):
    token: str
    expires_at: datetime


router = Router(tags=["auth"])


@router.post("/token", response={201: TokenOut, 401: Message, 429: Message}, auth=None)
def token_create(request, payload: Credentials):
    """Exchange a username and password for a bearer token (shown once; stored hashed). Five
    failures for one username from one address lock it for 15 minutes: **429**."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        # One message for every failure: it must not tell which part was wrong.
        return Status(401, {"detail": _("Wrong username or password.")})
    refusal = _second_factor_refusal(user, payload.otp)
    if refusal:
        return Status(401, {"detail": refusal})
    issued = services.token_create(actor=as_actor(user), label="API")
    return Status(201, {"token": issued.raw, "expires_at": issued.expires_at})


@router.delete("/token", response={204: None, 401: Message}, auth=token_auth)
def token_delete(request):
    """Revoke the token used for this request."""
    raw = request.headers.get("Authorization", "").partition(" ")[2].strip()
    if not services.token_revoke_raw(actor=as_actor(request.user), raw=raw):
        raise HttpError(401, _("Authentication required."))
    return Status(204, None)


def _second_factor_refusal(user, otp: str | None) -> str | None:
    """Why a token cannot be issued yet, or None. A token outlives any session, so it is issued
    only after the same second factor the login pages ask for."""
    status = two_factor_status(user)
    required = settings.TWO_FACTOR_REQUIRED and (twofactor.is_officer(user) or status.enabled)
    if not required:
        return None
    if not status.enabled:
        return _(
            "Set up two-step verification first: log in on the website once, then ask for a "
            "token with the code from your authenticator app in the field otp."
        )
    if not (otp or "").strip():
        return _(
            "This account uses two-step verification: send the 6-digit code from your "
            "authenticator app (or a recovery code) in the field otp."
        )
    result = services.two_factor_verify(actor=as_actor(user), code=otp)
    if result.wait_seconds:
        return _("Too many wrong codes. Wait %(seconds)d seconds, then try again.") % {
            "seconds": result.wait_seconds
        }
    if result.device is None:
        return _(
            "Wrong or expired code. Send the 6-digit code now showing in your authenticator "
            "app, or an unused recovery code, in the field otp."
        )
    return None
