"""Outreach activities over JSON: the scoped list and detail, and planning for officers.
Refusals are answered by the one handler in desabinaan/api.py (422 with `errors`)."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status as Reply
from pydantic import BeforeValidator

from desabinaan.accounts.auth import api_auth
from desabinaan.accounts.models import User
from desabinaan.accounts.scope import as_actor
from desabinaan.core.api_schemas import BodyIn, Message, RecordId, ValidationOut
from desabinaan.core.pagination import Page, Shaped
from desabinaan.core.refusals import Invalid, NotAllowed
from desabinaan.literacy.models import Quiz, Topic
from desabinaan.regions.models import Office, Region

from . import selectors, services
from .models import Activity, ActivityKind, ActivityStatus, PartnerInstitution
from .participation_selectors import quiz_pairing
from .permissions import is_officer

router = Router(tags=["activities"], auth=api_auth)
# Dates outside these years are typos; far ones would overflow the conversion to UTC.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class AttendanceOut(Schema):
    total: int
    male: int
    female: int
    under_18: int
    age_18_30: int
    age_31_59: int
    age_60_plus: int


class QuizResultsOut(Schema):
    """Before/after scores in percent of the questions, over the phones that took both."""

    mean_before: float | None
    mean_after: float | None
    change: float | None = Field(description="mean_after - mean_before, percentage points")
    paired: int = Field(description="Phones that took both the before and the after quiz")
    before_count: int
    after_count: int


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    region_code: str
    region_name: str
    venue: str
    office_code: str
    partners_present: list[str]
    topics: list[str]
    proposed: bool = Field(description="Proposed by a village partner")


class ActivityDetailOut(ActivityOut):
    cancel_reason: str
    public_summary: str
    notes: str
    officers: list[str] = Field(description="Usernames of the officers present")
    notice_posted: bool
    certificate_posted: bool
    corner_checked: bool
    partner_met: bool
    latitude: Decimal | None
    longitude: Decimal | None
    quiz_slug: str | None
    attendance: AttendanceOut | None
    quiz_results: QuizResultsOut | None = Field(description="Only when a quiz is attached")
    photos: int
    designated_region_code: str | None
    inaugurated_assignment_id: int | None


def _out(a: Activity) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "title": a.title,
        "status": a.status,
        "starts_at": a.starts_at,
        "ends_at": a.ends_at,
        "region_code": a.region_id,
        "region_name": a.region.name,
        "venue": a.venue,
        "office_code": a.office.code,
        "partners_present": a.partners_present,
        "topics": a.topics,
        "proposed": a.proposed_by_id is not None,
    }


def _detail(a: Activity, actor) -> dict:
    """The officers' internal notes only to officers (a village partner reads the rest)."""
    attendance = getattr(a, "attendance", None)
    return {
        **_out(a),
        "cancel_reason": a.cancel_reason,
        "public_summary": a.public_summary,
        "notes": a.notes if is_officer(actor) else "",
        "officers": [u.username for u in a.officers.all()],
        "notice_posted": a.notice_posted,
        "certificate_posted": a.certificate_posted,
        "corner_checked": a.corner_checked,
        "partner_met": a.partner_met,
        "latitude": a.latitude,
        "longitude": a.longitude,
        "quiz_slug": a.quiz.slug if a.quiz else None,
        "attendance": attendance,
        "quiz_results": _quiz_results(a),
        "photos": len(a.photos.all()),
        "designated_region_code": a.designated.region_id if a.designated else None,
        "inaugurated_assignment_id": a.inaugurated_id,
    }


def _quiz_results(a: Activity) -> dict | None:
    if a.quiz_id is None:
        return None
    pairing = quiz_pairing(a)
    return {
        "mean_before": pairing.mean_before,
        "mean_after": pairing.mean_after,
        "change": pairing.change,
        "paired": pairing.paired,
        "before_count": pairing.before_count,
        "after_count": pairing.after_count,
    }


def _iso_only(value):
    # pydantic would read "0" or "1700000000" as a Unix time: a date here is YYYY-MM-DD only.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Input should be a date in the form YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_only)]


class ActivityFilters(Schema):
    kind: ActivityKind | None = None
    status: ActivityStatus | None = None
    office: str | None = Field(None, max_length=60, description="Office code")
    region: str | None = Field(None, max_length=13, description="Code prefix: desa or wider")
    start: IsoDate | None = Field(None, description="Activities ending on or after this day")
    end: IsoDate | None = Field(None, description="Activities starting on or before this day")


def _within_years(day: dt.date | None) -> dt.date | None:
    """Activities exist only between EARLIEST and LATEST (the services refuse other years), so a
    bound beyond them means the same as that limit, and a far one would overflow UTC."""
    return None if day is None else min(max(day, EARLIEST), LATEST)


