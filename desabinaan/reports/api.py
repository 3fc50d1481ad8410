"""Lapor over JSON: public filing and tracking, scoped reading and workflow for officers."""

from datetime import date, datetime

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status as Reply

from desabinaan.accounts.auth import api_auth, bearer_user
from desabinaan.accounts.models import User
from desabinaan.accounts.scope import as_actor, public_actor
from desabinaan.core import idempotency
from desabinaan.core.api_schemas import (
    BodyIn,
    Message,
    RecordId,
    ValidationOut,
)
from desabinaan.core.pagination import Page, Shaped
from desabinaan.regions.geo import INDONESIA
from desabinaan.regions.selectors import region_get

from . import selectors, services
from .models import (
    PROTOCOL_ORDER,
    AgencyKind,
    Category,
    EventKind,
    Forwarding,
    ForwardingStatus,
    RefugeeCondition,
    RefugeeLocation,
    Report,
    Status,
)
from .ratelimit import allow_submission, lookup_by_code

router = Router(tags=["reports"], auth=api_auth)


class RefugeeIn(BodyIn):
    """The short refugee form (category `pengungsi` only). Checked by the service, which answers
    422 in Indonesian naming the field (`refugee_total`, `refugee_children`…)."""

    total: int = Field(description="How many people were seen (at least 1)")
    adults: int = Field(description="Adults; adults + children must equal total")
    children: int
    women: int = Field(description="Women and girls among them; at most total")
    location_kind: str = Field(
        description="Where exactly: " + ", ".join(f"`{c.value}`" for c in RefugeeLocation)
    )
    nationality: str | None = Field(
        None, max_length=60, description="ISO 3166 alpha-2 code, or free text (e.g. Rohingya)"
    )
    conditions: list[str] = Field(
        default_factory=list,
        max_length=3,
        description="Any of: " + ", ".join(f"`{c.value}`" for c in RefugeeCondition),
    )


class ReportIn(BodyIn):
    category: Category = Field(
        description="Stable slug: " + ", ".join(f"`{c.value}`" for c in Category)
    )
    region_code: str = Field(max_length=13, description="Kemendagri code of the desa/kelurahan")
    description: str = Field(min_length=services.MIN_DESCRIPTION, max_length=4000)
    occurred_on: date | None = None
    landmark: str | None = Field(None, max_length=200)
    # Indonesia's bounding box: a point outside it is a typo, not a report location.
    latitude: float | None = Field(None, ge=INDONESIA.south, le=INDONESIA.north)
    longitude: float | None = Field(None, ge=INDONESIA.west, le=INDONESIA.east)
    contact: str | None = Field(
        None, max_length=200, description="Optional; only officers handling the report see it"
    )
    refugee: RefugeeIn | None = Field(
        None, description="Category `pengungsi` only: counts, condition and place (optional)"
    )


class ReportCreatedOut(Schema):
    tracking_code: str
    status: str
    status_label: str
    category: str
    region_code: str
    created_at: datetime
    status_url: str


class PublicEventOut(Schema):
    at: datetime
    kind: str = Field(description="`submitted`, `status`, or `forwarded` (passed on to an agency)")
    status: str
    status_label: str
    message: str


class TrackOut(Schema):
    tracking_code: str
    status: str
    status_label: str
    status_text: str
    category: str
    category_label: str
    village: str
    created_at: datetime
    events: list[PublicEventOut]


class RefugeeOut(Schema):
    total: int
    adults: int
    children: int
    women: int
    nationality: str = Field(description="ISO 3166 alpha-2 code, or the reporter's own words")
    conditions: list[str] = Field(
        description="Any of: " + ", ".join(f"`{c.value}`" for c in RefugeeCondition)
    )
    location_kind: str = Field(
        description="One of: " + ", ".join(f"`{c.value}`" for c in RefugeeLocation)
    )


class ProtocolStepOut(Schema):
    stage: str = Field(description="One of: " + ", ".join(f"`{s}`" for s in PROTOCOL_ORDER))
    done_at: datetime
    done_by: str = Field(description="The officer's display name")


