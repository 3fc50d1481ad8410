from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from desabinaan.core.api_schemas import Message
from desabinaan.core.pagination import Page

from .models import Level
from .selectors import region_get, region_search

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: Level
    parent_code: str | None = Field(None, validation_alias="parent_id")
    path: str
    is_kelurahan: bool
    postal_code: str


class RegionFilter(Schema):
    q: str = Field(
        "", max_length=100, description="Name (case- and accent-insensitive) or code prefix"
    )
    level: Level | None = Field(None, description="provinsi, kabupaten, kecamatan or desa")
    parent: str | None = Field(None, max_length=13, description="Code of the parent region")


@router.get("", response=list[RegionOut], auth=None)
@paginate(Page)
def list_regions(request, filters: Query[RegionFilter]):
    """Search the Kemendagri region tree. Public."""
    return region_search(q=filters.q, level=filters.level, parent=filters.parent)


@router.get("/{code}", response={200: RegionOut, 404: Message}, auth=None)
def get_region(request, code: str):
    region = region_get(code)
    if region is None:
        raise HttpError(404, _("No region has this code."))
    return region
