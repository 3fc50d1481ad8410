"""Read queries on regions and offices. Regions are public reference data: no scope applies.
People and reports hanging from them are scoped by accounts/scope.py."""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import Level, Office, OfficeKind, Region
from .text import fold

_CODE = re.compile(r"^\d{1,2}(\.\d{1,4}){0,3}\.?$")


def region_search(
    *, q: str = "", level: str | None = None, parent: str | None = None
) -> QuerySet[Region]:
    """Regions whose name (case- and accent-insensitive) or code matches `q`, best matches first:
    exact name, then names starting with it, then names containing it."""
    qs = Region.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(code__startswith=parent.rstrip(".") + ".")
    q = q.strip()
    if not q:
        return qs.order_by("code")
    if _CODE.match(q):
        return qs.filter(code__startswith=q).order_by("code")
    folded = fold(q)
    return (
        qs.filter(name_folded__contains=folded)
        .annotate(
            rank=Case(
                When(name_folded=folded, then=Value(0)),
                When(name_folded__startswith=folded, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "name", "code")
    )


def region_resolve(*, q: str, level: str) -> tuple[Region | None, list[Region]]:
    """What a typed place name means: (the region, its first matches). One match, or one place
    whose name is exactly the text ('Mandurian', not 'Mandurian Hilir'), resolves; otherwise the
    region is None and the caller shows the matches to choose from."""
    matches = list(region_search(q=q, level=level)[:2])
    if len(matches) == 1:
        return matches[0], matches
    folded = fold(q)
    if matches and matches[0].name_folded == folded and matches[1].name_folded != folded:
        return matches[0], matches
    return None, matches


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_children(parent_code: str | None) -> QuerySet[Region]:
    if not parent_code:
        return Region.objects.filter(level=Level.PROVINSI).order_by("name")
    return Region.objects.filter(parent_id=parent_code).order_by("name")


def offices_for_region(region: Region) -> QuerySet[Office]:
    """The offices whose jurisdiction holds the region (its kabupaten/kota or province)."""
    return (
        Office.objects.filter(jurisdiction__code__in=region.ancestor_codes())
        .exclude(kind=OfficeKind.RUDENIM)
        .distinct()
        .order_by("kind", "name")
    )


def office_covers(office: Office, code: str) -> bool:
    """Whether a region lies inside the office's jurisdiction."""
    parts = code.split(".")
    ancestors = [".".join(parts[: i + 1]) for i in range(len(parts))]
    return office.jurisdiction.filter(code__in=ancestors).exists()
