"""Building blocks every API router shares: bounded numbers, bodies that must be objects, and
the error shapes the root API documents on every operation (desabinaan/api.py)."""

from __future__ import annotations

from typing import Annotated

from ninja import Path, Query, Schema
from ninja.schema import DjangoGetter
from pydantic import ConfigDict, model_validator
from pydantic_core import PydanticCustomError

# A page beyond this is never a real request (50 a page: five million rows) and an unbounded
# one overflows the database's OFFSET (bigint) into a server error.
MAX_PAGE = 100_000
# Primary keys are 64-bit: a larger id cannot exist, so it is refused as invalid (422).
MAX_ID = 2**63 - 1

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Starts at 1")]
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]


class BodyIn(Schema):
    """Base of every JSON request body, validated strictly against its schema: it must be an
    object (ninja's Schema reads attributes from any value, so `false` would pass as an object
    with all defaults) and may carry only the documented fields (a misspelt field is refused,
    not silently dropped)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, data):
        # ninja's own validator (which runs first) wraps the value in a DjangoGetter.
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict):
            raise PydanticCustomError("object_type", "Input should be a JSON object")
        return data


class Message(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class ValidationOut(Schema):
    detail: str
    errors: list[FieldError]
