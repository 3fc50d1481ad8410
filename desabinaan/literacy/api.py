"""/api/v1/literacy: the job-offer checker (issue 14). Public, nothing about the asker and
nothing of the offer stored."""

from __future__ import annotations

from typing import Literal

from django.utils import timezone
from ninja import Field, Router, Schema

from desabinaan.core.api_schemas import BodyIn, Message, ValidationOut

from . import redflags

router = Router(tags=["literacy"])


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
