"""The participant side of an activity (issue 16): the sign-in a resident fills in on their own
phone through the activity's QR link, the before/after quiz attempts of that phone, and the
questions residents asked with the answers given.

A phone is known only by a random device token kept in a cookie on it: nothing here ties a
sign-in or a quiz attempt to an account, an address or a user agent. The before and after
attempts of one phone are paired through that token, never through a name.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInSex(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class SignInAge(models.TextChoices):
    # The same groups as the officer-entered Attendance counts, so both sit side by side.
    UNDER_18 = "under_18", _("Di bawah 18 tahun")
    AGE_18_30 = "age_18_30", _("18–30 tahun")
    AGE_31_59 = "age_31_59", _("31–59 tahun")
    AGE_60_PLUS = "age_60_plus", _("60 tahun ke atas")


class QuizPhase(models.TextChoices):
    SEBELUM = "sebelum", _("Kuis sebelum")
    SESUDAH = "sesudah", _("Kuis sesudah")


class ActivitySignIn(models.Model):
    """One phone's sign-in to an activity. The name is optional; a second sign-in from the same
    phone corrects the first (one row per phone and activity)."""

    activity = models.ForeignKey(
        "outreach.Activity", on_delete=models.CASCADE, related_name="sign_ins"
    )
    device_token = models.CharField(max_length=43)
    name = models.CharField(_("nama"), max_length=120, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=SignInSex.choices)
    age_group = models.CharField(_("kelompok umur"), max_length=12, choices=SignInAge.choices)
    # Null: the participant lives in a desa outside the list offered (another kecamatan).
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("desa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_column="village_code",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity_id", "created_at", "pk"]
        verbose_name = _("daftar hadir peserta")
        verbose_name_plural = _("daftar hadir peserta")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "device_token"], name="outreach_sign_in_once_per_phone"
            ),
            models.CheckConstraint(
                condition=Q(sex__in=SignInSex.values), name="outreach_sign_in_sex_known"
            ),
            models.CheckConstraint(
                condition=Q(age_group__in=SignInAge.values), name="outreach_sign_in_age_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.sex}/{self.age_group}"


class ActivityQuizTake(models.Model):
    """Which phase a literacy QuizAttempt was for. One before and one after per phone: the
    database refuses a second attempt of the same phase (the service says why first)."""

    activity = models.ForeignKey(
        "outreach.Activity", on_delete=models.CASCADE, related_name="quiz_takes"
    )
    attempt = models.OneToOneField(
        "literacy.QuizAttempt", on_delete=models.CASCADE, related_name="outreach_take"
    )
    phase = models.CharField(_("tahap"), max_length=7, choices=QuizPhase.choices)
    device_token = models.CharField(max_length=43)
    # Copied from the attempt so the pairing reads one table.
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["activity_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "phase", "device_token"],
                name="outreach_quiz_once_per_phase_and_phone",
            ),
            models.CheckConstraint(
                condition=Q(phase__in=QuizPhase.values), name="outreach_quiz_phase_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.phase}: {self.score}/{self.total}"


class ActivityQuestion(models.Model):
    """A question a resident asked during the activity and the answer given. A good pair is
    promoted to the literacy FAQ (unpublished, for the directorate to review); the FAQ entry
    keeps the activity as its source and this row keeps the entry."""

    activity = models.ForeignKey(
        "outreach.Activity", on_delete=models.CASCADE, related_name="questions"
    )
    question = models.CharField(_("pertanyaan"), max_length=255)
    answer = models.TextField(_("jawaban"), max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    promoted_faq = models.ForeignKey(
        "literacy.Faq",
        verbose_name=_("entri FAQ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity_id", "created_at", "pk"]
        verbose_name = _("tanya jawab kegiatan")
        verbose_name_plural = _("tanya jawab kegiatan")

    def __str__(self) -> str:
        return self.question[:60]
