from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """DESIGN.md §1. The role decides the region scope (accounts/scope.py)."""

    MITRA = "mitra", _("Village partner")
    PIMPASA = "pimpasa", _("PIMPASA officer")
    KANIM = "kanim", _("Immigration office")
    KANWIL = "kanwil", _("Regional office")
    PUSAT = "pusat", _("Directorate (national)")
    ADMIN = "admin", _("Administrator")


class PartnerKind(models.TextChoices):
    """What a village partner is: the kind of a mitra account and the role of a programme
    Partner (one list, so an invited partner's account keeps their role)."""

    KEPALA_DESA = "kepala_desa", _("Village head (kepala desa)")
    LURAH = "lurah", _("Lurah")
    SEKRETARIS_DESA = "sekretaris_desa", _("Village secretary")
    PERANGKAT_DESA = "perangkat_desa", _("Village official (perangkat desa)")
    AGEN_LITERASI = "agen_literasi", _("Literacy agent")
    BABINSA = "babinsa", _("Babinsa (army village officer)")
    BHABINKAMTIBMAS = "bhabinkamtibmas", _("Bhabinkamtibmas (police village officer)")
    CAMAT = "camat", _("Camat (district head)")
    TOKOH_MASYARAKAT = "tokoh_masyarakat", _("Community leader")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, blank=True)
    partner_kind = models.CharField(
        _("partner kind"), max_length=20, choices=PartnerKind.choices, blank=True
    )
    # Mitra only: their desa (a camat: their kecamatan).
    home_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("home region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Officers (pimpasa, kanim, kanwil): the office they belong to.
    office = models.ForeignKey(
        "regions.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )

    # Officers' work phone; shown on public village pages only when they agreed to it.
    phone = models.CharField(_("work phone"), max_length=20, blank=True)
    phone_public = models.BooleanField(_("show my phone on public village pages"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for machine clients. Only its SHA-256 is stored: a leaked database does not
    leak usable tokens."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    # The first characters, to tell tokens apart on the profile page.
    prefix = models.CharField(max_length=12)
    label = models.CharField(_("label"), max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class NotificationPreference(models.Model):
    """What a user wants to be told (core.notify.PREFERENCE_KINDS); no row means all on."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_preference"
    )
    new_report = models.BooleanField(_("new report in my area"), default=True)
    escalation = models.BooleanField(_("escalation of an overdue report"), default=True)
    forwarding_answered = models.BooleanField(
        _("an agency answered a forwarded report"), default=True
    )
    alert = models.BooleanField(_("foreigner alerts in my area"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}"
