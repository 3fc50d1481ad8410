"""Writes of the literacy app (issue 14): guides, local notes and FAQ (keeping the search index in
step), then quizzes, licensed agencies and the job-offer red flags. Every service takes the actor,
checks its own permission and writes one audit event."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import secrets
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor, as_actor
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.refusals import Invalid, NotAllowed, NotFoundInScope
from desabinaan.regions.models import Office, OfficeKind

from .models import (
    AgencyStatus,
    Article,
    ArticleRevision,
    ArticleStatus,
    Audience,
    Faq,
    FaqSource,
    LicensedAgency,
    LocalNote,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    RedFlag,
    RedFlagKind,
    Topic,
)
from .redflags import invalid_pattern
from .rendering import content_problem
from .search import index_article, index_faq
from .seed import quizzes as quiz_seed
from .seed import seed_quizzes, seed_red_flags
from .selectors import name_key

ARTICLE_FIELDS = (
    "slug",
    "title",
    "summary",
    "body",
    "topic",
    "audience",
    "regulation",
    "sources",
    "facts_checked_on",
    "status",
)
NOTE_FIELDS = ("address", "hours", "phone", "note")
FAQ_FIELDS = ("question", "answer", "topic", "published", "source_kind", "source_ref")
GUIDES_DIR = Path(__file__).resolve().parent / "guides"


def _may_write_content(actor: Actor) -> bool:
    return actor.is_system or actor.has_role(Role.PUSAT, Role.ADMIN)


def _require_content_writer(actor: Actor) -> None:
    if not _may_write_content(actor):
        raise NotAllowed(_("Only the directorate (pusat) writes national guides and FAQ."))


def _check_markdown(data: dict, *fields: str) -> None:
    for name in fields:
        problem = content_problem(str(data.get(name) or ""))
        if problem:
            raise Invalid(problem, field=name, code="unsafe_content")


def _check_article(data: dict, article: Article | None) -> None:
    for name in ("slug", "title", "summary", "body", "topic", "audience", "facts_checked_on"):
        if not data.get(name):
            raise Invalid(_("This field is required."), field=name, code="required")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", data["slug"]) or len(data["slug"]) > 80:
        raise Invalid(
            _("Use lower-case letters, digits and hyphens only (e.g. membuat-paspor)."),
            field="slug",
        )
    clash = Article.objects.filter(slug=data["slug"])
    if article is not None:
        clash = clash.exclude(pk=article.pk)
    if clash.exists():
        raise Invalid(_("Another guide already uses this address."), field="slug", code="taken")
    if data["topic"] not in Topic.values:
        raise Invalid(_("Choose a topic from the list."), field="topic")
    if data["audience"] not in Audience.values:
        raise Invalid(_("Choose an audience from the list."), field="audience")
    if data.get("status", ArticleStatus.DRAFT) not in ArticleStatus.values:
        raise Invalid(_("Choose draft or published."), field="status")
    if not isinstance(data["facts_checked_on"], dt.date):
        raise Invalid(_("Enter a date."), field="facts_checked_on")
    if data["facts_checked_on"] > dt.date.today() + dt.timedelta(days=1):
        raise Invalid(_("The facts cannot be checked in the future."), field="facts_checked_on")
    for name, limit in (("title", 160), ("summary", 300), ("regulation", 255)):
        if len(str(data.get(name) or "")) > limit:
            raise Invalid(
                _("Too long: at most %(n)s characters.") % {"n": limit}, field=name, code="long"
            )
    _check_markdown(data, "body", "sources", "summary")


def _revise(article: Article, actor: Actor, changed: list[str]) -> ArticleRevision:
    last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        title=article.title,
        summary=article.summary,
        body=article.body,
        sources=article.sources,
        regulation=article.regulation,
        status=article.status,
        changed_fields=changed,
        changed_by=actor.user,
        changed_by_name=actor.label[:80],
    )


@transaction.atomic
def article_save(*, actor: Actor, data: dict, article: Article | None = None) -> Article:
    """Create a guide (article=None) or change one; every save is a numbered revision."""
    actor = as_actor(actor)
    _require_content_writer(actor)
    article, changes, creating = _article_write(actor, data, article)
    for long_field in ("body", "sources"):  # the revision keeps the text; the trail says "changed"
        if long_field in changes:
            changes[long_field] = ["…", "…"]
    record(
        actor=actor,
        action=Action.GUIDE_CREATE if creating else Action.GUIDE_CHANGE,
        summary=f"{'Panduan dibuat' if creating else 'Panduan diubah'}: {article.title}",
        target=article,
        changes=changes,
    )
    return article


def _article_write(actor: Actor, data: dict, article: Article | None):
    if article is not None:  # fields not given keep their stored value, not a stale copy's
        article = Article.objects.select_for_update().get(pk=article.pk)
    data = {k: data.get(k, getattr(article, k, None) if article else None) for k in ARTICLE_FIELDS}
    data["status"] = data.get("status") or ArticleStatus.DRAFT
    for name in ("slug", "title", "summary", "body", "regulation", "sources"):
        # As a form field gives it back: no whitespace around (a round trip changes nothing).
        data[name] = str(data.get(name) or "").strip()
    _check_article(data, article)
    if article is None:
        article = Article(author=actor.user, author_name=actor.label[:80])
        before: dict = {}
    else:
        before = snapshot(article, ARTICLE_FIELDS)
    for name, value in data.items():
        setattr(article, name, value)
    changes = changes_between(before, snapshot(article, ARTICLE_FIELDS))
    creating = article.pk is None
    if not creating and not changes:
        raise Invalid(_("Nothing was changed."), code="unchanged")
    article.save()
    _revise(article, actor, sorted(changes))
    index_article(article)
    return article, changes, creating


@transaction.atomic
def article_set_status(*, actor: Actor, article: Article, status: str) -> Article:
    """Publish a draft or take a guide back to draft (out of the list and the search)."""
    actor = as_actor(actor)
    _require_content_writer(actor)
    if status not in ArticleStatus.values:
        raise Invalid(_("Choose draft or published."), field="status")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status == status:
        raise Invalid(_("The guide already has this status."), field="status", code="unchanged")
    before = article.status
    article.status = status
    article.save(update_fields=["status", "updated_at"])
    _revise(article, actor, ["status"])
    index_article(article)
    record(
        actor=actor,
        action=Action.GUIDE_PUBLISH
        if status == ArticleStatus.PUBLISHED
        else Action.GUIDE_UNPUBLISH,
        summary=f"{article.get_status_display()}: {article.title}",
        target=article,
        changes={"status": [before, status]},
    )
    return article


def _note_office(actor: Actor, office: Office | None) -> Office:
    """The office a note is written for: a kanim's own office; pusat/admin name one."""
    if actor.has_role(Role.KANIM):
        own = actor.user.office if actor.user else None
        if own is None or own.kind != OfficeKind.KANIM:
            raise NotAllowed(_("Your account is not linked to an immigration office."))
        if office is not None and office.pk != own.pk:
            raise NotFoundInScope()
        return own
    if actor.is_system or actor.has_role(Role.PUSAT, Role.ADMIN):
        if office is None or office.kind != OfficeKind.KANIM:
            raise Invalid(_("Choose an immigration office (Kanim)."), field="office")
        return office
    raise NotAllowed(_("Only an immigration office adds a local note to a guide."))


