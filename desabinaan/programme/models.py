from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PimpasaAssignment(models.Model):
    """An officer inaugurated (dikukuhkan) as PIMPASA for one kecamatan or one desa.

    An assignment is active while it has no end date. Ending it keeps the row as history; the
    database refuses a second active assignment for the same area."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="pimpasa_assignments",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="pimpasa_assignments",
        db_column="region_code",
    )
    office = models.ForeignKey(
        "regions.Office", verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    sk_number = models.CharField(_("decree (SK) number"), max_length=100)
    inaugurated_on = models.DateField(_("inauguration date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "-inaugurated_on"]
        verbose_name = _("PIMPASA assignment")
        verbose_name_plural = _("PIMPASA assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(ended_on__isnull=True),
                name="one_active_pimpasa_per_area",
                violation_error_message=_("This area already has an active PIMPASA."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("inaugurated_on")),
                name="pimpasa_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} — {self.region}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
