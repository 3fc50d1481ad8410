from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


def _start_session_clocks(sender, request, user, **kwargs):
    from . import twofactor

    # Logins without a request (none in this app, but Django allows them) have no session.
    if request is not None and hasattr(request, "session"):
        twofactor.mark_login(request, user)


class AccountsConfig(AppConfig):
    name = "desabinaan.accounts"
    label = "accounts"

    def ready(self):
        user_logged_in.connect(_start_session_clocks, dispatch_uid="accounts.session_clocks")
        from . import signals  # noqa: F401  (connects the token revocation on save)
