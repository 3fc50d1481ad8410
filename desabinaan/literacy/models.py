"""Literacy, the knowledge pillar (issue 14): guides (`Article`, revisions, offices' local notes),
the FAQ and its search index; then quizzes, licensed placement agencies (P3MI) and the job-offer
checker's red flags."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desabinaan.regions.models import Office


class Topic(models.TextChoices):
    PASPOR = "paspor", _("Passports")
    VISA = "visa", _("Visas and stay permits")
    ORANG_ASING = "orang_asing", _("Foreigners in the village")
    BEKERJA = "bekerja", _("Working abroad")
    IBADAH = "ibadah", _("Umroh and Haji")
    TPPO_TPPM = "tppo_tppm", _("Trafficking and smuggling")
    PENGUNGSI = "pengungsi", _("Refugees")
    LAPOR = "lapor", _("Reporting")
    KEWARGANEGARAAN = "kewarganegaraan", _("Citizenship")


class Audience(models.TextChoices):
    WARGA = "warga", _("Residents")
    PELAJAR = "pelajar", _("Students")
    CALON_PMI = "calon_pmi", _("Future migrant workers")
    PERANGKAT_DESA = "perangkat_desa", _("Village officials")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    """A national guide written by `pusat`: Markdown, rendered through markdown + nh3."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("body (Markdown)"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    regulation = models.CharField(_("regulation"), max_length=255, blank=True)
    sources = models.TextField(
        _("sources (Markdown)"),
        blank=True,
        help_text=_("Where the facts come from; say plainly which facts are not yet confirmed."),
    )
    facts_checked_on = models.DateField(_("facts last checked on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("author (name)"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "title"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class ArticleRevision(models.Model):
    """One saved state of a guide: who changed which fields, when (the revision history)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=160)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    sources = models.TextField(blank=True)
    regulation = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=ArticleStatus.choices)
    changed_fields = models.JSONField(default=list)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_by_name = models.CharField(max_length=80)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="literacy_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} #{self.number}"


class LocalNote(models.Model):
    """What a Kantor Imigrasi adds to a national guide for its own area: where to go, when,
    which number to call. Shown to visitors coming from a village of its jurisdiction."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="local_notes")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(_("office address"), max_length=255)
    hours = models.CharField(_("opening hours"), max_length=160, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "office"], name="literacy_one_note_per_office"
            )
        ]

    def __str__(self) -> str:
        return f"{self.office_id}: {self.article_id}"


class FaqSource(models.TextChoices):
    PUSAT = "pusat", _("Written by the directorate")
    QUESTION = "pertanyaan", _("A resident's question")
    OUTREACH = "sosialisasi", _("An outreach session")


class Faq(models.Model):
    question = models.CharField(_("question"), max_length=255)
    answer = models.TextField(_("answer (Markdown)"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    published = models.BooleanField(_("published"), default=False)
    # Where the entry came from, generic so later work (residents' questions, outreach sessions)
    # can promote its records without a new foreign key here: "app_label.model:pk".
    source_kind = models.CharField(
        _("source"), max_length=20, choices=FaqSource.choices, default=FaqSource.PUSAT
    )
    source_ref = models.CharField(_("source record"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "question"]
        verbose_name = _("FAQ entry")

    def __str__(self) -> str:
        return self.question


class SearchEntry(models.Model):
    """One published guide or FAQ entry as the search sees it: its words reduced to stems
    (desabinaan.literacy.stemming), title apart from body so title matches rank higher.
    PostgreSQL indexes a generated tsvector over these columns; SQLite an FTS5 table kept in
    step by triggers (migration 0002)."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        FAQ = "faq", _("FAQ")

    kind = models.CharField(max_length=5, choices=Kind.choices)
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, null=True, related_name="search_entry"
    )
    faq = models.OneToOneField(
        Faq, on_delete=models.CASCADE, null=True, related_name="search_entry"
    )
    title_stems = models.TextField()
    body_stems = models.TextField()
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.kind}:{self.article_id or self.faq_id}"


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
