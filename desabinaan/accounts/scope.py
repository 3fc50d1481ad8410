"""The one region-scope rule (DESIGN.md §3). The only place that turns a user into a filter.

A scope is a set of Kemendagri code prefixes; `EVERYWHERE` means no restriction. Every selector,
view, API endpoint and export narrows its queryset with `scope_filter` and fetches single
records with `get_in_scope_or_404`, so a record outside the scope does not exist for that user.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import Role, User

M = TypeVar("M", bound=Model)


class _Everywhere:
    def __repr__(self) -> str:
        return "EVERYWHERE"


EVERYWHERE: Final = _Everywhere()
Scope = frozenset[str] | _Everywhere


def minimal_prefixes(codes: Iterable[str]) -> frozenset[str]:
    """Drop codes that lie inside another code of the set: {'19.04', '19.04.01'} → {'19.04'}."""
    ordered = sorted(set(codes), key=lambda c: c.count("."))
    kept: list[str] = []
    for code in ordered:
        if not any(code_within(code, k) for k in kept):
            kept.append(code)
    return frozenset(kept)


def code_within(code: str, prefix: str) -> bool:
    """Whether region `code` lies in region `prefix`. Segment-wise, so '19.0' holds nothing and
    '19.04' does not hold '19.040'."""
    return code == prefix or code.startswith(prefix + ".")


def user_scope(user: User) -> Scope:
    """The regions a user may see, derived from their role."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser or user.role in (Role.PUSAT, Role.ADMIN):
        return EVERYWHERE
    codes: list[str] = []
    if user.role == Role.MITRA and user.home_region_id:
        codes = [user.home_region_id]
    elif user.role == Role.PIMPASA:
        # Imported here: programme depends on accounts, not the other way round.
        from desabinaan.programme.models import PimpasaAssignment

        codes = list(
            PimpasaAssignment.objects.filter(officer=user, ended_on__isnull=True).values_list(
                "region_id", flat=True
            )
        )
    elif user.role in (Role.KANIM, Role.KANWIL) and user.office_id:
        codes = list(user.office.jurisdiction.values_list("code", flat=True))
    return minimal_prefixes(codes)


def scope_q(scope: Scope, field: str) -> Q:
    """A Q that keeps rows whose region (`field`: the path to a Region foreign key such as
    'region' or 'stay__region'; '' for a Region queryset itself) lies in the scope. Because the
    region code is the Region primary key, Django compares the foreign-key column itself: no
    join. An empty scope matches nothing."""
    if scope is EVERYWHERE:
        return Q()
    if not scope:
        return Q(pk__in=[])
    column = f"{field}__code" if field else "code"
    q = Q()
    for prefix in sorted(scope):
        q |= Q(**{column: prefix}) | Q(**range_within(column, prefix))
    return q


def range_within(column: str, prefix: str) -> dict[str, str]:
    """Lookups for the codes strictly inside `prefix`, as a range a b-tree index serves: every
    such code starts with 'prefix.', so it sorts from 'prefix.' on and before 'prefix/' ('/' is
    the byte after '.'). Right under byte order: SQLite's default, collation "C" on PostgreSQL
    (regions.models.RegionCodeField). `LIKE 'prefix.%'` reads the whole table on SQLite."""
    return {f"{column}__gte": prefix + ".", f"{column}__lt": prefix + "/"}


def scope_filter(queryset: QuerySet, user: User, field: str = "region") -> QuerySet:
    return queryset.filter(scope_q(user_scope(user), field))


def in_scope(user: User, code: str) -> bool:
    scope = user_scope(user)
    return scope is EVERYWHERE or any(code_within(code, p) for p in scope)


def get_in_scope_or_404(queryset: QuerySet[M], user: User, field: str = "region", **lookup) -> M:
    """One record if it exists *and* lies in the user's scope; otherwise 404, never 403, so a
    record's existence does not leak outside its region."""
    obj = scope_filter(queryset, user, field).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
