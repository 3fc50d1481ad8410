"""Authentication classes for the API: session for pages (with CSRF), bearer tokens for clients."""

from ninja.security import HttpBearer, SessionAuth

from . import twofactor
from .services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """Django's session, but only once it passed the second factor where that is required:
    a password-only officer session reads no data through the API either. (Tokens are issued
    only after the second factor, api.py.)"""

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
