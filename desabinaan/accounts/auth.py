"""Authentication classes for the API: session for pages (with CSRF), bearer tokens for clients."""

from __future__ import annotations

from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from . import twofactor
from .models import User
from .services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class CookieSessionAuth(SessionAuth):
    """ninja's session auth checks CSRF before it looks for the cookie, so a client with no
    session at all got 403 "CSRF" instead of 401. Without the cookie there is no session to
    protect: answer as unauthenticated. With it, CSRF is checked as before."""

    def _get_key(self, request):
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


class VerifiedSessionAuth(CookieSessionAuth):
    """The session, but only once it passed the second factor where that is required: a
    password-only officer session reads no data through the API either. (Tokens are issued only
    after the second factor, api.py.)"""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        if twofactor.needs_second_factor(request) and not user.is_verified():
            return None
        return user


token_auth = TokenAuth()
session_auth = VerifiedSessionAuth()
# Either works: the offline field client sends a token, pages fetching JSON reuse the session.
api_auth = [token_auth, session_auth]


def bearer_user(request) -> User | None:
    """The caller of a public endpoint: the user of a valid bearer token, or None for the public.

    A session cookie is deliberately not honoured: a public endpoint has no CSRF check, so a
    cookie would let any site act as the signed-in person. A token that is sent but not valid
    (expired, revoked, mistyped) is refused rather than quietly treated as the public."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, raw = header.partition(" ")
    user = token_authenticate(raw.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise AuthenticationError()
    return user
