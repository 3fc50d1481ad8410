"""/api/v1/literacy: guides and search, and the job-offer checker (public; nothing about the
asker and nothing of the offer stored)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from desabinaan.accounts.scope import actor_for
from desabinaan.core.api_schemas import BodyIn, Message, ValidationOut

from . import redflags, selectors
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


class OfferCheckIn(BodyIn):
    # Lengths are checked by the checker itself, so that the message is its own (422 `text`).
    text: str = Field(description=f"The offer as pasted; 1 to {redflags.MAX_TEXT:,} characters")
    destination_country: str | None = Field(
        None, description="ISO 3166 alpha-2 code (e.g. `KH`) or the country's name"
    )
    agency_name: str | None = Field(
        None, description="The recruiting company as named in the offer (checked in the register)"
    )


class FindingOut(Schema):
    code: str
    title: str
    explanation: str
    evidence: str = Field(description="The offer's own words that raised the flag")


class OfferCheckOut(Schema):
    risk: Literal["rendah", "sedang", "tinggi"]
    findings: list[FindingOut]
    advice: str
    contacts: list[str]


@router.post(
    "/job-offer-check",
    auth=None,
    response={200: OfferCheckOut, 422: ValidationOut, 400: Message},
    summary="Check a job offer for the red flags of illegal recruitment and trafficking",
)
def job_offer_check(request, payload: OfferCheckIn):
    """Risk is the sum of the weights of the red flags found (pusat edits them): 4 or more is
    `tinggi`, 1–3 `sedang`, none `rendah`. Empty or over-long text and an unknown country are
    422 naming the field."""
    result = redflags.check_offer(
        text=payload.text,
        destination_country=payload.destination_country,
        agency_name=payload.agency_name,
        today=timezone.localdate(),
    )
    return result.as_json()
