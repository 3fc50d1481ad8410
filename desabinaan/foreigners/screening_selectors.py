"""Scoped reads of the watch-list screening (issue 18). The list itself: pusat only. Hits:
officers, for stays in their area (the hit's region is its stay's desa)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from desabinaan.accounts.scope import actor_for, scope_filter
from desabinaan.core.refusals import NotAllowed, NotFoundInScope

from . import permissions
from .watchlist_models import HitStatus, ScreeningHit, WatchlistEntry


def _can_manage(user) -> bool:
    from .screening_services import can_manage_watchlist

    return user.is_authenticated and can_manage_watchlist(actor_for(user))


def watchlist_for(user, *, q: str = "", show: str = "active") -> QuerySet[WatchlistEntry]:
    if not _can_manage(user):
        raise NotAllowed("")
    qs = WatchlistEntry.objects.all()
    if show == "active":
        qs = qs.filter(active=True)
    elif show == "inactive":
        qs = qs.filter(active=False)
    q = " ".join(q.split())[:100]
    if q:
        words = Q(name__icontains=q) | Q(aliases__icontains=q) | Q(source__icontains=q)
        qs = qs.filter(words | Q(pk__in=_spelled_otherwise(q)))
    return qs.order_by("name", "pk")


# How close a listed name must be to a searched one to be shown: the name alone (no date to
# weigh), loose enough for a missing middle name or another script, not for a shared surname.
SEARCH_NAME_SCORE = 0.8


def _spelled_otherwise(q: str) -> list:
    """Entries the screening engine finds for the searched name: another spelling (Mohammed /
    Muhammad), order, or script (a list entry written in Arabic script found by "Qureshi")."""
    from desabinaan.screening import Person

    from .screening import current_index

    found = current_index().search(Person(q), limit=50)
    return [c.entry_id for c in found if c.match.name_score >= SEARCH_NAME_SCORE]


def watchlist_entry_get(user, pk: int) -> WatchlistEntry:
    if not _can_manage(user):
        raise NotAllowed("")
    entry = WatchlistEntry.objects.filter(pk=pk).first()
    if entry is None:
        raise NotFoundInScope()
    return entry


def hits_for(user, *, status: str | None = HitStatus.OPEN) -> QuerySet[ScreeningHit]:
    """Hits on stays in the user's area; nothing for a role that is not an officer."""
    if not permissions.is_officer(user):
        return ScreeningHit.objects.none()
    qs = scope_filter(ScreeningHit.objects.all(), user).select_related(
        "entry", "foreigner", "region", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-found_at", "-pk")


def hit_get(user, pk: int) -> ScreeningHit:
    hit = hits_for(user, status=None).filter(pk=pk).first()
    if hit is None:
        raise NotFoundInScope()
    return hit


def hit_for_alert(user, alert_id: int) -> ScreeningHit:
    hit = hits_for(user, status=None).filter(alert_id=alert_id).first()
    if hit is None:
        raise NotFoundInScope()
    return hit
