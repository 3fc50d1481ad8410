"""Reads for the literacy pillar. Quizzes, licensed agencies and red flags are public reference
data with no region: nothing here is scoped to an area."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from .models import AgencyStatus, LicensedAgency, Quiz, QuizChoice, QuizQuestion

# ------------------------------------------------------------------------------------------
# Quizzes


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
