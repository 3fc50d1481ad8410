"""Read queries on reports. Every officer-facing query is narrowed by accounts/scope.py; the
only unscoped read is the public lookup by tracking code, which shows public events only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import (
    EVERYWHERE,
    Actor,
    actors_for,
    as_actor,
    get_in_scope_or_404,
    in_scope,
    role_of,
    scope_filter,
    scope_q,
)
from desabinaan.programme.selectors import active_pimpasa_for_region
from desabinaan.regions.models import Level, Office, OfficeKind, Region
from desabinaan.regions.selectors import offices_for_region

from . import codes
from .models import (
    OPEN_STATUSES,
    PROTOCOL_ORDER,
    URGENT_CATEGORIES,
    Agency,
    Attachment,
    Forwarding,
    ProtocolStage,
    ProtocolStep,
    RefugeeDetails,
    Report,
    ReportEvent,
    RoutedVia,
)
from .routing import cached_routing

# Who works reports: PIMPASA and Kanim staff act; Kanwil, pusat and admins only read.
HANDLER_ROLES = (Role.PIMPASA, Role.KANIM)
VIEWER_ROLES = (Role.PIMPASA, Role.KANIM, Role.KANWIL, Role.PUSAT, Role.ADMIN)

# Inbox age filter: value → (newer than, older than) in days.
AGE_BUCKETS = {
    "1": (None, 1),
    "7": (None, 7),
    "30": (None, 30),
    "lama": (30, None),
    # Overdue (issue 11 item 8): still open after REPORTS_OVERDUE_DAYS, shown on the home page.
    "terlambat": (settings.REPORTS_OVERDUE_DAYS, None),
}


def can_view_reports(user: User | Actor) -> bool:
    """Village partners file reports but never read others': a kepala desa must not learn who
    in the village reported whom."""
    return role_of(user) in VIEWER_ROLES


def can_handle(user: User | Actor, report: Report) -> bool:
    return role_of(user) in HANDLER_ROLES and in_scope(user, report.region_id)


def can_see_contact(user: User, report: Report) -> bool:
    """A reporter's contact is for the officers handling the report, masked for monitoring roles."""
    return can_handle(user, report)


def mask_contact(contact: str) -> str:
    if not contact:
        return ""
    keep = contact[-2:] if len(contact) > 4 else ""
    return "•" * 6 + keep


@dataclass(frozen=True)
class Routing:
    via: str
    office: Office | None
    officer: User | None


def routing_for_region(region: Region) -> Routing:
    """Who answers a report from this desa: its PIMPASA (desa-level first), else its kecamatan's
    PIMPASA, else the Kanim whose jurisdiction holds it. Remembered per process until the
    programme changes (reports/routing.py)."""
    return cached_routing(region, routing_lookup)


def routing_lookup(region: Region) -> Routing:
    """routing_for_region read from the database (two queries)."""
    assignment = active_pimpasa_for_region(region)
    if assignment is not None:
        via = (
            RoutedVia.PIMPASA_DESA
            if assignment.region.level == Level.DESA
            else RoutedVia.PIMPASA_KECAMATAN
        )
        return Routing(via=via, office=assignment.office, officer=assignment.officer)
    kanim = offices_for_region(region).filter(kind=OfficeKind.KANIM).first()
    if kanim is not None:
        return Routing(via=RoutedVia.KANIM, office=kanim, officer=None)
    return Routing(via=RoutedVia.UNROUTED, office=None, officer=None)


def _reports() -> QuerySet[Report]:
    return Report.objects.select_related("region", "assigned_to", "office")


