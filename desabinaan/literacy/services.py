"""Writes for the literacy pillar (issue 14). Every public service takes an actor, checks its
own permission and writes exactly one audit event.

Sections: quizzes, licensed agencies (P3MI), job-offer red flags. The guides/FAQ services are
kept in their own section."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor, as_actor
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.refusals import Invalid, NotAllowed

from .models import (
    AgencyStatus,
    LicensedAgency,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    RedFlag,
    RedFlagKind,
)
from .redflags import invalid_pattern
from .seed import quizzes as quiz_seed
from .seed import seed_quizzes, seed_red_flags
from .selectors import name_key

log = logging.getLogger(__name__)

# =============================================================================================
# Quizzes

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,43}$")


def new_quiz_token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def quiz_attempt_submit(
    *,
    actor: Actor,
    quiz: Quiz,
    answers: dict[int, int],
    token: str,
    outreach_activity_id: int | None = None,
) -> QuizAttempt:
    """Score and keep one anonymous attempt. `answers` maps question id → choice id; every
    question must be answered with one of its own choices. Nothing about the person is kept:
    only the phone's random token."""
    as_actor(actor)
    if not TOKEN_RE.match(token or ""):
        raise Invalid(_("The quiz could not be saved. Reload the page and try again."))
    questions = list(quiz.questions.prefetch_related("choices"))
    missing = [q for q in questions if q.pk not in answers]
    if missing:
        raise Invalid(
            _("Answer every question (%(n)s not answered yet).") % {"n": len(missing)},
            field=f"q{missing[0].pk}",
            code="unanswered",
        )
    rows = []
    for question in questions:
        chosen = next((c for c in question.choices.all() if c.pk == answers[question.pk]), None)
        if chosen is None:
            raise Invalid(
                _("Choose one of the answers shown."), field=f"q{question.pk}", code="choice"
            )
        rows.append((question, chosen))
    attempt = QuizAttempt.objects.create(
        quiz=quiz,
        token=token,
        score=sum(1 for _q, c in rows if c.is_correct),
        total=len(rows),
        submitted_at=timezone.now(),
        outreach_activity_id=outreach_activity_id,
    )
    QuizAnswer.objects.bulk_create(
        QuizAnswer(attempt=attempt, question=q, choice=c, is_correct=c.is_correct) for q, c in rows
    )
    record(
        actor=actor,
        action=Action.QUIZ_ATTEMPT,
        summary=f"Kuis {quiz.slug}: {attempt.score}/{attempt.total}",
        target=attempt,
    )
    return attempt


@transaction.atomic
def quizzes_load(*, actor: Actor, update: bool = False) -> int:
    """Seed the shipped quizzes (manage.py load_quizzes). Quizzes already present are left
    alone unless `update`; a quiz with attempts is never rewritten (its answers point at it)."""
    _require_system_or_pusat(actor)
    from .models import QuizChoice, QuizQuestion

    if (
        update
        and QuizAttempt.objects.filter(
            quiz__slug__in=[q["slug"] for q in quiz_seed.QUIZZES]
        ).exists()
    ):
        raise Invalid(_("These quizzes already have attempts: they cannot be rewritten."))
    written = seed_quizzes(Quiz, QuizQuestion, QuizChoice, update=update)
    record(actor=actor, action=Action.LOAD_QUIZZES, summary=f"{written} kuis dimuat")
    return written


def _require_system_or_pusat(actor: Actor) -> None:
    actor = as_actor(actor)
    if not (actor.is_system or actor.has_role(Role.PUSAT, Role.ADMIN)):
        raise NotAllowed(_("Only the directorate (pusat) changes this content."))


# =============================================================================================
# Licensed agencies (P3MI)

AGENCY_HEADER = [
    "nama",
    "nomor_izin",
    "berlaku_sampai",
    "alamat",
    "status",
    "sumber",
    "tanggal_daftar",
]


class ImportRefused(Invalid):
    """A bad line in an agency list: says the line number; nothing was saved."""


def _date(value: str, line: int, column: str, *, required: bool) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise ImportRefused(
                _("Line %(line)s: %(col)s is empty.") % {"line": line, "col": column}
            )
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImportRefused(
            _("Line %(line)s: %(col)s “%(value)s” is not a date like 2026-12-31.")
            % {"line": line, "col": column, "value": value[:20]}
        ) from None


