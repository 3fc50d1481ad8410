import math

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from desabinaan.core.api_schemas import Message

from .models import Level
from .selectors import region_get, region_search

router = Router(tags=["regions"])
PAGE_SIZE = 50


class RegionOut(Schema):
    code: str
    name: str
    level: Level
    parent_code: str | None = Field(None, validation_alias="parent_id")
    path: str
    is_kelurahan: bool
    postal_code: str


class RegionPage(Schema):
    count: int
    page: int
    pages: int
    items: list[RegionOut]


class RegionFilter(Schema):
    q: str = Field(
        "", max_length=100, description="Name (case- and accent-insensitive) or code prefix"
    )
    level: Level | None = Field(None, description="provinsi, kabupaten, kecamatan or desa")
    parent: str | None = Field(None, max_length=13, description="Code of the parent region")
    page: int = Field(1, ge=1, le=10_000)


@router.get("", response=RegionPage, auth=None)
def list_regions(request, filters: Query[RegionFilter]):
    """Search the Kemendagri region tree. Public."""
    qs = region_search(q=filters.q, level=filters.level, parent=filters.parent)
    count = qs.count()
    start = (filters.page - 1) * PAGE_SIZE
    return {
        "count": count,
        "page": filters.page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
        "items": list(qs[start : start + PAGE_SIZE]),
    }


@router.get("/{code}", response={200: RegionOut, 404: Message}, auth=None)
def get_region(request, code: str):
    region = region_get(code)
    if region is None:
        raise HttpError(404, _("No region has this code."))
    return region
