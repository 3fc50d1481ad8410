from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "desabinaan.accounts"
    label = "accounts"

    def ready(self):
        from . import signals  # noqa: F401  (connects the token revocation on save)