class ReportOut(Schema):
    id: int
    tracking_code: str
    category: str
    category_label: str
    status: str
    status_label: str
    urgent: bool
    region_code: str
    region_path: str
    description: str
    occurred_on: date | None
    landmark: str
    latitude: float | None
    longitude: float | None
    contact: str = Field(description="Masked unless the caller handles the report")
    channel: str
    routed_via: str
    office_code: str | None
    assigned_to: str | None
    created_at: datetime
    updated_at: datetime
    refugee: RefugeeOut | None = Field(
        description="Category `pengungsi`: the short refugee form's answers, if the reporter "
        "gave them; null otherwise"
    )


class EventOut(Schema):
    at: datetime
    kind: str
    actor: str | None
    from_status: str
    to_status: str
    note: str
    is_public: bool


class AttachmentOut(Schema):
    id: int
    kind: str
    content_type: str
    size: int


class ReportDetailOut(ReportOut):
    protocol_steps: list[ProtocolStepOut] = Field(
        description="Refugee protocol stages done so far, in the order they were done"
    )
    events: list[EventOut]
    attachments: list[AttachmentOut]


class TransitionIn(BodyIn):
    note: str = Field("", max_length=services.MAX_NOTE, description="Internal, officers only")
    public_note: str = Field(
        "",
        max_length=services.MAX_NOTE,
        description=(
            "Message to the reporter, shown with the step on the public timeline (tracking "
            "code). **Required for `reject`** (422 without it); asked for, but optional, on "
            "`complete` and `unproven`."
        ),
    )


class NoteIn(BodyIn):
    note: str = Field(min_length=1, max_length=services.MAX_NOTE)


class AssignIn(BodyIn):
    username: str = Field(max_length=150)


def _unprocessable(field: str, message: str):
    return Reply(
        422, {"detail": f"{field}: {message}", "errors": [{"field": field, "message": message}]}
    )


def _refugee_input(refugee: RefugeeIn | None) -> services.RefugeeInput | None:
    if refugee is None:
        return None
    return services.RefugeeInput(
        total=refugee.total,
        adults=refugee.adults,
        children=refugee.children,
        women=refugee.women,
        location_kind=refugee.location_kind,
        nationality=refugee.nationality or "",
        conditions=tuple(refugee.conditions),
    )


@router.post(
    "",
    auth=None,
    response={
        201: ReportCreatedOut,
        401: Message,
        409: Message,
        422: ValidationOut,
        429: Message,
    },
    summary="File a report (public, anonymous unless a contact is given)",
)
def report_create(request, payload: ReportIn):
    """Send an `Idempotency-Key` header to retry safely: the same key with the same body returns
    the same report (same tracking code); the same key with another body is refused (409).

    Every caller is the public unless they send `Authorization: Bearer <token>`; a session
    cookie is ignored here. A village partner's token holds the report to their own area
    (422 on `region_code` outside it); an invalid token is 401."""
    user = bearer_user(request)
    key = idempotency.header_key(request)
    if problem := idempotency.key_problem(key):
        return _unprocessable(idempotency.HEADER, problem)
    replay = idempotency.key_used(Report.objects, key)
    if not replay and user is None and not allow_submission(request):
        return Reply(
            429,
            {
                "detail": _(
                    "Too many reports from this connection. Please wait an hour and try again."
                )
            },
        )
    region = region_get(payload.region_code.strip())
    if region is None:
        return _unprocessable(
            "region_code",
            _("No village has the code %(code)s. Check the Kemendagri code.")
            % {"code": payload.region_code},
        )
    # Refusals (422 invalid, 409 key reused) are answered by the API's one handler.
    result = services.report_submit(
        category=payload.category.value,
        region=region,
        description=payload.description,
        occurred_on=payload.occurred_on,
        landmark=payload.landmark or "",
        latitude=payload.latitude,
        longitude=payload.longitude,
        contact=payload.contact or "",
        refugee=_refugee_input(payload.refugee),
        actor=as_actor(user) if user is not None else public_actor(),
        via_api=True,
        idempotency_key=key or None,
        fingerprint=idempotency.fingerprint(payload),
        # The lookup above found no report with this key: the service need not look again.
        key_unused=bool(key) and not replay,
    )
    report = result.report
    return Reply(
        201,
        {
            "tracking_code": report.tracking_code,
            "status": report.status,
            "status_label": str(Status(report.status).label),
            "category": report.category,
            "region_code": report.region_id,
            "created_at": report.created_at,
            "status_url": request.build_absolute_uri(f"/lapor/status/{report.tracking_code}/"),
        },
    )


