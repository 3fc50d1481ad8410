from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiteracyConfig(AppConfig):
    """The knowledge pillar (pengetahuan): guides, FAQ, quizzes, licensed agencies and the
    job-offer checker (issue 14)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desabinaan.literacy"
    label = "literacy"
    verbose_name = _("Literacy (pengetahuan)")