@router.get("/activities", response={200: list[ActivityOut], 401: Message, 422: ValidationOut})
@paginate(Page)
def activity_list(request, filters: Query[ActivityFilters]):
    """Activities in your region scope, the latest first."""
    f = selectors.Filters(
        kind=filters.kind.value if filters.kind else "",
        status=filters.status.value if filters.status else "",
        office_code=filters.office or "",
        region_code=filters.region or "",
        start=_within_years(filters.start),
        end=_within_years(filters.end),
    )
    return Shaped(selectors.activities_for(request.user, f), _out)


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityDetailOut, 401: Message, 404: Message},
    summary="One activity (404 outside your area)",
)
def activity_get(request, activity_id: RecordId):
    return _detail(selectors.activity_for(request.user, activity_id), as_actor(request.user))


class ActivityIn(BodyIn):
    kind: ActivityKind = Field(
        description="Stable value: " + ", ".join(f"`{k.value}`" for k in ActivityKind)
    )
    title: str = Field(min_length=1, max_length=services.MAX_TITLE)
    starts_at: dt.datetime = Field(description="With a time zone, e.g. 2026-03-14T09:00:00+07:00")
    ends_at: dt.datetime
    region_code: str = Field(max_length=13, description="Kemendagri code of a desa or kecamatan")
    venue: str = Field("", max_length=200)
    office_code: str | None = Field(
        None, max_length=60, description="Organising office; default: your own office"
    )
    officers: list[str] = Field(default_factory=list, max_length=50, description="Usernames")
    partners_present: list[PartnerInstitution] = Field(default_factory=list, max_length=20)
    topics: list[Topic] = Field(default_factory=list, max_length=20)
    notes: str = Field("", max_length=services.MAX_TEXT)
    public_summary: str = Field("", max_length=services.MAX_TEXT)
    notice_posted: bool = False
    certificate_posted: bool = False
    corner_checked: bool = False
    partner_met: bool = False
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    quiz_slug: str | None = Field(None, max_length=80)


@router.post(
    "/activities",
    response={201: ActivityDetailOut, 401: Message, 403: Message, 422: ValidationOut},
    summary="Plan an activity (PIMPASA and Kanim officers)",
)
def activity_create(request, payload: ActivityIn):
    """**403** for roles that do not plan activities; **422** with `errors` (one per field) for
    invalid values, nothing saved."""
    actor = as_actor(request.user)
    if not is_officer(actor):
        raise NotAllowed(_("Hanya petugas imigrasi yang merencanakan kegiatan lewat API."))
    problems: dict[str, list[str]] = {}
    for name, when in (("starts_at", payload.starts_at), ("ends_at", payload.ends_at)):
        if when.tzinfo is None:
            problems.setdefault(name, []).append(_("Sertakan zona waktu, misalnya +07:00."))
        elif not EARLIEST.year <= when.year <= LATEST.year:
            problems.setdefault(name, []).append(_("Tahun ini tidak mungkin: periksa tanggalnya."))
    region = Region.objects.filter(code=payload.region_code).first()
    if region is None:
        problems.setdefault("region_code", []).append(_("Tidak ada wilayah dengan kode ini."))
    office = None
    if payload.office_code:
        office = Office.objects.filter(code=payload.office_code).first()
        if office is None:
            problems.setdefault("office_code", []).append(_("Kantor dengan kode ini tidak ada."))
    officers = list(User.objects.filter(username__in=payload.officers))
    if len(officers) != len(set(payload.officers)):
        problems.setdefault("officers", []).append(_("Ada nama pengguna yang tidak dikenal."))
    quiz = None
    if payload.quiz_slug:
        quiz = Quiz.objects.filter(slug=payload.quiz_slug, published=True).first()
        if quiz is None:
            problems.setdefault("quiz_slug", []).append(_("Kuis ini tidak ada."))
    if problems:
        raise Invalid(problems=problems)
    data = services.ActivityInput(
        kind=payload.kind.value,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        region=region,
        venue=payload.venue,
        office=office,
        officers=officers,
        partners_present=[p.value for p in payload.partners_present],
        topics=[t.value for t in payload.topics],
        notes=payload.notes,
        public_summary=payload.public_summary,
        notice_posted=payload.notice_posted,
        certificate_posted=payload.certificate_posted,
        corner_checked=payload.corner_checked,
        partner_met=payload.partner_met,
        latitude=payload.latitude,
        longitude=payload.longitude,
        quiz=quiz,
    )
    try:
        activity = services.activity_plan(actor=actor, data=data)
    except Invalid as exc:
        raise exc.renamed(
            {"region": "region_code", "office": "office_code", "quiz": "quiz_slug"}
        ) from exc
    return Reply(201, _detail(selectors.activity_for(actor, activity.pk), actor))
