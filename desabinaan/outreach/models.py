"""Outreach activities (issue 16).

An Activity is planned (direncanakan), then held (terlaksana) or cancelled (dibatalkan). A
pencanangan activity designates the desa it names and a pengukuhan activity records the PIMPASA
it inaugurates: the links (`designated`, `inaugurated`) are filled by the programme's own
services when the activity is marked held, so the programme keeps one source of truth.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    # 32 random bytes, URL-safe: the token is the only secret of a QR link or a feed URL.
    return secrets.token_urlsafe(32)


class ActivityKind(models.TextChoices):
    # Values are an API contract (POST /api/v1/activities): never rename them.
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    PENCANANGAN = "pencanangan", _("Pencanangan desa binaan")
    PENGUKUHAN = "pengukuhan", _("Pengukuhan PIMPASA")
    DIALOG_WARGA = "dialog_warga", _("Dialog warga")
    KUNJUNGAN = "kunjungan", _("Kunjungan desa")
    RAPAT_TIMPORA = "rapat_timpora", _("Rapat TIMPORA")
    SOSIALISASI_SEKOLAH = "sosialisasi_sekolah", _("Sosialisasi di sekolah")
    PELATIHAN_AGEN_LITERASI = "pelatihan_agen_literasi", _("Pelatihan agen literasi")
    LAYANAN_PASPOR = "layanan_paspor", _("Layanan paspor")
    LAINNYA = "lainnya", _("Lainnya")


class ActivityStatus(models.TextChoices):
    DIRENCANAKAN = "direncanakan", _("Direncanakan")
    TERLAKSANA = "terlaksana", _("Terlaksana")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


class PartnerInstitution(models.TextChoices):
    CAMAT = "camat", _("Camat")
    KEPALA_DESA = "kepala_desa", _("Kepala desa")
    BABINSA = "babinsa", _("Babinsa")
    BHABINKAMTIBMAS = "bhabinkamtibmas", _("Bhabinkamtibmas")
    KAPOLSEK = "kapolsek", _("Kapolsek")
    DANRAMIL = "danramil", _("Danramil")
    DISKOMINFO = "diskominfo", _("Diskominfo")
    PEMDA = "pemda", _("Pemda")
    SEKOLAH = "sekolah", _("Sekolah")
    LAINNYA = "lainnya", _("Lainnya")


# The checklist of a visit (kunjungan): field name per item, in display order.
VISIT_CHECKLIST = ("notice_posted", "certificate_posted", "corner_checked", "partner_met")


class Activity(models.Model):
    kind = models.CharField(_("jenis kegiatan"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"), db_index=True)
    ends_at = models.DateTimeField(_("selesai"))
    # A desa or a kecamatan; the scope filters on this code.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="activities",
        db_column="region_code",
    )
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    office = models.ForeignKey(
        "regions.Office",
        verbose_name=_("kantor penyelenggara"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("petugas hadir"),
        related_name="outreach_activities",
        blank=True,
    )
    # Lists of PartnerInstitution values and of literacy Topic values (checked by the services).
    partners_present = models.JSONField(_("mitra yang hadir"), default=list, blank=True)
    topics = models.JSONField(_("topik"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActivityStatus.choices,
        default=ActivityStatus.DIRENCANAKAN,
        db_index=True,
    )
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    public_summary = models.TextField(_("ringkasan untuk publik"), blank=True)
    # Visit checklist (kunjungan).
    notice_posted = models.BooleanField(_("pengumuman dipasang"), default=False)
    certificate_posted = models.BooleanField(_("piagam dipasang"), default=False)
    corner_checked = models.BooleanField(_("corner diperiksa"), default=False)
    partner_met = models.BooleanField(_("bertemu mitra"), default=False)
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    designated = models.ForeignKey(
        "programme.DesaBinaan",
        verbose_name=_("desa binaan yang dicanangkan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    inaugurated = models.ForeignKey(
        "programme.PimpasaAssignment",
        verbose_name=_("PIMPASA yang dikukuhkan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    # The quiz participants take before and after the session (pre/post test).
    quiz = models.ForeignKey(
        "literacy.Quiz",
        verbose_name=_("kuis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    sign_in_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diusulkan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    held_at = models.DateTimeField(_("ditandai terlaksana"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        indexes = [
            models.Index(fields=["office", "status", "starts_at"], name="activity_office_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActivityKind.values), name="activity_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="activity_status_known"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="activity_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_visit(self) -> bool:
        return self.kind == ActivityKind.KUNJUNGAN

    @property
    def partners_labels(self) -> list[str]:
        return [str(PartnerInstitution(v).label) for v in self.partners_present]

    @property
    def topics_labels(self) -> list[str]:
        from desabinaan.literacy.models import Topic

        return [str(Topic(v).label) for v in self.topics if v in Topic.values]


class Attendance(models.Model):
    """Head counts of a held activity. The services keep the parts adding up to the total."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="attendance")
    total = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    male = models.PositiveIntegerField(_("laki-laki"), default=0)
    female = models.PositiveIntegerField(_("perempuan"), default=0)
    under_18 = models.PositiveIntegerField(_("di bawah 18 tahun"), default=0)
    age_18_30 = models.PositiveIntegerField(_("18–30 tahun"), default=0)
    age_31_59 = models.PositiveIntegerField(_("31–59 tahun"), default=0)
    age_60_plus = models.PositiveIntegerField(_("60 tahun ke atas"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.CheckConstraint(
                condition=Q(total=models.F("male") + models.F("female")),
                name="attendance_sexes_add_up",
            ),
            models.CheckConstraint(
                condition=Q(
                    total=models.F("under_18")
                    + models.F("age_18_30")
                    + models.F("age_31_59")
                    + models.F("age_60_plus")
                ),
                name="attendance_ages_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.total}"


AGE_FIELDS = ("under_18", "age_18_30", "age_31_59", "age_60_plus")


def activity_photo_path(instance, filename: str) -> str:
    # The uploader's file name is dropped: it may carry personal details.
    return f"activities/{instance.activity_id}/{secrets.token_hex(8)}.jpg"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to=activity_photo_path)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["activity_id", "created_at", "pk"]
        verbose_name = _("foto kegiatan")
        verbose_name_plural = _("foto kegiatan")

    def __str__(self) -> str:
        return self.caption or f"{self.activity_id}#{self.pk}"


class NamedParticipant(models.Model):
    """A participant named on the record. Saved only with their consent (the services refuse
    otherwise), never shown on public pages."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("nama"), max_length=120)
    institution = models.CharField(_("instansi"), max_length=150, blank=True)
    consent = models.BooleanField(_("bersedia namanya dicatat"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["activity_id", "name", "pk"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="participant_consented"),
        ]

    def __str__(self) -> str:
        return self.name


class OfficeFeed(models.Model):
    """The calendar subscription (ICS) of an office's planned activities: the token in its URL is
    the only key, so it can be replaced (rotate) if the link leaks."""

    office = models.OneToOneField(
        "regions.Office", on_delete=models.CASCADE, related_name="activity_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("umpan kalender kantor")
        verbose_name_plural = _("umpan kalender kantor")

    def __str__(self) -> str:
        return f"{self.office_id}"


from .participation_models import ActivityQuestion, ActivityQuizTake, ActivitySignIn  # noqa: E402, F401