@router.get(
    "/track/{code}",
    auth=None,
    response={200: TrackOut, 400: Message, 404: Message, 429: Message},
    summary="Follow a report by its tracking code (public events only)",
)
def report_track(request, code: str):
    report, refused = lookup_by_code(
        request, code, selectors.report_by_code, _("No report has this code.")
    )
    if refused is not None:
        return refused
    return Reply(
        200,
        {
            "tracking_code": report.tracking_code,
            "status": report.status,
            "status_label": str(Status(report.status).label),
            "status_text": report.public_status_text,
            "category": report.category,
            "category_label": str(Category(report.category).label),
            "village": report.region.name,
            "created_at": report.created_at,
            "events": [
                {
                    "at": e.at,
                    "kind": e.kind,
                    "status": e.to_status,
                    "status_label": _public_label(e),
                    "message": e.note,
                }
                for e in selectors.public_events(report)
            ],
        },
    )


def _out(report: Report, user: User) -> dict:
    contact = report.contact
    if not selectors.can_see_contact(user, report):
        contact = selectors.mask_contact(contact)
    return {
        "id": report.pk,
        "tracking_code": report.tracking_code,
        "category": report.category,
        "category_label": str(Category(report.category).label),
        "status": report.status,
        "status_label": str(Status(report.status).label),
        "urgent": report.is_urgent,
        "region_code": report.region_id,
        "region_path": report.region.path,
        "description": report.description,
        "occurred_on": report.occurred_on,
        "landmark": report.landmark,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "contact": contact,
        "channel": report.channel,
        "routed_via": report.routed_via,
        "office_code": report.office.code if report.office else None,
        "assigned_to": report.assigned_to.username if report.assigned_to else None,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
        "refugee": _refugee_out(report),
    }


def _refugee_out(report: Report) -> dict | None:
    # Callers select_related("refugee"): a missing row is cached as absent, no query.
    details = getattr(report, "refugee", None)
    if details is None:
        return None
    return {
        "total": details.total,
        "adults": details.adults,
        "children": details.children,
        "women": details.women,
        "nationality": details.nationality,
        "conditions": details.conditions,
        "location_kind": details.location_kind,
    }


def _detail(report: Report, user: User) -> dict:
    out = _out(report, user)
    out["events"] = [
        {
            "at": e.at,
            "kind": e.kind,
            "actor": e.actor.username if e.actor else None,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "note": e.note,
            "is_public": e.is_public,
        }
        for e in report.events.all()
    ]
    out["attachments"] = list(report.attachments.all())
    out["protocol_steps"] = [
        {"stage": s.stage, "done_at": s.done_at, "done_by": s.done_by.display_name}
        for s in report.protocol_steps.all()
    ]
    return out


class ReportFilters(Schema):
    status: Status | None = None
    category: Category | None = None
    region: str | None = Field(None, max_length=13, description="Code prefix: desa or wider")


@router.get("", response={200: list[ReportOut], 401: Message, 422: ValidationOut})
@paginate(Page)
def report_list(request, filters: Query[ReportFilters]):
    """Reports in your region scope: urgent open reports (pengungsi, tppo) first, then the
    newest. Without `status`, open reports only."""
    qs = selectors.reports_for_user(
        actor=as_actor(request.user),
        status=filters.status.value if filters.status else None,
        category=filters.category.value if filters.category else None,
        region=filters.region,
    )
    user = request.user
    return Shaped(qs.select_related("refugee"), lambda r: _out(r, user))


@router.get(
    "/{report_id}",
    response={200: ReportDetailOut, 401: Message, 404: Message},
    summary="One report with its timeline",
)
def report_get(request, report_id: RecordId):
    report = selectors.report_api_detail_for_user(actor=as_actor(request.user), pk=report_id)
    return _detail(report, request.user)


