"""Authentication classes for the API: session for pages (with CSRF), bearer tokens for clients."""

from ninja.security import HttpBearer, django_auth

from .services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()
# Either works: the offline field client sends a token, pages fetching JSON reuse the session.
api_auth = [token_auth, django_auth]
