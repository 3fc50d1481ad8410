from datetime import datetime

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from desabinaan.core.api_schemas import BodyIn

from . import services
from .auth import token_auth


class Credentials(BodyIn):
    username: str = Field(max_length=150)
    password: str = Field(max_length=1000)


class TokenOut(Schema):
    token: str
    expires_at: datetime


class Message(Schema):
    detail: str


router = Router(tags=["auth"])


@router.post("/token", response={201: TokenOut, 401: Message, 429: Message}, auth=None)
def token_create(request, payload: Credentials):
    """Exchange a username and password for a bearer token (shown once; stored hashed). Five
    failures for one username from one address lock it for 15 minutes: **429**."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        # One message for every failure: it must not tell which part was wrong.
        return Status(401, {"detail": _("Wrong username or password.")})
    issued = services.token_create(user=user, label="API")
    return Status(201, {"token": issued.raw, "expires_at": issued.expires_at})


@router.delete("/token", response={204: None, 401: Message}, auth=token_auth)
def token_delete(request):
    """Revoke the token used for this request."""
    raw = request.headers.get("Authorization", "").partition(" ")[2].strip()
    if not services.token_revoke_raw(raw=raw):
        raise HttpError(401, _("Authentication required."))
    return Status(204, None)