@router.get(
    "/{report_id}/attachments/{attachment_id}",
    response={200: None, 401: Message, 404: Message},
    summary="Download one attachment (officers in scope only)",
)
def report_attachment(request, report_id: RecordId, attachment_id: RecordId):
    attachment = selectors.attachment_for_user(actor=as_actor(request.user), pk=attachment_id)
    if attachment.report_id != report_id:
        raise HttpError(404, _("Not found."))
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def _transition_endpoint(to_status: str, path: str, summary: str):
    @router.post(
        f"/{{report_id}}/{path}",
        response={
            200: ReportDetailOut,
            401: Message,
            403: Message,
            404: Message,
            409: Message,
            422: ValidationOut,
        },
        summary=summary,
        operation_id=f"report_{path.replace('-', '_')}",
    )
    def endpoint(request, report_id: RecordId, payload: TransitionIn):
        report = selectors.get_report_for_user(actor=as_actor(request.user), pk=report_id)
        services.report_transition(
            report=report,
            to_status=to_status,
            actor=as_actor(request.user),
            note=payload.note,
            public_note=payload.public_note,
        )
        return Reply(
            200,
            _detail(
                selectors.report_api_detail_for_user(actor=as_actor(request.user), pk=report_id),
                request.user,
            ),
        )

    return endpoint


report_verify = _transition_endpoint(Status.DIVERIFIKASI, "verify", "baru → diverifikasi")
report_follow_up = _transition_endpoint(
    Status.DITINDAKLANJUTI, "follow-up", "diverifikasi → ditindaklanjuti"
)
report_complete = _transition_endpoint(Status.SELESAI, "complete", "ditindaklanjuti → selesai")
report_unproven = _transition_endpoint(
    Status.TIDAK_TERBUKTI, "unproven", "ditindaklanjuti → tidak_terbukti"
)
report_reject = _transition_endpoint(
    Status.DITOLAK, "reject", "baru → ditolak (spam, abuse); public_note (the reason) required"
)


@router.post(
    "/{report_id}/notes",
    response={201: EventOut, 401: Message, 403: Message, 404: Message, 422: ValidationOut},
    summary="Add an internal note",
)
def report_note(request, report_id: RecordId, payload: NoteIn):
    report = selectors.get_report_for_user(actor=as_actor(request.user), pk=report_id)
    event = services.report_note_add(report=report, actor=as_actor(request.user), note=payload.note)
    return Reply(
        201,
        {
            "at": event.at,
            "kind": event.kind,
            "actor": request.user.username,
            "from_status": "",
            "to_status": "",
            "note": event.note,
            "is_public": False,
        },
    )


@router.post(
    "/{report_id}/assign",
    response={200: ReportDetailOut, 401: Message, 403: Message, 404: Message, 422: ValidationOut},
    summary="Assign to another officer of your office",
)
def report_assign(request, report_id: RecordId, payload: AssignIn):
    report = selectors.get_report_for_user(actor=as_actor(request.user), pk=report_id)
    assignee = User.objects.filter(username=payload.username).first()
    if assignee is None:
        return _unprocessable("username", _("No officer has this username."))
    services.report_assign(report=report, assignee=assignee, actor=as_actor(request.user))
    return Reply(
        200,
        _detail(
            selectors.report_api_detail_for_user(actor=as_actor(request.user), pk=report_id),
            request.user,
        ),
    )


def _public_label(event) -> str:
    if event.kind == EventKind.FORWARDED:
        return _("Passed on to the competent agency")
    return str(Status(event.to_status).label) if event.to_status else ""


# --- forwarding (issue 17) ------------------------------------------------------------------


class AgencyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    phone: str
    email: str
    address: str
    region_code: str | None


class ForwardingOut(Schema):
    id: int
    agency: AgencyOut
    note: str
    status: str
    status_label: str
    answer: str
    waived: bool
    waive_reason: str
    settled: bool
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class ForwardIn(BodyIn):
    agency_ids: list[int] = Field(
        min_length=1,
        max_length=20,
        description="Ids from `GET …/forwardings/agencies`: national agencies and those whose "
        "area holds the report's village",
    )
    note: str = Field(min_length=1, max_length=services.MAX_NOTE, description="To the agencies")


class ForwardingUpdateIn(BodyIn):
    status: ForwardingStatus = Field(
        description="Forward only: dikirim → diterima → ditindaklanjuti → selesai (a step may "
        "be skipped); `selesai` needs an answer"
    )
    answer: str = Field("", max_length=services.MAX_NOTE, description="The agency's answer")


class WaiveIn(BodyIn):
    reason: str = Field(min_length=1, max_length=services.MAX_NOTE)