@transaction.atomic
def local_note_save(
    *, actor: Actor, article: Article, data: dict, office: Office | None = None
) -> LocalNote:
    """A Kanim's note on a guide: its address, hours and phone, shown to visitors from the
    villages of its jurisdiction. One note per office and guide; saving again changes it."""
    actor = as_actor(actor)
    office = _note_office(actor, office)
    data = {k: str(data.get(k) or "").strip() for k in NOTE_FIELDS}
    if not data["address"]:
        raise Invalid(_("Give the office's address."), field="address", code="required")
    for name, limit in (("address", 255), ("hours", 160), ("phone", 40), ("note", 1000)):
        if len(data[name]) > limit:
            raise Invalid(_("Too long: at most %(n)s characters.") % {"n": limit}, field=name)
    if data["phone"] and not re.fullmatch(r"[0-9+()\- ]{5,40}", data["phone"]):
        raise Invalid(_("Digits, spaces, +, - and brackets only."), field="phone")
    _check_markdown(data, "note")
    note = LocalNote.objects.select_for_update().filter(article=article, office=office).first()
    before = snapshot(note, NOTE_FIELDS) if note else {}
    if note is None:
        note = LocalNote(article=article, office=office)
    for name, value in data.items():
        setattr(note, name, value)
    note.updated_by = actor.user
    note.save()
    record(
        actor=actor,
        action=Action.GUIDE_LOCAL_NOTE,
        summary=f"Catatan {office.name} pada panduan: {article.title}",
        target=note,
        changes=changes_between(before, snapshot(note, NOTE_FIELDS)),
    )
    return note


def _check_faq(data: dict) -> None:
    if not str(data.get("question") or "").strip():
        raise Invalid(_("Write the question."), field="question", code="required")
    if len(data["question"]) > 255:
        raise Invalid(_("Too long: at most %(n)s characters.") % {"n": 255}, field="question")
    if not str(data.get("answer") or "").strip():
        raise Invalid(_("Write the answer."), field="answer", code="required")
    if data.get("topic") not in Topic.values:
        raise Invalid(_("Choose a topic from the list."), field="topic")
    if data.get("source_kind") not in FaqSource.values:
        raise Invalid(_("Choose where the entry came from."), field="source_kind")
    if len(data.get("source_ref") or "") > 80:
        raise Invalid(_("Too long: at most %(n)s characters.") % {"n": 80}, field="source_ref")
    _check_markdown(data, "answer")


