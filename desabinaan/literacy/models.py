from django.db import models
from django.utils.translation import gettext_lazy as _

# =============================================================================================
# Quizzes, licensed placement agencies (P3MI) and the job-offer checker's red flags
# (issue 14, parts "Quizzes", "Licensed agencies" and "Job-offer checker").
# Guides/FAQ models live above this section; keep this block at the end of the file.
# =============================================================================================


class Quiz(models.Model):
    """A short multiple-choice quiz for residents. Shipped quizzes are seeded (load_quizzes)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    topic = models.CharField(_("topic"), max_length=40, blank=True)
    published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("order", "title")
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("question"))
    # Shown after answering, whichever answer was chosen: why the right answer is right.
    explanation = models.TextField(_("explanation"))

    class Meta:
        ordering = ("quiz", "order")
        constraints = [
            models.UniqueConstraint(fields=("quiz", "order"), name="literacy_question_order"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ("question", "order")

    def __str__(self) -> str:
        return self.text[:60]


class QuizAttempt(models.Model):
    """One anonymous attempt: no account, no address, no user agent. `token` is a random value
    the phone keeps in a cookie, so a later outreach feature can pair a before and an after
    attempt of the same phone without knowing who holds it."""

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    token = models.CharField(max_length=43, db_index=True)
    score = models.PositiveSmallIntegerField(_("score"))
    total = models.PositiveSmallIntegerField(_("questions"))
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    # Link point for an outreach activity (issue: "a nullable link point, not a model").
    outreach_activity_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_at",)

    def __str__(self) -> str:
        return f"{self.quiz_id}: {self.score}/{self.total}"


class QuizAnswer(models.Model):
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(QuizQuestion, on_delete=models.PROTECT, related_name="+")
    choice = models.ForeignKey(QuizChoice, on_delete=models.PROTECT, related_name="+")
    is_correct = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("attempt", "question"), name="literacy_one_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"


class AgencyStatus(models.TextChoices):
    AKTIF = "aktif", _("Active")
    DICABUT = "dicabut", _("Revoked")
    HABIS = "habis", _("Expired")


class LicensedAgency(models.Model):
    """A licensed placement company (P3MI) from the official list (import_agencies)."""

    name = models.CharField(_("name"), max_length=200)
    # Lower-case name without legal form and punctuation: what the fuzzy lookup compares.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    licence_number = models.CharField(_("licence (SIP3MI) number"), max_length=100, unique=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    address = models.TextField(_("address"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AgencyStatus.choices)
    source = models.CharField(_("source"), max_length=200)
    list_date = models.DateField(_("date of the list"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("licensed agency (P3MI)")
        verbose_name_plural = _("licensed agencies (P3MI)")

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_number})"


class RedFlagKind(models.TextChoices):
    TEXT = "text", _("Words in the offer")
    AGENCY_REGISTER = "agency_register", _("Agency missing from the licensed register")


class RedFlag(models.Model):
    """One warning sign of illegal recruitment or trafficking, as data pusat edits.

    A `text` flag fires when one of `patterns` matches the offer and, if `also_patterns` is
    filled, one of those matches too (e.g. a scam-compound job AND a scam-compound place).
    Patterns are Python regular expressions, one per line, matched without regard to case.
    An `agency_register` flag fires when the asker names an agency that the register does not
    hold with a valid licence."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=RedFlagKind.choices, default=RedFlagKind.TEXT
    )
    title = models.CharField(_("title"), max_length=200)
    explanation = models.TextField(_("explanation"))
    patterns = models.TextField(_("patterns"), blank=True)
    also_patterns = models.TextField(_("also required patterns"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("order", "code")
        verbose_name = _("red flag")
        verbose_name_plural = _("red flags")

    def __str__(self) -> str:
        return self.code