def agency_rows(text: str) -> list[dict]:
    """Parse and check a whole list before anything is written. Line numbers count the header
    as line 1, as a spreadsheet shows them."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != AGENCY_HEADER:
        raise ImportRefused(
            _("Line 1: the header must be exactly: %(header)s")
            % {"header": ",".join(AGENCY_HEADER)}
        )
    rows, seen = [], {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(AGENCY_HEADER):
            raise ImportRefused(
                _("Line %(line)s: %(n)s columns, expected %(m)s.")
                % {"line": line, "n": len(cells), "m": len(AGENCY_HEADER)}
            )
        row = dict(zip(AGENCY_HEADER, (c.strip() for c in cells), strict=True))
        for column in ("nama", "nomor_izin", "sumber"):
            if not row[column]:
                raise ImportRefused(
                    _("Line %(line)s: %(col)s is empty.") % {"line": line, "col": column}
                )
        if len(row["nama"]) > 200 or len(row["nomor_izin"]) > 100 or len(row["sumber"]) > 200:
            raise ImportRefused(_("Line %(line)s: a value is too long.") % {"line": line})
        status = row["status"].lower()
        if status not in AgencyStatus.values:
            raise ImportRefused(
                _("Line %(line)s: status “%(value)s” must be aktif, dicabut or habis.")
                % {"line": line, "value": row["status"][:20]}
            )
        number = row["nomor_izin"]
        if number.upper() in seen:
            raise ImportRefused(
                _("Line %(line)s: licence number %(number)s already on line %(first)s.")
                % {"line": line, "number": number, "first": seen[number.upper()]}
            )
        seen[number.upper()] = line
        rows.append(
            {
                "name": row["nama"],
                "licence_number": number,
                "valid_until": _date(row["berlaku_sampai"], line, "berlaku_sampai", required=False),
                "address": row["alamat"],
                "status": status,
                "source": row["sumber"],
                "list_date": _date(row["tanggal_daftar"], line, "tanggal_daftar", required=True),
            }
        )
    return rows


@transaction.atomic
def agencies_import(*, actor: Actor, text: str) -> tuple[int, int]:
    """Upsert the licensed agencies of a CSV list by licence number (manage.py import_agencies).
    A bad line refuses the whole file (ImportRefused names the line): nothing is saved.
    Returns (created, updated)."""
    _require_system_or_pusat(actor)
    rows = agency_rows(text)
    existing = {a.licence_number.upper(): a for a in LicensedAgency.objects.all()}
    created = updated = 0
    for row in rows:
        agency = existing.get(row["licence_number"].upper())
        if agency is None:
            agency = LicensedAgency(**row)
            created += 1
        else:
            for key, value in row.items():
                setattr(agency, key, value)
            updated += 1
        agency.name_key = name_key(agency.name)
        agency.save()
    record(
        actor=actor,
        action=Action.AGENCIES_IMPORT,
        summary=f"Daftar P3MI: {created} baru, {updated} diperbarui",
    )
    return created, updated


# =============================================================================================
# Job-offer red flags

FLAG_FIELDS = ("title", "explanation", "patterns", "also_patterns", "weight", "active")
MAX_WEIGHT = 4


@transaction.atomic
def red_flags_load(*, actor: Actor, update: bool = False) -> int:
    """Seed the shipped red flags (manage.py load_red_flags); pusat's edits survive unless
    `update`."""
    _require_system_or_pusat(actor)
    written = seed_red_flags(RedFlag, update=update)
    record(actor=actor, action=Action.LOAD_RED_FLAGS, summary=f"{written} tanda bahaya dimuat")
    return written


@transaction.atomic
def red_flag_save(*, actor: Actor, flag: RedFlag, data: dict) -> RedFlag:
    """Change a red flag's words, patterns or weight (pusat)."""
    _require_system_or_pusat(actor)
    for name in ("patterns", "also_patterns"):
        if bad := invalid_pattern(data.get(name, "")):
            raise Invalid(
                _("This line is not a valid pattern: %(line)s") % {"line": bad[:80]}, field=name
            )
    if flag.kind == RedFlagKind.TEXT and not data.get("patterns", "").strip():
        raise Invalid(
            _("A flag on the offer's words needs at least one pattern."), field="patterns"
        )
    weight = data.get("weight")
    if not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
        raise Invalid(_("The weight must be from 1 to %(n)s.") % {"n": MAX_WEIGHT}, field="weight")
    before = snapshot(flag, FLAG_FIELDS)
    for name in FLAG_FIELDS:
        setattr(flag, name, data[name])
    flag.save()
    record(
        actor=actor,
        action=Action.RED_FLAG_CHANGE,
        summary=f"Tanda bahaya {flag.code} diubah",
        target=flag,
        changes=changes_between(before, snapshot(flag, FLAG_FIELDS)),
    )
    return flag