@transaction.atomic
def faq_save(*, actor: Actor, data: dict, faq: Faq | None = None) -> Faq:
    actor = as_actor(actor)
    _require_content_writer(actor)
    faq, changes, creating = _faq_write(actor, data, faq)
    record(
        actor=actor,
        action=Action.FAQ_CREATE if creating else Action.FAQ_CHANGE,
        summary=f"Tanya jawab {'dibuat' if creating else 'diubah'}: {faq.question}"[:255],
        target=faq,
        changes=changes,
    )
    return faq


def _faq_write(actor: Actor, data: dict, faq: Faq | None):
    if faq is not None:
        faq = Faq.objects.select_for_update().get(pk=faq.pk)
    data = {k: data.get(k, getattr(faq, k, None) if faq else None) for k in FAQ_FIELDS}
    data["published"] = bool(data.get("published"))
    for name in ("question", "answer", "source_ref"):
        data[name] = str(data.get(name) or "").strip()
    data["source_kind"] = data.get("source_kind") or FaqSource.PUSAT
    data["source_ref"] = data.get("source_ref") or ""
    _check_faq(data)
    before = snapshot(faq, FAQ_FIELDS) if faq else {}
    creating = faq is None
    faq = faq or Faq(created_by=actor.user)
    for name, value in data.items():
        setattr(faq, name, value)
    changes = changes_between(before, snapshot(faq, FAQ_FIELDS))
    if not creating and not changes:
        raise Invalid(_("Nothing was changed."), code="unchanged")
    faq.save()
    index_faq(faq)
    return faq, changes, creating


# --- shipped content -------------------------------------------------------------------------


def parse_guide_file(path: Path) -> dict:
    """A guide file: a header of `key: value` lines, a line `---`, then the Markdown body.
    The header's `sources:` value may continue on following lines starting with "- "."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise Invalid(f"{path.name}: no '---' line between the header and the body")
    data: dict = {"slug": path.stem, "body": body.strip()}
    key = None
    for number, line in enumerate(head.splitlines(), start=1):
        if line.startswith("- ") and key == "sources":
            data["sources"] += line + "\n"
        elif ":" in line:
            key, value = (p.strip() for p in line.split(":", 1))
            data[key] = value + ("\n" if key == "sources" and value == "" else "")
        elif line.strip():
            raise Invalid(f"{path.name}, baris {number}: bukan 'kunci: nilai'")
    try:
        data["facts_checked_on"] = dt.date.fromisoformat(data.get("facts_checked_on", ""))
    except ValueError as exc:
        raise Invalid(f"{path.name}: facts_checked_on bukan tanggal ISO") from exc
    data["sources"] = data.get("sources", "").strip()
    data.setdefault("status", ArticleStatus.PUBLISHED)
    return {k: data.get(k, "") for k in ARTICLE_FIELDS} | {"faq": data.get("faq", "")}


@transaction.atomic
def guides_load(*, actor: Actor, directory: Path = GUIDES_DIR) -> dict:
    """Load the shipped guides (Markdown files) and FAQ: new ones created, changed ones saved
    as a new revision, unchanged ones left alone. Idempotent; one audit event for the run."""
    actor = as_actor(actor)
    _require_content_writer(actor)
    counts = {"created": 0, "changed": 0, "unchanged": 0, "faq": 0}
    files = sorted(directory.glob("*.md"))
    if not files:
        raise Invalid(_("No guide files found."), code="empty")
    for path in files:
        data = parse_guide_file(path)
        data.pop("faq")
        if not data["slug"] == slugify(data["slug"]):
            raise Invalid(f"{path.name}: nama berkas bukan slug")
        existing = Article.objects.filter(slug=data["slug"]).first()
        if existing and snapshot(existing, ARTICLE_FIELDS) == data:
            counts["unchanged"] += 1
            continue
        _article_write(actor, data, existing)
        counts["changed" if existing else "created"] += 1
    faq_file = directory / "faq.txt"
    if faq_file.exists():
        counts["faq"] = _faq_load(actor, faq_file)
    record(
        actor=actor,
        action=Action.LOAD_GUIDES,
        summary=(
            f"Panduan dimuat: {counts['created']} baru, {counts['changed']} diubah, "
            f"{counts['unchanged']} tetap; {counts['faq']} tanya jawab baru"
        ),
    )
    return counts


def _faq_load(actor: Actor, path: Path) -> int:
    """faq.txt: blocks separated by blank lines; `T: topic`, `Q: question`, then the answer."""
    created = 0
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.strip().splitlines()
        topic = lines[0].removeprefix("T:").strip()
        question = lines[1].removeprefix("Q:").strip()
        answer = "\n".join(lines[2:]).strip()
        if Faq.objects.filter(question=question).exists():
            continue
        _faq_write(
            actor, {"question": question, "answer": answer, "topic": topic, "published": True}, None
        )
        created += 1
    return created


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
