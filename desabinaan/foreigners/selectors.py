"""Read queries of the registry. Every one narrows by the caller's region scope
(accounts/scope.py); a person exists for a user only where one of their stays is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from desabinaan.accounts.scope import EVERYWHERE, Actor, as_actor, scope_filter, user_scope
from desabinaan.screening.normalise import ascii_tokens
from desabinaan.screening.score import name_score

from . import permissions
from .models import (
    OPEN_STATUSES,
    AccessLog,
    Alert,
    AlertKind,
    AlertScan,
    Foreigner,
    ForeignerMerge,
    PassportNumber,
    PermitType,
    Stay,
)
from .text import fold_name, normalise_passport

# A "close match" of names (the screening engine's name score, 0-1: order, particles and
# romanisations folded, issue 18): high enough that "Jon Smith" finds "John Smith" and
# "Mohammed al-Hassan" finds "Muhammad Hasan", low enough that it does not offer every Smith.
CLOSE_NAME_SCORE = 0.85


def close_names(a: str, b: str) -> bool:
    return name_score(ascii_tokens(a), ascii_tokens(b))[0] >= CLOSE_NAME_SCORE


# The fuzzy pass compares against at most this many records of the same nationality or birth date.
FUZZY_POOL = 3000


def stays_in_scope(*, actor: Actor) -> QuerySet[Stay]:
    return scope_filter(Stay.objects.all(), actor)


def foreigners_for(
    *, actor: Actor, q: str = "", include_merged: bool = False
) -> QuerySet[Foreigner]:
    """People with at least one stay in the user's scope, optionally matching a name or passport."""
    qs = Foreigner.objects.filter(pk__in=stays_in_scope(actor=actor).values("foreigner_id"))
    if not include_merged:
        qs = qs.filter(merged_into__isnull=True)
    q = q.strip()
    if q:
        number = normalise_passport(q)
        cond = Q(name_folded__contains=fold_name(q))
        if len(number) >= 5:
            cond |= Q(passports__number=number)
        qs = qs.filter(cond).distinct()
    return qs.prefetch_related(
        Prefetch("passports", queryset=PassportNumber.objects.order_by("-expiry_date", "-pk"))
    ).order_by("name_folded", "pk")


