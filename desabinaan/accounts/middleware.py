"""Officer sessions: the second factor before any page, and the session limits (twofactor.py)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from . import twofactor

# What a half-logged-in officer may still reach: this flow, leaving, and the language switch.
FLOW_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:two_factor_qr",
        "set_language",
        "javascript-catalog",
    }
)


class OfficerSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        # The API answers for itself: a logged-out session is simply anonymous there, and its
        # session authentication refuses a session without the second factor (auth.py).
        is_api = request.path_info.startswith("/api/")
        if twofactor.session_expired(request):
            logout(request)
            if is_api:
                return None
            messages.info(
                request,
                _(
                    "Your session has ended: officers log in again after a working day or a "
                    "long pause. Log in to continue."
                ),
            )
            return redirect_to_login(request.get_full_path())
        if not twofactor.needs_second_factor(request) or user.is_verified():
            return None
        if request.session.get(twofactor.VERIFIED):
            # This session had passed the second factor and its device is gone (an admin reset
            # it): it ends, so a stolen phone's open session cannot enrol a new authenticator.
            logout(request)
            if is_api:
                return None
            messages.info(request, _("Your two-step verification was reset. Log in again."))
            return redirect_to_login(request.get_full_path())
        if is_api or request.resolver_match.view_name in FLOW_VIEWS:
            return None
        target = (
            "accounts:two_factor_verify"
            if user_has_device(user, confirmed=True)
            else "accounts:two_factor_setup"
        )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")
