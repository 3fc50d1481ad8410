"""The one paginator of the API (ninja's pagination, in the shape the API has always answered):
`?page=N` (from 1) and `{"count", "page", "pages", "items"}`, 50 items a page.

ninja's own PageNumberPagination answers `{"items", "count"}` and takes `page_size`; the
clients read `page` (and `pages` on the region search), so this subclass of its base keeps that
shape for every list endpoint:

    @router.get("/things", response={200: list[ThingOut], 401: Message})
    @paginate(Page)
    def thing_list(request):
        return Shaped(selectors.things_for(request.user), _thing_out)

An endpoint returns a queryset, or `Shaped(queryset, shape)` when each item must be shaped for
the caller (masking, per-user fields) after the page is cut."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

from .api_schemas import MAX_PAGE

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Shaped:
    """A queryset whose items are passed through `shape` once the page is cut."""

    items: Any
    shape: Callable[[Any], Any]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Starts at 1")


class Page(PaginationBase):
    Input = PageQuery

    class Output(Schema):
        count: int
        page: int
        pages: int
        items: list[Any]

    items_attribute = "items"

    def __init__(self, *, page_size: int = PAGE_SIZE, **kwargs: Any) -> None:
        self.page_size = page_size
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination: PageQuery, request, **params) -> dict:
        shape = None
        if isinstance(queryset, Shaped):
            queryset, shape = queryset.items, queryset.shape
        count = self._items_count(queryset)
        start = (pagination.page - 1) * self.page_size
        items = list(queryset[start : start + self.page_size])
        return {
            "count": count,
            "page": pagination.page,
            "pages": max(1, math.ceil(count / self.page_size)),
            "items": [shape(item) for item in items] if shape else items,
        }
