"""Early-detection rules of `manage.py scan_alerts`, one function each. A rule reads the data and
returns Findings; it writes nothing. Each finding names its condition in `key` (rule, record and
the dates the condition rests on), so the scan raises one alert per condition however often it
runs, and a new permit or passport is a new condition.

Thresholds come from settings (FOREIGNERS_*), the permit facts from PermitType rows. The watch-list
rule of issue 6 waits for the screening matcher: it is absent here, not faked."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Subquery
from django.utils.translation import gettext_noop

from .models import AlertKind, Foreigner, PassportNumber, Severity, Stay, WorkRule
from .text import add_months


@dataclass(frozen=True)
class Finding:
    kind: str
    key: str
    foreigner_id: int
    stay_id: int | None
    region_id: str
    severity: int
    # Stored untranslated (gettext_noop) and translated when shown, with `measure` (days over,
    # people at the address…) filled in. Never a name or a number from a document.
    summary: str
    measure: int = 0


# Every rule takes `people`: None for the daily scan over everyone, or the ids of the people just
# registered, whose conditions are checked at once (services.alerts_scan_people). The findings
# and their keys are the same either way, so the daily scan never raises them a second time.
People = frozenset[int] | None


def _active_stays(people: People = None):
    qs = Stay.objects.filter(departed_on__isnull=True, foreigner__merged_into__isnull=True)
    return qs if people is None else qs.filter(foreigner_id__in=people)


def overstay(today: dt.date, people: People = None) -> Iterator[Finding]:
    """Permit expired and no departure recorded. UU 6/2011 Pasal 78: up to the threshold (60
    days) a daily fee, beyond it deportation and entry ban; crossing it is a new condition."""
    limit = settings.FOREIGNERS_OVERSTAY_DEPORTATION_DAYS
    rows = _active_stays(people).filter(permit_expiry__lt=today)
    for pk, fid, region, expiry in rows.values_list(
        "pk", "foreigner_id", "region_id", "permit_expiry"
    ):
        days = (today - expiry).days
        band = "deport" if days > limit else "fee"
        yield Finding(
            kind=AlertKind.OVERSTAY,
            key=f"overstay:{pk}:{expiry.isoformat()}:{band}",
            foreigner_id=fid,
            stay_id=pk,
            region_id=region,
            severity=Severity.HIGH if band == "deport" else Severity.MEDIUM,
            summary=gettext_noop("%(days)s days past the permit")
            if band == "fee"
            else gettext_noop("%(days)s days past the permit: deportation threshold passed"),
            measure=days,
        )


def permit_expiring(today: dt.date, people: People = None) -> Iterator[Finding]:
    """Permit ends today or within the warning window (14 days) and no departure recorded."""
    until = today + dt.timedelta(days=settings.FOREIGNERS_PERMIT_WARNING_DAYS)
    rows = _active_stays(people).filter(permit_expiry__gte=today, permit_expiry__lte=until)
    for pk, fid, region, expiry in rows.values_list(
        "pk", "foreigner_id", "region_id", "permit_expiry"
    ):
        yield Finding(
            kind=AlertKind.PERMIT_EXPIRING,
            key=f"permit_expiring:{pk}:{expiry.isoformat()}",
            foreigner_id=fid,
            stay_id=pk,
            region_id=region,
            severity=Severity.LOW,
            summary=gettext_noop("permit ends in %(days)s days"),
            measure=(expiry - today).days,
        )


def passport(today: dt.date, people: People = None) -> Iterator[Finding]:
    """The person's newest passport has expired, or expires within the warning window (6
    months, the usual entry requirement). Older passports of a renewed holder do not count."""
    until = add_months(today, settings.FOREIGNERS_PASSPORT_WARNING_MONTHS)
    latest_stay = (
        _active_stays()
        .filter(foreigner_id=OuterRef("foreigner_id"))
        .order_by("-arrival_date", "-pk")
    )
    newest = (
        PassportNumber.objects.filter(foreigner__stays__in=_active_stays())
        .values("foreigner_id")
        .annotate(expiry=Max("expiry_date"))
        .filter(expiry__isnull=False, expiry__lte=until)
    )
    if people is not None:
        newest = newest.filter(foreigner_id__in=people)
    for row in newest:
        fid, expiry = row["foreigner_id"], row["expiry"]
        pp = (
            PassportNumber.objects.filter(foreigner_id=fid, expiry_date=expiry)
            .annotate(
                stay_id=Subquery(latest_stay.values("pk")[:1]),
                region_id=Subquery(latest_stay.values("region_id")[:1]),
            )
            .order_by("-pk")
            .first()
        )
        expired = expiry < today
        yield Finding(
            kind=AlertKind.PASSPORT_EXPIRED if expired else AlertKind.PASSPORT_EXPIRING,
            key=f"{'passport_expired' if expired else 'passport_expiring'}:{pp.pk}:{expiry}",
            foreigner_id=fid,
            stay_id=pp.stay_id,
            region_id=pp.region_id,
            severity=Severity.HIGH if expired else Severity.LOW,
            summary=gettext_noop("passport expired %(days)s days ago")
            if expired
            else gettext_noop("passport expires in %(days)s days"),
            measure=abs((expiry - today).days),
        )


def two_active_stays(today: dt.date, people: People = None) -> Iterator[Finding]:
    """One person with active stays in two or more different desa at once."""
    multi = (
        _active_stays(people)
        .values("foreigner_id")
        .annotate(places=Count("region", distinct=True))
        .filter(places__gt=1)
        .values_list("foreigner_id", flat=True)
    )
    by_person: dict[int, list[tuple[int, str, dt.date]]] = defaultdict(list)
    for pk, fid, region, arrival in (
        _active_stays()
        .filter(foreigner_id__in=list(multi))
        .values_list("pk", "foreigner_id", "region_id", "arrival_date")
    ):
        by_person[fid].append((pk, region, arrival))
    for fid, stays in by_person.items():
        stays.sort(key=lambda s: (s[2], s[0]))
        newest = stays[-1]  # shown in the area of the latest registration, where it is news
        ids = "-".join(str(s[0]) for s in stays)
        yield Finding(
            kind=AlertKind.TWO_ACTIVE_STAYS,
            key=f"two_active_stays:{fid}:{ids}"[:120],
            foreigner_id=fid,
            stay_id=newest[0],
            region_id=newest[1],
            severity=Severity.MEDIUM,
            summary=gettext_noop("active in %(days)s villages at once"),
            measure=len({s[1] for s in stays}),
        )


def work_on_non_work_permit(today: dt.date, people: People = None) -> Iterator[Finding]:
    """Purpose `bekerja` on a permit whose reference row says work is not allowed. 'Limited'
    permits (ITAS, C18…) depend on details the registry does not hold, so they are not flagged."""
    rows = _active_stays(people).filter(purpose="bekerja", permit_type__work=WorkRule.NO)
    for pk, fid, region, permit_id in rows.values_list(
        "pk", "foreigner_id", "region_id", "permit_type_id"
    ):
        yield Finding(
            kind=AlertKind.WORK_ON_NON_WORK_PERMIT,
            key=f"work_permit:{pk}:{permit_id}",
            foreigner_id=fid,
            stay_id=pk,
            region_id=region,
            severity=Severity.MEDIUM,
            summary=gettext_noop("registered to work on a permit that does not allow work"),
            measure=0,
        )


def crowded_address(today: dt.date, people: People = None) -> Iterator[Finding]:
    """More than FOREIGNERS_ADDRESS_LIMIT different people actively registered at one address."""
    limit = settings.FOREIGNERS_ADDRESS_LIMIT
    stays = _active_stays()
    if people is not None:
        mine = list(_active_stays(people).values_list("region_id", "address_key"))
        stays = stays.filter(
            region_id__in={r for r, _ in mine}, address_key__in={a for _, a in mine}
        )
    groups = (
        stays.values("region_id", "address_key")
        .annotate(people=Count("foreigner_id", distinct=True), latest=Max("pk"))
        .filter(people__gt=limit)
    )
    for group in groups:
        latest = Stay.objects.only("foreigner_id").get(pk=group["latest"])
        digest = hashlib.sha1(group["address_key"].encode(), usedforsecurity=False).hexdigest()
        yield Finding(
            kind=AlertKind.CROWDED_ADDRESS,
            key=f"crowded_address:{group['region_id']}:{digest[:20]}",
            foreigner_id=latest.foreigner_id,
            stay_id=latest.pk,
            region_id=group["region_id"],
            severity=Severity.MEDIUM,
            summary=gettext_noop("%(days)s foreigners registered at one address"),
            measure=group["people"],
        )


def departure_overdue(today: dt.date, people: People = None) -> Iterator[Finding]:
    """The expected departure passed more than the grace period (7 days) ago, no departure."""
    before = today - dt.timedelta(days=settings.FOREIGNERS_DEPARTURE_GRACE_DAYS)
    rows = _active_stays(people).filter(expected_departure__lt=before)
    for pk, fid, region, expected in rows.values_list(
        "pk", "foreigner_id", "region_id", "expected_departure"
    ):
        yield Finding(
            kind=AlertKind.DEPARTURE_OVERDUE,
            key=f"departure_overdue:{pk}:{expected.isoformat()}",
            foreigner_id=fid,
            stay_id=pk,
            region_id=region,
            severity=Severity.LOW,
            summary=gettext_noop("expected departure passed %(days)s days ago"),
            measure=(today - expected).days,
        )


def possible_duplicate(today: dt.date, people: People = None) -> Iterator[Finding]:
    """Two or more live records with the same folded name, date of birth and nationality, each
    with an active stay: most often one person registered again under a new passport (the bulk
    import links people by passport only, and a form user may confirm "new person" wrongly).
    An officer merges them, or closes the alert as different people."""
    live = Foreigner.objects.filter(merged_into__isnull=True, stays__in=_active_stays())
    if people is not None:
        live = live.filter(
            name_folded__in=Foreigner.objects.filter(pk__in=people).values("name_folded")
        )
    groups = (
        live.values("name_folded", "date_of_birth", "nationality")
        .annotate(people=Count("pk", distinct=True))
        .filter(people__gt=1)
    )
    for group in groups:
        stays = list(
            _active_stays()
            .filter(
                foreigner__name_folded=group["name_folded"],
                foreigner__date_of_birth=group["date_of_birth"],
                foreigner__nationality=group["nationality"],
            )
            .order_by("-arrival_date", "-pk")
            .values_list("pk", "foreigner_id", "region_id")
        )
        newest = stays[0]  # shown where the latest registration is, where the merge is likely
        ids = "-".join(str(fid) for fid in sorted({s[1] for s in stays}))
        yield Finding(
            kind=AlertKind.POSSIBLE_DUPLICATE,
            key=f"possible_duplicate:{ids}"[:120],
            foreigner_id=newest[1],
            stay_id=newest[0],
            region_id=newest[2],
            severity=Severity.LOW,
            summary=gettext_noop(
                "%(days)s records with the same name, date of birth and nationality"
            ),
            measure=group["people"],
        )


RULES: dict[str, Callable[..., Iterator[Finding]]] = {
    "overstay": overstay,
    "permit_expiring": permit_expiring,
    "passport": passport,
    "two_active_stays": two_active_stays,
    "work_on_non_work_permit": work_on_non_work_permit,
    "crowded_address": crowded_address,
    "departure_overdue": departure_overdue,
    "possible_duplicate": possible_duplicate,
}