def reports_for_user(
    *,
    actor: Actor,
    status: str | None = None,
    category: str | None = None,
    region: str | None = None,
    age: str | None = None,
) -> QuerySet[Report]:
    """The inbox: reports in the user's scope, urgent open ones (pengungsi, tppo) first, then the
    newest. Without a status filter only open reports are listed."""
    if not can_view_reports(actor):
        return Report.objects.none()
    qs = scope_filter(_reports(), actor)
    if status == "semua":
        pass
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if category:
        qs = qs.filter(category=category)
    if region:
        # The same prefix rule as the scope itself, so a filter can only narrow it.
        qs = qs.filter(scope_q(frozenset({region.rstrip(".")}), "region"))
    if age in AGE_BUCKETS:
        newer_than, older_than = AGE_BUCKETS[age]
        now = timezone.now()
        if older_than is not None:
            qs = qs.filter(created_at__gte=now - timedelta(days=older_than))
        if newer_than is not None:
            qs = qs.filter(created_at__lt=now - timedelta(days=newer_than))
    return qs.annotate(
        urgency=Case(
            When(Q(category__in=URGENT_CATEGORIES, status__in=OPEN_STATUSES), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-urgency", "-created_at", "-pk")


def get_report_for_user(*, actor: Actor, pk: int) -> Report:
    """One report in the user's scope, or 404 (never 403: existence does not leak)."""
    qs = _reports() if can_view_reports(actor) else Report.objects.none()
    return get_in_scope_or_404(qs, actor, "region", pk=pk)


def _report_detail(*, actor: Actor, pk: int, qs: QuerySet[Report]) -> Report:
    qs = qs.prefetch_related(
        Prefetch("events", queryset=ReportEvent.objects.select_related("actor")),
        "attachments",
    )
    if not can_view_reports(actor):
        qs = Report.objects.none()
    return get_in_scope_or_404(qs, actor, "region", pk=pk)


def report_detail_for_user(*, actor: Actor, pk: int) -> Report:
    return _report_detail(actor=actor, pk=pk, qs=_reports())


def report_api_detail_for_user(*, actor: Actor, pk: int) -> Report:
    """The detail with the refugee form's answers and protocol steps (the API serves them with
    the report; the page fetches them through refugee_protocol)."""
    qs = (
        _reports()
        .select_related("refugee")
        .prefetch_related(
            Prefetch("protocol_steps", queryset=ProtocolStep.objects.select_related("done_by"))
        )
    )
    return _report_detail(actor=actor, pk=pk, qs=qs)


def attachment_for_user(*, actor: Actor, pk: int) -> Attachment:
    qs = Attachment.objects.select_related("report")
    if not can_view_reports(actor):
        qs = Attachment.objects.none()
    return get_in_scope_or_404(qs, actor, "report__region", pk=pk)


def report_by_code(code: str) -> Report | None:
    return Report.objects.select_related("region").filter(tracking_code=code).first()


def public_events(report: Report) -> list[ReportEvent]:
    # Only public events, and never the actor: the reporter learns what happened, not who.
    return list(
        report.events.filter(is_public=True).only("report", "at", "kind", "to_status", "note")
    )


def assignable_officers(*, actor: Actor, report: Report) -> list[User]:
    """Officers of the acting officer's own office who can see the report."""
    office_id = getattr(as_actor(actor).user, "office_id", None)
    if not office_id:
        return []
    candidates = User.objects.filter(
        office_id=office_id, role__in=HANDLER_ROLES, is_active=True
    ).order_by("first_name", "username")
    # Every candidate's scope in two queries, not one per officer.
    return [a.user for a in actors_for(candidates) if a.sees(report.region_id)]


@dataclass(frozen=True)
class WaitingReports:
    open: int
    urgent: int
    overdue: int


def waiting_reports(*, actor: Actor) -> WaitingReports:
    """The open reports in the user's scope, with how many are urgent (pengungsi, TPPO) and how
    many have waited longer than REPORTS_OVERDUE_DAYS: one aggregate query for the home page."""
    if not can_view_reports(actor):
        return WaitingReports(0, 0, 0)
    cutoff = timezone.now() - timedelta(days=settings.REPORTS_OVERDUE_DAYS)
    counts = scope_filter(Report.objects.filter(status__in=OPEN_STATUSES), actor).aggregate(
        open=Count("pk"),
        urgent=Count("pk", filter=Q(category__in=URGENT_CATEGORIES)),
        overdue=Count("pk", filter=Q(created_at__lt=cutoff)),
    )
    return WaitingReports(**counts)


def open_reports_by_kabupaten(*, actor: Actor) -> dict[str, int]:
    """Open reports per kabupaten/kota code of the user's scope (the Kanim home's table)."""
    if not can_view_reports(actor):
        return {}
    rows = (
        scope_filter(Report.objects.filter(status__in=OPEN_STATUSES), actor)
        .annotate(kab=Substr("region_id", 1, 5))
        .values("kab")
        .annotate(n=Count("pk"))
    )
    return {r["kab"]: r["n"] for r in rows}


@dataclass(frozen=True)
class ProtocolItem:
    stage: str
    label: str
    step: object  # the ProtocolStep once done, else None
    can_mark: bool  # the next stage in order, for an officer who handles the report


@dataclass(frozen=True)
class RefugeeProtocol:
    details: object  # RefugeeDetails or None (an API client may send none)
    items: list[ProtocolItem]


def refugee_protocol(*, actor: Actor, report: Report) -> RefugeeProtocol:
    """The refugee report's details and its protocol checklist (two queries). The caller has
    fetched `report` through the scope already."""
    details = RefugeeDetails.objects.filter(report=report).first()
    done = {
        s.stage: s for s in ProtocolStep.objects.filter(report=report).select_related("done_by")
    }
    handles = can_handle(actor, report)
    items = []
    previous_done = True
    for stage in PROTOCOL_ORDER:
        step = done.get(stage)
        items.append(
            ProtocolItem(
                stage=stage,
                label=str(ProtocolStage(stage).label),
                step=step,
                can_mark=handles and step is None and previous_done,
            )
        )
        previous_done = step is not None
    return RefugeeProtocol(details=details, items=items)


# --- agencies and forwardings (issue 17) ----------------------------------------------------

# Who keeps the agency list: a Kanim for the areas of its jurisdiction, the directorate for all.
AGENCY_EDITOR_ROLES = (Role.KANIM, Role.PUSAT, Role.ADMIN)


def _ancestors(code: str) -> list[str]:
    """'19.04.01' → ['19', '19.04']: the wider regions that hold a code."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def agency_scope_q(actor: Actor, field: str = "region") -> Q:
    """Agencies an officer may see and use: national ones (no region), those whose area lies in
    the officer's scope, and those whose wider area holds it (a province's BP3MI)."""
    actor = as_actor(actor)
    if actor.scope is EVERYWHERE:
        return Q()
    wider = {a for prefix in actor.scope for a in _ancestors(prefix)}
    return (
        Q(**{f"{field}__isnull": True})
        | scope_q(actor.scope, field)
        | Q(**{f"{field}__in": sorted(wider)})
    )


def agencies_for_user(
    *, actor: Actor, kind: str | None = None, active_only: bool = False
) -> QuerySet[Agency]:
    if not can_view_reports(actor):
        return Agency.objects.none()
    qs = Agency.objects.select_related("region", "office").filter(agency_scope_q(actor))
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(active=True)
    return qs.order_by("kind", "name", "pk")


def agency_for_user(*, actor: Actor, pk: int) -> Agency:
    """One agency the user may see, or 404."""
    agency = agencies_for_user(actor=actor).filter(pk=pk).first()
    if agency is None:
        raise Http404
    return agency


def can_edit_agency(actor: Actor, agency: Agency | None = None) -> bool:
    """pusat and admins edit every agency; a Kanim those whose area lies in its jurisdiction
    (not national ones nor a province's, which the directorate keeps). `agency=None`: may the
    actor add agencies at all."""
    actor = as_actor(actor)
    if actor.is_system or actor.role in (Role.PUSAT, Role.ADMIN):
        return True
    if actor.role != Role.KANIM:
        return False
    if agency is None:
        return bool(actor.scope)
    return agency.region_id is not None and actor.sees(agency.region_id)


def agencies_for_report(*, actor: Actor, report: Report) -> QuerySet[Agency]:
    """Active agencies a report can be passed on to: national ones and those whose area holds
    the report's village, within what the officer may use."""
    covering = [*_ancestors(report.region_id), report.region_id]
    return agencies_for_user(actor=actor, active_only=True).filter(
        Q(region__isnull=True) | Q(region_id__in=covering)
    )


def report_by_code_for_user(*, actor: Actor, code: str) -> Report:
    """A report in the user's scope by its tracking code (the forwarding API's address), or 404."""
    qs = _reports() if can_view_reports(actor) else Report.objects.none()
    return get_in_scope_or_404(qs, actor, "region", tracking_code=codes.normalise(code))


def forwardings_for_report(*, actor: Actor, report: Report) -> list[Forwarding]:
    """A report's forwardings, oldest first; the report must already be in the user's scope."""
    if not can_view_reports(actor) or not in_scope(actor, report.region_id):
        return []
    return list(
        Forwarding.objects.filter(report=report)
        .select_related("agency", "created_by")
        .order_by("created_at", "pk")
    )


def forwarding_for_user(*, actor: Actor, report: Report, pk: int) -> Forwarding:
    qs = Forwarding.objects.select_related("agency", "report", "report__region")
    if not can_view_reports(actor):
        qs = Forwarding.objects.none()
    return get_in_scope_or_404(qs, actor, "report__region", pk=pk, report=report)


def unsettled_forwardings(report: Report) -> list[Forwarding]:
    return list(
        Forwarding.objects.filter(report=report, waived=False)
        .exclude(status="selesai")
        .select_related("agency")
        .order_by("pk")
    )


# --- the map (issue 17) ------------------------------------------------------------------------


def map_reports(*, actor: Actor, **filters) -> QuerySet[Report]:
    """The inbox's reports (same scope, same filters) as the map needs them: only the columns a
    point or a row of the list beside the map shows."""
    return (
        reports_for_user(actor=actor, **filters)
        .select_related(None)
        .select_related("region")
        .only(
            "pk",
            "tracking_code",
            "category",
            "status",
            "latitude",
            "longitude",
            "created_at",
            "region__code",
            "region__name",
        )
    )
