from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "desabinaan.reports"
    label = "reports"
    verbose_name = _("Reports (lapor)")

    def ready(self):
        from . import checks  # noqa: F401 - registers the shared-cache check
