from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "desabinaan.reports"
    label = "reports"
    verbose_name = _("Reports (lapor)")

    def ready(self):
        from desabinaan.regions.geo import SAMPLE, register_point_source

        from . import (
            checks,  # noqa: F401 - registers the shared-cache check
            routing,
        )
        from .models import Report

        def reports(within):
            return (
                Report.objects.filter(within("region__code"), latitude__isnull=False)
                .order_by("-created_at")
                .values_list("latitude", "longitude")[:SAMPLE]
            )

        # Not public: a centre drawn from one located report would show where it was made.
        register_point_source("reports", reports, public=False)
        routing.connect()
