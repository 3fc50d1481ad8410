"""Writes of the literacy app (issue 14): guides, local notes, FAQ. Every service takes the
actor, checks its permission, writes one audit event and keeps the search index in step."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor, as_actor
from desabinaan.core.audit import Action, changes_between, record, snapshot
from desabinaan.core.refusals import Invalid, NotAllowed, NotFoundInScope
from desabinaan.regions.models import Office, OfficeKind

from .models import (
    Article,
    ArticleRevision,
    ArticleStatus,
    Audience,
    Faq,
    FaqSource,
    LocalNote,
    Topic,
)
from .rendering import content_problem
from .search import index_article, index_faq

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
