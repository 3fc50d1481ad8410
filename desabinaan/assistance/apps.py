from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    """The services pillar (layanan): questions to the PIMPASA and passport service days at the
    corner (issue 15)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desabinaan.assistance"
    label = "assistance"
    verbose_name = _("Services (layanan)")
