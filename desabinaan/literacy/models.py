"""Literacy (issue 14). This part: guides (`Article`, its revisions and the offices' local
notes), the FAQ and the search index over both. Quizzes, licensed agencies and the job-offer
checker live alongside (another part of the same issue)."""

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
