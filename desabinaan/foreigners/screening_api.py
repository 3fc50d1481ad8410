"""`POST /api/v1/screening/check` (issue 18): an officer checks one person against the
watch-list. Refusals come from the service (403 for a role that may not check, 422 for bad
input); the shape of every error is the API's (desabinaan/api.py)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from desabinaan.accounts.auth import api_auth
from desabinaan.accounts.scope import actor_for
from desabinaan.core.api_schemas import BodyIn, Message, ValidationOut

from .screening_services import screening_check

router = Router(tags=["screening"], auth=api_auth)


class CheckIn(BodyIn):
    name: str = Field(..., min_length=1, max_length=200)
    date_of_birth: dt.date | None = Field(None, description="YYYY-MM-DD")
    nationality: str | None = Field(
        None, min_length=2, max_length=2, description="ISO 3166 alpha-2"
    )
    passport_no: str | None = Field(None, max_length=20)


class CandidateOut(Schema):
    entry_id: int
    name: str
    score: float = Field(..., description="0 to 1")
    hit: bool = Field(..., description="The score passes the threshold setting")
    explanation: str


class CheckOut(Schema):
    candidates: list[CandidateOut]


@router.post("/check", response={200: CheckOut, 401: Message, 403: Message, 422: ValidationOut})
def check(request, payload: CheckIn):
    """The watch-list entries closest to this person, best first, at most 10. Officers only.
    Each check is written to the screening log (who, when and a keyed hash of the query)."""
    return {
        "candidates": screening_check(
            actor=actor_for(request.user),
            name=payload.name,
            date_of_birth=payload.date_of_birth,
            nationality=payload.nationality or "",
            passport_no=payload.passport_no or "",
        )
    }