def _agency_out(a) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "kind_label": str(AgencyKind(a.kind).label),
        "name": a.name,
        "phone": a.phone,
        "email": a.email,
        "address": a.address,
        "region_code": a.region_id,
    }


def _forwarding_out(f: Forwarding) -> dict:
    return {
        "id": f.pk,
        "agency": _agency_out(f.agency),
        "note": f.note,
        "status": f.status,
        "status_label": str(ForwardingStatus(f.status).label),
        "answer": f.answer,
        "waived": f.waived,
        "waive_reason": f.waive_reason,
        "settled": f.settled,
        "created_by": f.created_by.username if f.created_by else None,
        "created_at": f.created_at,
        "updated_at": f.updated_at,
    }


def _report_by_code(request, tracking_code: str) -> Report:
    return selectors.report_by_code_for_user(actor=as_actor(request.user), code=tracking_code[:20])


@router.get(
    "/{tracking_code}/forwardings",
    response={200: list[ForwardingOut], 401: Message, 404: Message},
    summary="A report's forwardings to other agencies",
)
def forwarding_list(request, tracking_code: str):
    report = _report_by_code(request, tracking_code)
    return [
        _forwarding_out(f)
        for f in selectors.forwardings_for_report(actor=as_actor(request.user), report=report)
    ]


@router.get(
    "/{tracking_code}/forwardings/agencies",
    response={200: list[AgencyOut], 401: Message, 404: Message},
    summary="Agencies this report can be passed on to",
)
def forwarding_agencies(request, tracking_code: str):
    report = _report_by_code(request, tracking_code)
    return [
        _agency_out(a)
        for a in selectors.agencies_for_report(actor=as_actor(request.user), report=report)
    ]


@router.post(
    "/{tracking_code}/forwardings",
    response={
        201: list[ForwardingOut],
        401: Message,
        403: Message,
        404: Message,
        409: Message,
        422: ValidationOut,
    },
    summary="Pass a verified report on to one or more agencies",
)
def forwarding_create(request, tracking_code: str, payload: ForwardIn):
    """The reporter's public timeline then says the report was passed on to the competent
    agency; it never names the agency, the officer or the note. 422 for an agency that does not
    cover the report's village or is already waiting for this report; 409 when the report is
    not verified yet or already closed."""
    actor = as_actor(request.user)
    report = _report_by_code(request, tracking_code)
    agencies = list(selectors.agencies_for_user(actor=actor).filter(pk__in=payload.agency_ids))
    if len(agencies) != len(set(payload.agency_ids)):
        return _unprocessable(
            "agency_ids",
            _("Choose agencies from the list: they must cover the report's village."),
        )
    made = services.forwarding_create(
        actor=actor, report=report, agencies=agencies, note=payload.note
    )
    return Reply(201, [_forwarding_out(f) for f in made])


def _forwarding(request, tracking_code: str, forwarding_id: int) -> Forwarding:
    report = _report_by_code(request, tracking_code)
    return selectors.forwarding_for_user(
        actor=as_actor(request.user), report=report, pk=forwarding_id
    )


@router.patch(
    "/{tracking_code}/forwardings/{forwarding_id}",
    response={
        200: ForwardingOut,
        401: Message,
        403: Message,
        404: Message,
        409: Message,
        422: ValidationOut,
    },
    summary="Record where the agency is with it and its answer",
)
def forwarding_update(
    request, tracking_code: str, forwarding_id: RecordId, payload: ForwardingUpdateIn
):
    forwarding = _forwarding(request, tracking_code, forwarding_id)
    updated = services.forwarding_update(
        actor=as_actor(request.user),
        forwarding=forwarding,
        status=payload.status.value,
        answer=payload.answer,
    )
    return _forwarding_out(updated)


@router.post(
    "/{tracking_code}/forwardings/{forwarding_id}/waive",
    response={
        200: ForwardingOut,
        401: Message,
        403: Message,
        404: Message,
        409: Message,
        422: ValidationOut,
    },
    summary="Waive a forwarding with a reason, so the report can close",
)
def forwarding_waive(request, tracking_code: str, forwarding_id: RecordId, payload: WaiveIn):
    forwarding = _forwarding(request, tracking_code, forwarding_id)
    updated = services.forwarding_waive(
        actor=as_actor(request.user), forwarding=forwarding, reason=payload.reason
    )
    return _forwarding_out(updated)
