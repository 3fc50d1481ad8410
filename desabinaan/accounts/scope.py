"""The one region-scope rule (DESIGN.md §3). The only place that turns a user into a filter.

A scope is a set of Kemendagri code prefixes; `EVERYWHERE` means no restriction. Every selector,
view, API endpoint and export narrows its queryset with `scope_filter` and fetches single
records with `get_in_scope_or_404`, so a record outside the scope does not exist for that user.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from desabinaan.regions.models import Office

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


# Where a PIMPASA's regions come from: their active assignments, which the programme app keeps.
# Programme sits above accounts (imports go one way), so it registers the source here when it
# loads (programme.apps) rather than this module importing it. Unregistered, a PIMPASA sees
# nothing: the safe default.
AssignmentSource = Callable[[list[int]], dict[int, list[str]]]
_assignment_source: AssignmentSource | None = None


def register_assignment_source(source: AssignmentSource) -> None:
    """`source(officer_ids)` answers {officer id: [region codes of active assignments]}."""
    global _assignment_source
    _assignment_source = source


def _assigned_regions(officer_ids: list[int]) -> dict[int, list[str]]:
    if not officer_ids or _assignment_source is None:
        return {}
    return _assignment_source(officer_ids)


def _compute_scope(user: User) -> Scope:
    role = _effective_role(user)
    assigned: list[str] = []
    jurisdiction: dict[int, list[str]] = {}
    if role == Role.PIMPASA:
        assigned = _assigned_regions([user.pk]).get(user.pk, [])
    elif role in (Role.KANIM, Role.KANWIL) and user.office_id:
        # By office id, not `user.office.jurisdiction`: that would load the office first.
        jurisdiction[user.office_id] = list(
            Office.jurisdiction.through.objects.filter(office_id=user.office_id).values_list(
                "region_id", flat=True
            )
        )
    return _scope_from(user, assigned, jurisdiction)


def _scope_from(user: User, assigned: list[str], jurisdiction: dict[int, list[str]]) -> Scope:
    """The scope given the user's active PIMPASA regions and their office's jurisdiction."""
    role = _effective_role(user)
    if role in (Role.PUSAT, Role.ADMIN):
        return EVERYWHERE
    if role == Role.MITRA and user.home_region_id:
        return minimal_prefixes([user.home_region_id])
    if role == Role.PIMPASA:
        return minimal_prefixes(assigned)
    if role in (Role.KANIM, Role.KANWIL) and user.office_id:
        return minimal_prefixes(jurisdiction.get(user.office_id, []))
    return frozenset()


def _effective_role(user: User) -> str:
    if not user.is_authenticated or not user.is_active:
        return ""
    return Role.ADMIN if user.is_superuser else user.role


SYSTEM_ROLE: Final = "system"


@dataclass(frozen=True, eq=False)
class Actor:
    """Who acts: the user, their region scope computed once, and the role their capabilities
    follow from ('' for anonymous or inactive users, admin for superusers). The apps'
    permission modules turn the role into what it may do.

    A system actor (`system_actor`) has no user: management commands, demo data and tasks act
    as one, named, so the audit trail says which ("sistem: load_demo")."""

    user: User | None
    scope: Scope
    role: str
    # What the scope was computed from; a change on the same User instance recomputes it.
    basis: tuple = field(repr=False)
    name: str = ""

    @property
    def everywhere(self) -> bool:
        return self.scope is EVERYWHERE

    @property
    def is_system(self) -> bool:
        return self.role == SYSTEM_ROLE

    @property
    def label(self) -> str:
        """Who acted, for the audit trail: the username or the system job's name."""
        if self.user is None:
            return f"sistem: {self.name}"
        return self.user.get_username()

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def sees(self, code: str) -> bool:
        return self.scope is EVERYWHERE or any(code_within(code, p) for p in self.scope)


def system_actor(name: str) -> Actor:
    """The actor of work no person does at that moment (a command, the demo loader, a scheduled
    scan, a task): sees everywhere, may do what its caller was written to do, and is named in
    every event it writes. Never built from a request."""
    if not name:
        raise ValueError("A system actor needs a name (the command or task acting).")
    return Actor(user=None, scope=EVERYWHERE, role=SYSTEM_ROLE, basis=(), name=name)