def foreigner_get_for_user(*, actor: Actor, pk: int) -> Foreigner:
    """The person if any of their stays lies in the user's scope; 404 otherwise, never 403."""
    obj = foreigners_for(actor=actor, include_merged=True).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def stay_get_for_user(*, actor: Actor, pk: int) -> Stay:
    obj = (
        stays_in_scope(actor=actor)
        .select_related("foreigner", "region", "permit_type", "registered_by", "verified_by")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def visible_stays(*, actor: Actor, foreigner: Foreigner) -> QuerySet[Stay]:
    """The stays of one person an actor may see: all of them for kanwil/pusat (once one is in their
    scope, which foreigner_get_for_user has checked), otherwise only those in scope."""
    qs = Stay.objects.filter(foreigner=foreigner).select_related(
        "region", "permit_type", "moved_to", "registered_by", "verified_by"
    )
    if not permissions.sees_whole_timeline(actor):
        qs = scope_filter(qs, actor)
    return qs.order_by("arrival_date", "pk")


@dataclass
class TimelineEntry:
    stay: Stay
    gap_days: int | None  # days without a stay since the previous one ended (None: first)
    overlaps: bool  # starts before the previous one ended


def timeline(stays: list[Stay], *, today: dt.date) -> list[TimelineEntry]:
    """Stays in order of arrival with gaps and overlaps between consecutive ones."""
    entries: list[TimelineEntry] = []
    previous_end: dt.date | None = None
    for stay in stays:
        gap = None
        overlaps = False
        if entries:
            end = previous_end or today
            if stay.arrival_date < end:
                overlaps = True
            gap = max((stay.arrival_date - end).days, 0)
        entries.append(TimelineEntry(stay=stay, gap_days=gap, overlaps=overlaps))
        end_here = stay.departed_on or today
        previous_end = max(previous_end or end_here, end_here)
    return entries


@dataclass
class Candidate:
    foreigner: Foreigner | None
    reasons: list[str]
    # A person registered outside the user's scope, found by the exact passport number the user
    # typed: offered without any detail so nothing about them leaks.
    hidden_id: int | None = None

    @property
    def pk(self) -> int:
        return self.foreigner.pk if self.foreigner else self.hidden_id


def duplicate_candidates(
    *,
    actor: Actor,
    given_names: str,
    family_name: str,
    date_of_birth: dt.date | None,
    nationality: str,
    passport_number: str,
    passport_country: str,
) -> list[Candidate]:
    """People who may be the one being registered: same passport (in scope; outside it only for
    a role that may search nationally, and then without any detail), same name and date of
    birth, or a close name match (in scope)."""
    found: dict[int, Candidate] = {}
    visible = foreigners_for(actor=actor)
    number = normalise_passport(passport_number)
    if number:
        owners = (
            PassportNumber.objects.filter(number=number, issuing_country=passport_country)
            .exclude(foreigner__merged_into__isnull=False)
            .values_list("foreigner_id", flat=True)
        )
        owners = set(owners)
        shown = {f.pk: f for f in visible.filter(pk__in=owners)}
        if not permissions.can_search_nationally(actor):
            # Neither confirm nor deny a passport registered outside the user's area: a
            # partner or a PIMPASA gets the answer an unknown passport gets.
            owners &= set(shown)
        for pk in owners:
            cand = found.setdefault(
                pk, Candidate(foreigner=shown.get(pk), reasons=[], hidden_id=pk)
            )
            cand.reasons.append("passport")
    folded = fold_name(given_names, family_name)
    if folded and date_of_birth:
        for f in visible.filter(name_folded=folded, date_of_birth=date_of_birth):
            found.setdefault(f.pk, Candidate(foreigner=f, reasons=[])).reasons.append("name_dob")
    if folded:
        pool = visible.filter(Q(nationality=nationality) | Q(date_of_birth=date_of_birth))
        for f in pool[:FUZZY_POOL]:
            if f.pk in found:
                continue
            if close_names(folded, f.name_folded):
                found[f.pk] = Candidate(foreigner=f, reasons=["close_name"])
    return list(found.values())


def possible_twins(*, actor: Actor, foreigner: Foreigner) -> QuerySet[Foreigner]:
    """The other live records in the user's area that the possible_duplicate rule pairs with
    this one (same folded name, date of birth and nationality)."""
    return (
        foreigners_for(actor=actor)
        .filter(
            name_folded=foreigner.name_folded,
            date_of_birth=foreigner.date_of_birth,
            nationality=foreigner.nationality,
        )
        .exclude(pk=foreigner.pk)
    )


def permit_types_active() -> QuerySet[PermitType]:
    return PermitType.objects.filter(active=True).order_by("code")


def alerts_for(
    *, actor: Actor, status: str | None = None, kind: str | None = None, open_only: bool = False
) -> QuerySet[Alert]:
    qs = (
        scope_filter(Alert.objects.all(), actor)
        .select_related("region", "stay__permit_type", "foreigner")
        .prefetch_related(
            Prefetch("foreigner__passports", queryset=PassportNumber.objects.order_by("-pk"))
        )
    )
    if not permissions.is_officer(actor):  # a watch-list match is for officers' eyes (issue 18)
        qs = qs.exclude(kind=AlertKind.WATCHLIST)
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-severity", "-found_at", "-pk")


def open_alerts_by_kabupaten(*, actor: Actor) -> dict[str, int]:
    """Open alerts per kabupaten/kota code of the user's scope (the Kanim home's table)."""
    rows = (
        scope_filter(Alert.objects.filter(status__in=OPEN_STATUSES), actor)
        .annotate(kab=Substr("region_id", 1, 5))
        .values("kab")
        .annotate(n=Count("pk"))
    )
    return {r["kab"]: r["n"] for r in rows}


def last_full_scan() -> AlertScan | None:
    """The last finished daily scan over everyone (the alert page says when it ran)."""
    return (
        AlertScan.objects.filter(scope=AlertScan.Scope.ALL, finished_at__isnull=False)
        .order_by("-started_at", "-pk")
        .first()
    )


def alert_get_for_user(*, actor: Actor, pk: int) -> Alert:
    obj = alerts_for(actor=actor).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def access_logs_for(*, actor: Actor) -> QuerySet[AccessLog]:
    """A Kanim or Kanwil reads the log of its own staff's views and of views of people in its
    area; pusat and admin read all of it. Others have no access log page (404)."""
    actor = as_actor(actor)
    if not permissions.can_read_access_log(actor):
        raise Http404
    qs = AccessLog.objects.select_related("user", "office")
    if user_scope(actor) is not EVERYWHERE:
        in_area = Q(foreigner_id__in=stays_in_scope(actor=actor).values("foreigner_id"))
        qs = (
            qs.filter(Q(office_id=actor.user.office_id) | in_area)
            if actor.user.office_id
            else qs.filter(in_area)
        )
    return qs.order_by("-at", "-pk")


def merges_of(foreigner: Foreigner) -> QuerySet[ForeignerMerge]:
    return ForeignerMerge.objects.filter(Q(source=foreigner) | Q(target=foreigner)).select_related(
        "merged_by", "split_by"
    )


def foreigners_for_export(*, actor: Actor) -> QuerySet[Foreigner]:
    return foreigners_for(actor=actor).prefetch_related(
        Prefetch(
            "stays",
            queryset=stays_in_scope(actor=actor)
            .select_related("permit_type", "region")
            .order_by("-arrival_date"),
            to_attr="scoped_stays",
        )
    )


def imports_of(*, actor: Actor):
    """A user's own imports; the directorate sees every import."""
    from .models import ImportRun

    runs = ImportRun.objects.order_by("-started_at", "-pk")
    actor = as_actor(actor)
    return runs if actor.everywhere else runs.filter(user=actor.user)


def import_of_user_or_404(*, actor: Actor, pk: int):
    run = imports_of(actor=actor).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def example_desa_code(*, actor: Actor) -> str:
    """A desa of the user's area, for the import template's example row."""
    from desabinaan.regions.models import Level, Region

    return (
        scope_filter(Region.objects.filter(level=Level.DESA), actor, "")
        .values_list("code", flat=True)
        .first()
        or ""
    )
