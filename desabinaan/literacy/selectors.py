"""Reads of guides and FAQ. Guides are national content (no region): the public sees the
published ones; the directorate also sees drafts. Local notes are picked by the visitor's
village (the office whose jurisdiction holds it)."""

from __future__ import annotations

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor
from desabinaan.regions.models import Level, OfficeKind, Region

from .models import Article, ArticleStatus, Audience, Faq, LocalNote, Topic

# The other literacy pages, linked from the landing and village pages once they exist
# (quizzes, the agency lookup and the job-offer checker are another part of issue 14).
OTHER_TOOLS = (
    ("literacy:quiz_list", _("Quizzes: test what you know")),
    ("literacy:agency_lookup", _("Is this placement agency licensed?")),
    ("literacy:check_offer", _("Check a job offer for red flags")),
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