def public_actor() -> Actor:
    """A person without an account (a resident filing a report): an anonymous user, never
    named in the trail, with no scope."""
    from django.contrib.auth.models import AnonymousUser

    return actor_for(AnonymousUser())


def as_actor(who: User | Actor) -> Actor:
    """An Actor from either an Actor or a User (views hold request.user; services take actors).
    None is refused: no service runs with "no actor" (issue 10)."""
    if isinstance(who, Actor):
        return who
    if who is None:
        raise TypeError("A service needs an actor: pass actor_for(user) or system_actor(name).")
    return actor_for(who)


def _basis(user: User) -> tuple:
    return (
        user.pk,
        user.is_authenticated,
        getattr(user, "is_active", False),
        getattr(user, "is_superuser", False),
        getattr(user, "role", ""),
        getattr(user, "office_id", None),
        getattr(user, "home_region_id", None),
    )


def actor_for(user: User) -> Actor:
    """The Actor of `user`, computed on first use and kept on the User instance (a request has
    its own instance of request.user, so the scope is computed once per request). Services that
    change whose scope something is (a PIMPASA assignment, an office's jurisdiction) call
    `forget_actor` on the instances they hold."""
    basis = _basis(user)
    cached = getattr(user, "_actor", None)
    if cached is not None and cached.basis == basis:
        return cached
    actor = Actor(user=user, scope=_compute_scope(user), role=_effective_role(user), basis=basis)
    # A user object that takes no attributes is computed every time.
    with contextlib.suppress(AttributeError):
        user._actor = actor
    return actor


def forget_actor(user: User) -> None:
    """Drop the scope kept on this User instance: the next call computes it again."""
    with contextlib.suppress(AttributeError):
        del user._actor


def actors_for(users: Iterable[User]) -> list[Actor]:
    """The Actors of many users with two queries in all, not one or two per user (lists of
    officers: who a report may be assigned to)."""
    users = list(users)
    pimpasa = [u.pk for u in users if _effective_role(u) == Role.PIMPASA]
    offices = {
        u.office_id
        for u in users
        if _effective_role(u) in (Role.KANIM, Role.KANWIL) and u.office_id
    }
    assigned = _assigned_regions(pimpasa)
    jurisdiction: dict[int, list[str]] = {}
    for office_id, code in Office.jurisdiction.through.objects.filter(
        office_id__in=offices
    ).values_list("office_id", "region_id"):
        jurisdiction.setdefault(office_id, []).append(code)
    actors = []
    for user in users:
        scope = _scope_from(user, assigned.get(user.pk, []), jurisdiction)
        actor = Actor(user=user, scope=scope, role=_effective_role(user), basis=_basis(user))
        user._actor = actor
        actors.append(actor)
    return actors


def role_of(who: User | Actor) -> str:
    """The role an actor's capabilities follow from, without computing a user's scope (a role
    check alone costs no query): '' for anonymous or inactive users, admin for superusers,
    `SYSTEM_ROLE` for a system actor."""
    if isinstance(who, Actor):
        return who.role
    if who is None:
        raise TypeError("A permission check needs an actor.")
    return _effective_role(who)


def is_system(who: User | Actor) -> bool:
    return isinstance(who, Actor) and who.is_system


def user_scope(user: User | Actor) -> Scope:
    """The regions a user may see, derived from their role (computed once per User instance)."""
    return as_actor(user).scope


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


def scope_filter(queryset: QuerySet, user: User | Actor, field: str = "region") -> QuerySet:
    return queryset.filter(scope_q(user_scope(user), field))


def in_scope(user: User | Actor, code: str) -> bool:
    return as_actor(user).sees(code)


def get_in_scope_or_404(
    queryset: QuerySet[M], user: User | Actor, field: str = "region", **lookup
) -> M:
    """One record if it exists *and* lies in the user's scope; otherwise 404, never 403, so a
    record's existence does not leak outside its region."""
    obj = scope_filter(queryset, user, field).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
