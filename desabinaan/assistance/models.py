"""The services pillar (issue 15): residents' questions to the PIMPASA (Tanya PIMPASA) and
collective passport service days at the Imigrasi Corner.

Anonymity is a property of the schema, as for reports: a Question has no column for an address,
a user agent or a name; its only personal datum is `contact`, when the asker chose to give it.
A sign-up holds a name, a phone and optionally a NIK until `signups_purge` deletes them a set
number of days after the event; the counts the monthly report needs are kept in ServiceTally.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    # Slugs are a public API contract (POST /api/v1/questions): never rename them.
    PASPOR = "paspor", _("Passport")
    KERJA_LUAR_NEGERI = "kerja_luar_negeri", _("Working abroad")
    UMROH_HAJI = "umroh_haji", _("Umroh and Haji")
    ORANG_ASING = "orang_asing", _("Foreigners in the village")
    VISA = "visa", _("Visas and stay permits")
    LAINNYA = "lainnya", _("Something else")


class QuestionStatus(models.TextChoices):
    MENUNGGU = "menunggu", _("Waiting for an answer")
    DIJAWAB = "dijawab", _("Answered")
    DIALIHKAN = "dialihkan", _("Turned into a report")


class QuestionRoute(models.TextChoices):
    PIMPASA_DESA = "pimpasa_desa", _("PIMPASA of the village")
    PIMPASA_KECAMATAN = "pimpasa_kecamatan", _("PIMPASA of the district")
    KANIM = "kanim", _("Immigration office")
    UNROUTED = "none", _("No office found")


class Question(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    text = models.TextField(_("question"))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="questions",
        db_column="region_code",
    )
    # Only when the asker wants a personal answer; shown only to the officers who answer.
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionStatus.choices,
        default=QuestionStatus.MENUNGGU,
        db_index=True,
    )
    routed_via = models.CharField(_("routed to"), max_length=20, choices=QuestionRoute.choices)
    office = models.ForeignKey(
        "regions.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    answer_public = models.BooleanField(_("answer is public"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Conversion into a report (lapor): the asker's code page names the report's tracking code.
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # "app_label.model:pk" of the FAQ entry made from the answer (literacy), once promoted.
    faq_ref = models.CharField(max_length=60, blank=True)
    reminded_pimpasa_at = models.DateTimeField(null=True, blank=True)
    reminded_kanim_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["region", "status"], name="question_region_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__in=Topic.values), name="question_topic_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=QuestionStatus.values), name="question_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def waiting(self):
        """How long the question has waited (until answered)."""
        end = self.answered_at or timezone.now()
        return end - self.created_at


class Service(models.TextChoices):
    BARU = "baru", _("New passport")
    PENGGANTIAN = "penggantian", _("Replacement passport")


class AgeGroup(models.TextChoices):
    ANAK = "anak", _("Child (under 17)")
    DEWASA = "dewasa", _("Adult (17–59)")
    LANSIA = "lansia", _("Elderly (60 and over)")


class Sex(models.TextChoices):
    L = "L", _("Male")
    P = "P", _("Female")


class DocumentRequirement(models.Model):
    """A document to bring to a service day: reference data each Kanim keeps for its own
    service days (the offices ask differently), shown as the checklist of a sign-up."""

    class Applies(models.TextChoices):
        ALL = "semua", _("Everyone")
        BARU = "baru", _("New passport only")
        PENGGANTIAN = "penggantian", _("Replacement only")
        ANAK = "anak", _("Children only")
        DEWASA = "dewasa", _("Adults only (17 and over)")

    office = models.ForeignKey(
        "regions.Office", on_delete=models.CASCADE, related_name="passport_documents"
    )
    name = models.CharField(_("document"), max_length=150)
    note = models.CharField(_("note"), max_length=255, blank=True)
    applies_to = models.CharField(
        _("applies to"), max_length=12, choices=Applies.choices, default=Applies.ALL
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["office_id", "position", "pk"]
        verbose_name = _("document to bring")
        verbose_name_plural = _("documents to bring")

    def __str__(self) -> str:
        return self.name

    def applies(self, *, service: str, age_group: str) -> bool:
        a = self.applies_to
        return (
            a == self.Applies.ALL
            or a == service
            or (a == self.Applies.ANAK and age_group == AgeGroup.ANAK)
            or (a == self.Applies.DEWASA and age_group != AgeGroup.ANAK)
        )


class DayStatus(models.TextChoices):
    DRAFT = "draf", _("Draft")
    PUBLISHED = "terbit", _("Published")
    CANCELLED = "batal", _("Cancelled")


class ServiceDay(models.Model):
    """A collective passport service day (layanan paspor kolektif) at a corner."""

    office = models.ForeignKey(
        "regions.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="service_days",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="service_days",
        db_column="region_code",
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    place = models.CharField(_("place"), max_length=200)
    quota = models.PositiveIntegerField(_("quota"))
    offers_new = models.BooleanField(_("new passports"), default=True)
    offers_replacement = models.BooleanField(_("replacement passports"), default=True)
    serves_children = models.BooleanField(_("children served"), default=True)
    notes = models.TextField(_("notes for residents"), blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=DayStatus.choices, default=DayStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When signups_purge deleted the sign-ups (their counts are in ServiceTally).
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("passport service day")
        verbose_name_plural = _("passport service days")
        constraints = [
            models.CheckConstraint(condition=Q(quota__gte=1), name="service_day_quota_positive"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="service_day_times_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.date}"

    @property
    def services(self) -> list[str]:
        out = []
        if self.offers_new:
            out.append(Service.BARU)
        if self.offers_replacement:
            out.append(Service.PENGGANTIAN)
        return out

    @property
    def services_label(self) -> str:
        return ", ".join(str(Service(s).label) for s in self.services)


class SignUpStatus(models.TextChoices):
    TERDAFTAR = "terdaftar", _("Signed up")
    MENUNGGU = "menunggu", _("On the waiting list")
    BATAL = "batal", _("Cancelled")
    HADIR = "hadir", _("Present")
    DILAYANI = "dilayani", _("Served")
    DIJADWALKAN_ULANG = "ulang", _("Rescheduled")


# Who holds a place within the quota (the waiting list and cancelled ones do not).
HOLDING_PLACE = (
    SignUpStatus.TERDAFTAR,
    SignUpStatus.HADIR,
    SignUpStatus.DILAYANI,
    SignUpStatus.DIJADWALKAN_ULANG,
)
ATTENDANCE_OUTCOMES = (
    SignUpStatus.HADIR,
    SignUpStatus.DILAYANI,
    SignUpStatus.DIJADWALKAN_ULANG,
)


class SignUp(models.Model):
    day = models.ForeignKey(ServiceDay, on_delete=models.CASCADE, related_name="signups")
    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20)  # E.164
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    service = models.CharField(_("service"), max_length=12, choices=Service.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SignUpStatus.choices, db_index=True
    )
    # The place in the day's queue (1..quota); empty while on the waiting list.
    queue_number = models.PositiveIntegerField(_("queue number"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day_id", "queue_number", "created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "queue_number"], name="one_sign_up_per_queue_number"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ServiceTally(models.Model):
    """Counts of a past service day, kept after its sign-ups are deleted (the monthly report)."""

    day = models.ForeignKey(ServiceDay, on_delete=models.CASCADE, related_name="tallies")
    service = models.CharField(max_length=12, choices=Service.choices)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices)
    outcome = models.CharField(max_length=10, choices=SignUpStatus.choices)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("service day count")
        verbose_name_plural = _("service day counts")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "service", "sex", "age_group", "outcome"], name="one_tally_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day_id} {self.service} {self.sex} {self.age_group} {self.outcome}"
