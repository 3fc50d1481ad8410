from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """Outreach activities (issue 16): sosialisasi, pencanangan, pengukuhan, visits, TIMPORA
    meetings, their attendance and photos, a public page per held activity and an ICS feed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desabinaan.outreach"
    label = "outreach"
    verbose_name = _("Outreach activities")
