from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from desabinaan.accounts.models import PartnerKind


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


class DesaBinaanStatus(models.TextChoices):
    DIUSULKAN = "diusulkan", _("Proposed")
    DICANANGKAN = "dicanangkan", _("Designated")
    NONAKTIF = "nonaktif", _("Inactive")


class DesaBinaan(models.Model):
    """A desa or kelurahan designated (dicanangkan) by a Kantor Imigrasi as a partner village."""

    region = models.OneToOneField(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="desa_binaan",
        db_column="region_code",
    )
    office = models.ForeignKey(
        "regions.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="desa_binaan",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DesaBinaanStatus.choices,
        default=DesaBinaanStatus.DIUSULKAN,
        db_index=True,
    )
    designated_on = models.DateField(_("designation date"), null=True, blank=True)
    sk_number = models.CharField(_("decree (SK) number"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("partner village")
        verbose_name_plural = _("partner villages")

    def __str__(self) -> str:
        return str(self.region)

    @property
    def is_active(self) -> bool:
        return self.status == DesaBinaanStatus.DICANANGKAN


def corner_photo_path(instance, filename: str) -> str:
    # The name the uploader chose is dropped: it may carry personal details.
    return f"corners/{instance.desa_binaan.region_id}.jpg"


class Corner(models.Model):
    """The Imigrasi Corner ("icon desa") of one desa binaan."""

    desa_binaan = models.OneToOneField(
        DesaBinaan, on_delete=models.CASCADE, related_name="corner", verbose_name=_("village")
    )
    address = models.CharField(_("address"), max_length=255)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    offers_literacy = models.BooleanField(_("literacy corner"), default=True)
    offers_brochures = models.BooleanField(_("brochure stand"), default=True)
    offers_reporting = models.BooleanField(_("reporting point"), default=True)
    offers_passport_help = models.BooleanField(_("help with passport applications"), default=False)
    photo = models.ImageField(_("photo"), upload_to=corner_photo_path, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Imigrasi Corner")
        verbose_name_plural = _("Imigrasi Corners")

    def __str__(self) -> str:
        return f"Imigrasi Corner {self.desa_binaan.region.name}"

    @property
    def offers(self) -> list[str]:
        flags = ("offers_literacy", "offers_brochures", "offers_reporting", "offers_passport_help")
        return [str(self._meta.get_field(f).verbose_name) for f in flags if getattr(self, f)]


# Partners' roles are the partner kinds of mitra accounts: one list for both.
PartnerRole = PartnerKind


class Partner(models.Model):
    """A person working with the programme in one desa or kecamatan."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="partners",
        db_column="region_code",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20, blank=True)  # E.164, +62…
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "role", "name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
