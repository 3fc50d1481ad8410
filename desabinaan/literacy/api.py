"""The literacy app's API router (/api/v1/literacy). This part: the guides and the search."""

import datetime as dt

from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from desabinaan.accounts.scope import actor_for
from desabinaan.core.api_schemas import Message, ValidationOut

from . import selectors
from .models import Audience, Topic
from .rendering import render_markdown
from .search import search

router = Router(tags=["literacy"])


class SearchHitOut(Schema):
    kind: str = Field(description="guide or faq")
    title: str = Field(description="HTML: escaped, matched words in <mark>")
    snippet: str = Field(description="HTML: escaped, matched words in <mark>")
    url: str
    score: float


class SearchOut(Schema):
    query: str
    corrected: dict[str, str] = Field(description="Word typed → indexed stem searched instead")
    unknown: list[str] = Field(description="Words found nowhere, even allowing a typo")
    results: list[SearchHitOut]


class SearchIn(Schema):
    # Said in the schema as the search checks it: 1–200 characters holding a letter or digit
    # (and, as everywhere, no control characters). Blank or wordless queries are refused (422).
    q: str = Field(
        ...,
        min_length=1,
        max_length=200,
        pattern=r"^[^\u0000-\u001f\u007f]*[A-Za-z0-9][^\u0000-\u001f\u007f]*$",
        description="Words to search for (1–200 characters, at least one letter or digit)",
    )


@router.get("/search", response={200: SearchOut, 422: ValidationOut}, auth=None)
def search_guides(request, filters: Query[SearchIn]):
    """Search the published guides and FAQ. Public. Indonesian affixes are understood
    ("perpanjangan" finds "diperpanjang"); one typo per word is forgiven; title matches rank
    first. An empty or too long query is refused (422)."""
    results = search(filters.q)
    return {
        "query": results.query,
        "corrected": results.corrected,
        "unknown": results.unknown,
        "results": [
            {
                "kind": h.kind,
                "title": str(h.title),
                "snippet": str(h.snippet),
                "url": h.url,
                "score": h.score,
            }
            for h in results.hits
        ],
    }


class GuideSummaryOut(Schema):
    slug: str
    title: str
    summary: str
    topic: Topic
    audience: Audience
    facts_checked_on: dt.date
    url: str


class GuideOut(GuideSummaryOut):
    body_markdown: str
    body_html: str
    regulation: str
    sources_markdown: str


class GuideFilter(Schema):
    topic: Topic | None = None
    audience: Audience | None = None


def _summary(article) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "topic": article.topic,
        "audience": article.audience,
        "facts_checked_on": article.facts_checked_on,
        "url": reverse("literacy:guide_detail", args=[article.slug]),
    }


@router.get("/guides", response=list[GuideSummaryOut], auth=None)
def list_guides(request, filters: Query[GuideFilter]):
    """The published guides (national content, public), by topic and title."""
    guides = selectors.published_guides(topic=filters.topic or "", audience=filters.audience or "")
    return [_summary(g) for g in guides]


@router.get("/guides/{slug}", response={200: GuideOut, 404: Message}, auth=None)
def get_guide(request, slug: str):
    """One published guide with its Markdown and its sanitised HTML."""
    article = selectors.guide_for(actor_for(request.user), slug[:80])
    return {
        **_summary(article),
        "body_markdown": article.body,
        "body_html": str(render_markdown(article.body)),
        "regulation": article.regulation,
        "sources_markdown": article.sources,
    }
