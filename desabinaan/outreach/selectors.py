"""Read queries of outreach activities. Officers and partners read through accounts/scope.py;
the public reads held activities only (no participant names), and a calendar feed by its
office's secret token."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from desabinaan.accounts.scope import Actor, as_actor, scope_q
from desabinaan.core.refusals import NotFoundInScope
from desabinaan.regions.models import Office, Region

from .models import Activity, ActivityPhoto, ActivityStatus, OfficeFeed
from .permissions import VIEWER_ROLES


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    status: str = ""
    office_id: int | None = None
    office_code: str = ""  # the API names offices by code; an unknown code matches nothing
    region_code: str = ""
    start: dt.date | None = None  # inclusive, local dates
    end: dt.date | None = None  # inclusive


def _scoped(actor: Actor) -> QuerySet[Activity]:
    qs = Activity.objects.all()
    if actor.is_system:
        return qs
    if not actor.has_role(*VIEWER_ROLES):
        return qs.none()
    return qs.filter(scope_q(actor.scope, "region"))


def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def activities_for(who, filters: Filters | None = None) -> QuerySet[Activity]:
    """Activities in the actor's area, the latest first, narrowed by the filters."""
    actor = as_actor(who)
    f = filters or Filters()
    qs = _scoped(actor).select_related("region", "office")
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.office_id:
        qs = qs.filter(office_id=f.office_id)
    if f.office_code:
        qs = qs.filter(office__code=f.office_code)
    if f.region_code:
        code = f.region_code
        qs = qs.filter(scope_q(frozenset([code]), "region"))
    if f.start:
        qs = qs.filter(ends_at__gte=_local_start(f.start))
    if f.end:
        qs = qs.filter(starts_at__lt=_local_start(f.end + dt.timedelta(days=1)))
    return qs.order_by("-starts_at", "-pk")


def activity_places(who) -> list[tuple[str, str]]:
    """(code, label) of the places the user's activities are held in, with their kecamatan,
    for the list's place filter: a choice from what exists, rather than a typed region code."""
    actor = as_actor(who)
    codes = set(_scoped(actor).order_by().values_list("region_id", flat=True).distinct())
    kecamatan = {c.rsplit(".", 1)[0] for c in codes if c.count(".") == 3}
    regions = Region.objects.filter(code__in=codes | kecamatan).only(
        "code", "name", "level", "is_kelurahan"
    )
    return [(r.code, f"{r.kind_label} {r.name}") for r in sorted(regions, key=lambda r: r.code)]


def activity_for(who, pk: int) -> Activity:
    """One activity in the actor's area, with what its page shows; NotFoundInScope otherwise."""
    actor = as_actor(who)
    activity = (
        _scoped(actor)
        .select_related(
            "region",
            "office",
            "proposed_by",
            "created_by",
            "designated",
            "inaugurated__officer",
            "quiz",
            "attendance",
        )
        .prefetch_related("officers", "photos", "participants")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise NotFoundInScope()
    return activity


def public_activity(pk: int) -> Activity | None:
    """A held activity as the public sees it (photos, summary; never participants)."""
    return (
        Activity.objects.filter(pk=pk, status=ActivityStatus.TERLAKSANA)
        .select_related("region", "office", "attendance")
        .prefetch_related(Prefetch("photos", queryset=ActivityPhoto.objects.order_by("pk")))
        .first()
    )


def public_activities_for_region(code: str, *, limit: int = 10) -> list[Activity]:
    """Held activities in a desa (and those of its kecamatan), the latest first."""
    parent = code.rsplit(".", 1)[0]
    return list(
        Activity.objects.filter(status=ActivityStatus.TERLAKSANA, region_id__in=[code, parent])
        .select_related("region")
        .order_by("-starts_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class MonthGrid:
    year: int
    month: int
    weeks: list[list[dict]]  # 7 cells a week: {"day": date | None, "activities": [...]}
    previous: dt.date
    next: dt.date

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    # The month in the ?bulan= form (YYYY-MM), for the links and the filter form.
    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def previous_param(self) -> str:
        return f"{self.previous:%Y-%m}"

    @property
    def next_param(self) -> str:
        return f"{self.next:%Y-%m}"

    @property
    def title(self) -> str:
        return date_format(self.first, "YEAR_MONTH_FORMAT")


def month_grid(who, *, year: int, month: int, filters: Filters | None = None) -> MonthGrid:
    """The month as weeks Monday to Sunday, each day holding the activities that touch it."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    base = filters or Filters()
    f = Filters(
        kind=base.kind,
        status=base.status,
        office_id=base.office_id,
        office_code=base.office_code,
        region_code=base.region_code,
        start=first,
        end=last,
    )
    activities = list(activities_for(who, f).order_by("starts_at", "pk"))
    by_day: dict[dt.date, list[Activity]] = {}
    for activity in activities:
        start = max(timezone.localdate(activity.starts_at), first)
        end = min(timezone.localdate(activity.ends_at), last)
        day = start
        while day <= end:
            by_day.setdefault(day, []).append(activity)
            day += dt.timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"day": d if d.month == month else None, "activities": by_day.get(d, [])}
                for d in week
            ]
        )
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return MonthGrid(year, month, weeks, previous, following)


def office_feed(office: Office) -> OfficeFeed:
    """The office's calendar subscription. Made on first use: the random token is no one's
    action (renewing it is, office_feed_rotate)."""
    feed, _created = OfficeFeed.objects.get_or_create(office=office)
    return feed


def feed_by_token(token: str) -> OfficeFeed | None:
    if not token or len(token) > 64:
        return None
    return OfficeFeed.objects.select_related("office").filter(token=token).first()


def planned_for_office(office: Office) -> QuerySet[Activity]:
    """What the ICS feed holds: the office's planned activities from a month back on."""
    since = timezone.now() - dt.timedelta(days=31)
    return (
        Activity.objects.filter(
            office=office, status=ActivityStatus.DIRENCANAKAN, ends_at__gte=since
        )
        .select_related("region")
        .order_by("starts_at", "pk")
    )
