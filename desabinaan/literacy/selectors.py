"""Reads of the literacy app. Guides, FAQ, quizzes, licensed agencies and red flags are national
reference data with no region: the public sees what is published, the directorate also drafts.
Local notes are picked by the visitor's village (the office whose jurisdiction holds it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz, process

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor
from desabinaan.regions.models import Level, OfficeKind, Region

from .models import (
    AgencyStatus,
    Article,
    ArticleStatus,
    Audience,
    Faq,
    LicensedAgency,
    LocalNote,
    Quiz,
    QuizChoice,
    QuizQuestion,
    Topic,
)

# The other literacy pages, linked from the landing and village pages once they exist
# (quizzes, the agency lookup and the job-offer checker are another part of issue 14).
OTHER_TOOLS = (
    ("literacy:quiz_list", gettext_lazy("Quizzes: test what you know")),
    ("literacy:agency_lookup", gettext_lazy("Is this placement agency licensed?")),
    ("literacy:check_offer", gettext_lazy("Check a job offer for red flags")),
)


def may_edit(actor: Actor) -> bool:
    return actor.has_role(Role.PUSAT, Role.ADMIN)


def tool_links() -> list[dict]:
    links = []
    for name, label in OTHER_TOOLS:
        try:
            links.append({"name": name, "url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return links


def published_guides(*, topic: str = "", audience: str = ""):
    qs = Article.objects.filter(status=ArticleStatus.PUBLISHED).only(
        "slug", "title", "summary", "topic", "audience", "facts_checked_on"
    )
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    if audience in Audience.values:
        qs = qs.filter(audience=audience)
    return qs.order_by("topic", "title")


def guides_by_topic(guides) -> list[dict]:
    groups: dict[str, list] = {}
    for guide in guides:
        groups.setdefault(guide.topic, []).append(guide)
    return [
        {"topic": value, "label": label, "guides": groups[value]}
        for value, label in Topic.choices
        if value in groups
    ]


def guide_for(actor: Actor, slug: str) -> Article:
    """A published guide, or a draft for those who write them; otherwise 404."""
    article = Article.objects.filter(slug=slug).first()
    if article is None or (not article.is_published and not may_edit(actor)):
        raise Http404
    return article


def visitor_desa(code: str | None) -> Region | None:
    if not code or len(code) > 13:
        return None
    return Region.objects.filter(code=code, level=Level.DESA).first()


def local_note_for(article: Article, desa: Region | None, actor: Actor) -> LocalNote | None:
    """The note of the Kanim whose jurisdiction holds the visitor's village; a Kanim officer
    also sees their own office's note wherever they come from."""
    notes = LocalNote.objects.filter(article=article).select_related("office")
    if desa is not None:
        note = (
            notes.filter(
                office__kind=OfficeKind.KANIM,
                office__jurisdiction__code__in=desa.ancestor_codes(),
            )
            .order_by("office__code")
            .first()
        )
        if note:
            return note
    if actor.has_role(Role.KANIM) and actor.user and actor.user.office_id:
        return notes.filter(office_id=actor.user.office_id).first()
    return None


def published_faq(*, topic: str = ""):
    qs = Faq.objects.filter(published=True)
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    return qs.order_by("topic", "question")


def quizzes_published():
    return Quiz.objects.filter(published=True)


def quiz_for_taking(slug: str) -> Quiz:
    """A published quiz with its questions and choices in three queries."""
    questions = QuizQuestion.objects.order_by("order").prefetch_related(
        Prefetch("choices", queryset=QuizChoice.objects.order_by("order"))
    )
    return get_object_or_404(
        Quiz.objects.filter(published=True).prefetch_related(
            Prefetch("questions", queryset=questions)
        ),
        slug=slug,
    )


# ------------------------------------------------------------------------------------------
# Licensed agencies (P3MI)

# Legal forms and filler words that say nothing about which company it is.
_FORMS = re.compile(r"\b(pt|cv|p3mi|pptkis|tbk|persero)\b\.?", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
# Whole names compared (token_sort_ratio: word order and a typo or two tolerated); a part of a
# name is not enough, so "Maju" never answers for "PT Maju Jaya Abadi".
MATCH_CUTOFF = 85


def name_key(name: str) -> str:
    name = _PUNCT.sub(" ", name or "")
    name = _FORMS.sub(" ", name)
    return " ".join(name.casefold().split())


@dataclass
class LookupAnswer:
    status: str  # terdaftar | tidak_berlaku | tidak_ditemukan
    message: str
    agency: LicensedAgency | None = None
    score: float = 0.0


def _answer_for(agency: LicensedAgency, today, score: float) -> LookupAnswer:
    valid = agency.status == AgencyStatus.AKTIF and (
        agency.valid_until is None or agency.valid_until >= today
    )
    if valid:
        until = date_format(agency.valid_until) if agency.valid_until else _("no end date")
        return LookupAnswer(
            "terdaftar",
            _("Registered, licence valid until %(date)s.") % {"date": until},
            agency,
            score,
        )
    return LookupAnswer(
        "tidak_berlaku",
        _("The licence is no longer valid. Do not register or pay through this company."),
        agency,
        score,
    )


def not_found_message() -> str:
    return _("Not found — ask the Disnaker or BP3MI before you pay anything.")


def agency_lookup(*, name: str, today) -> LookupAnswer:
    """The licensed agency a typed name most likely means (fuzzy, rapidfuzz), or a licence
    number typed exactly; answers in the resident's words."""
    typed = (name or "").strip()
    by_number = LicensedAgency.objects.filter(licence_number__iexact=typed).first()
    if by_number:
        return _answer_for(by_number, today, 100.0)
    key = name_key(typed)
    if not key:
        return LookupAnswer("tidak_ditemukan", not_found_message())
    names = dict(LicensedAgency.objects.values_list("pk", "name_key"))
    best = process.extractOne(key, names, scorer=fuzz.token_sort_ratio, score_cutoff=MATCH_CUTOFF)
    if best is None:
        return LookupAnswer("tidak_ditemukan", not_found_message())
    _key, score, pk = best
    # Several rows may share a name (an old revoked licence and a new one): prefer a valid one.
    same = list(LicensedAgency.objects.filter(name_key=names[pk]))
    answers = [_answer_for(a, today, score) for a in same]
    answers.sort(
        key=lambda a: (
            a.status != "terdaftar",
            -(a.agency.valid_until.toordinal() if a.agency.valid_until else 0),
        )
    )
    return answers[0]
