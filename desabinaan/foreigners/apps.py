from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForeignersConfig(AppConfig):
    name = "desabinaan.foreigners"
    label = "foreigners"
    verbose_name = _("Foreigner registry")
