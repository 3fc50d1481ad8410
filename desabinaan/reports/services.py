"""State changes on reports (DESIGN.md §6): one function per use case, keyword-only arguments,
transactional, the actor (accounts.scope.Actor) passed in as a required keyword so the service
checks its own permission and writes the timeline and the audit event itself. Refusals are the
family in core/refusals.py: Invalid (422), NotAllowed (403), Conflict (409: a step the report's
status does not allow, or an Idempotency-Key reused for another report).

Nothing here reads a request: the caller never hands over an IP address or a user agent, so no
code path can store one.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.notify import Kind, notify_addresses
from desabinaan.accounts.scope import Actor, as_actor, public_actor
from desabinaan.core import idempotency
from desabinaan.core.audit import Action, changes_between, record
from desabinaan.core.images import PixelBudget
from desabinaan.core.refusals import Conflict, Invalid, NotAllowed, require_reason
from desabinaan.regions.geo import point_problem
from desabinaan.regions.models import Level, Region

from . import codes, deadlines, notifications
from .attachments import MAX_FILES, AttachmentRefused, PreparedFile, prepare
from .models import (
    CLOSING_STATUSES,
    MESSAGE_REQUIRED,
    OPEN_STATUSES,
    PROTOCOL_ORDER,
    TRANSITIONS,
    Agency,
    AgencyKind,
    Attachment,
    Category,
    Channel,
    Escalation,
    EscalationLevel,
    EventKind,
    Forwarding,
    ForwardingStatus,
    ProtocolStage,
    ProtocolStep,
    RefugeeCondition,
    RefugeeDetails,
    RefugeeLocation,
    Report,
    ReportEvent,
    ResponseDeadline,
    Status,
)
from .selectors import (
    HANDLER_ROLES,
    agencies_for_report,
    can_edit_agency,
    can_handle,
    routing_for_region,
    unsettled_forwardings,
)

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 4000
MIN_DESCRIPTION = 10
MAX_NOTE = 2000


@dataclass(frozen=True)
class Submitted:
    report: Report
    created: bool  # False when an Idempotency-Key retry found the report made the first time


MAX_REFUGEES = 5000
MAX_NATIONALITY = 60


@dataclass(frozen=True)
class RefugeeInput:
    """The short refugee form (category pengungsi): what the reporter saw."""

    total: int | None
    adults: int | None
    children: int | None
    women: int | None
    location_kind: str
    nationality: str = ""
    conditions: tuple[str, ...] = ()


def _count(value, field: str) -> int:
    if value is None or value == "":
        raise Invalid(_("Fill in this number (0 if none)."), field=field, code="required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(_("Give a whole number."), field=field, code="number")
    if value < 0:
        raise Invalid(_("A number of people cannot be negative."), field=field, code="negative")
    if value > MAX_REFUGEES:
        raise Invalid(
            _("At most %(n)s people in one report.") % {"n": MAX_REFUGEES},
            field=field,
            code="too_many",
        )
    return value


def refugee_problems(data: RefugeeInput) -> RefugeeDetails:
    """The refugee answers checked (Invalid on the first problem), as an unsaved row."""
    total = _count(data.total, "refugee_total")
    if total < 1:
        raise Invalid(
            _("How many people did you see? At least 1."), field="refugee_total", code="zero"
        )
    adults = _count(data.adults, "refugee_adults")
    children = _count(data.children, "refugee_children")
    women = _count(data.women, "refugee_women")
    if adults + children != total:
        raise Invalid(
            _(
                "Adults (%(adults)s) and children (%(children)s) must add up to the number of "
                "people (%(total)s)."
            )
            % {"adults": adults, "children": children, "total": total},
            field="refugee_children",
            code="sum",
        )
    if women > total:
        raise Invalid(
            _("Women and girls (%(women)s) cannot be more than the number of people (%(total)s).")
            % {"women": women, "total": total},
            field="refugee_women",
            code="women",
        )
    if data.location_kind not in RefugeeLocation.values:
        raise Invalid(
            _("Choose where the people are: on a boat, in the village or moving."),
            field="refugee_location",
            code="location",
        )
    unknown = [c for c in data.conditions if c not in RefugeeCondition.values]
    if unknown:
        raise Invalid(
            _("Unknown condition. Choose from: injured, sick, hungry."),
            field="refugee_conditions",
            code="condition",
        )
    nationality = (data.nationality or "").strip()
    if len(nationality) > MAX_NATIONALITY:
        raise Invalid(
            _("The nationality can have at most %(n)s characters.") % {"n": MAX_NATIONALITY},
            field="refugee_nationality",
            code="too_long",
        )
    if len(nationality) == 2 and nationality.isalpha():
        nationality = nationality.upper()  # an ISO 3166 code, as the country list gives it
    conditions = set(data.conditions)
    return RefugeeDetails(
        total=total,
        adults=adults,
        children=children,
        women=women,
        nationality=nationality,
        injured=RefugeeCondition.INJURED in conditions,
        sick=RefugeeCondition.SICK in conditions,
        hungry=RefugeeCondition.HUNGRY in conditions,
        location_kind=data.location_kind,
    )


def _validate(
    *,
    category: str,
    region: Region | None,
    description: str,
    occurred_on: date | None,
    actor: Actor,
) -> str:
    """The business rules every channel shares; returns the channel implied by the actor."""
    if category not in Category.values:
        raise Invalid(_("Choose what the report is about."), field="category", code="category")
    if region is None or region.level != Level.DESA:
        raise Invalid(
            _("Choose a village (desa or kelurahan), not a larger area."),
            field="region_code",
            code="not_desa",
        )
    length = len(description.strip())
    if length < MIN_DESCRIPTION:
        raise Invalid(
            _("Tell us what happened in at least %(n)s characters.") % {"n": MIN_DESCRIPTION},
            field="description",
            code="too_short",
        )
    if length > MAX_DESCRIPTION:
        raise Invalid(
            _("The description is too long: at most %(n)s characters.") % {"n": MAX_DESCRIPTION},
            field="description",
            code="too_long",
        )
    if occurred_on and occurred_on > timezone.localdate():
        raise Invalid(_("The date cannot be in the future."), field="occurred_on", code="future")
    if actor.user is None or not actor.user.is_authenticated:
        return Channel.PUBLIC
    if actor.role == Role.MITRA:
        if not actor.sees(region.code):
            raise Invalid(
                _("As a village partner you can file reports only for your own area."),
                field="region_code",
                code="outside_area",
            )
        return Channel.MITRA
    if actor.role == Role.PIMPASA:
        return Channel.IN_PERSON
    return Channel.PUBLIC


def report_submit(
    *,
    category: str,
    region: Region | None,
    description: str,
    occurred_on: date | None = None,
    landmark: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    contact: str = "",
    files=(),
    actor: Actor,
    via_api: bool = False,
    idempotency_key: str | None = None,
    fingerprint: str = "",
    key_unused: bool = False,
    refugee: RefugeeInput | None = None,
) -> Submitted:
    """File a report (public, partner on behalf of a resident, or PIMPASA in person), route it
    and store its evidence. Every check, including every file's, runs before the first write, so
    a refusal leaves nothing behind. The public acts as `public_actor()` (an anonymous user).

    `key_unused=True`: the caller has just looked the key up and found no report, so the lookup
    before the insert is skipped (one query less on the public API's path); a concurrent request
    with the same key is still caught by the unique key on insert and answered with its report.

    `refugee`: the short refugee form, for category pengungsi only (optional: an older client
    may send none). The Kanim and the Kanwil are told at once, after the commit; the officers
    covering the village are told of every new report (their preference)."""
    actor = as_actor(actor)
    channel = _validate(
        category=category,
        region=region,
        description=description,
        occurred_on=occurred_on,
        actor=actor,
    )
    if problem := point_problem(region, latitude, longitude):
        raise Invalid(problem, field="latitude", code="location")
    if via_api and channel == Channel.PUBLIC:
        channel = Channel.API
    if refugee is not None and category != Category.PENGUNGSI:
        raise Invalid(
            _("Refugee details belong only to a report about refugees or asylum seekers."),
            field="refugee",
            code="not_refugee_report",
        )
    details = refugee_problems(refugee) if refugee is not None else None
    digest = idempotency.key_digest(idempotency_key) if idempotency_key else None
    if digest and not key_unused:
        existing = _replay(digest, fingerprint)
        if existing is not None:
            return Submitted(existing, created=False)
    files = list(files)
    if len(files) > MAX_FILES:
        raise AttachmentRefused(_("At most %(n)s files per report.") % {"n": MAX_FILES})
    budget = PixelBudget()  # the pixels this whole report may decode
    prepared = [prepare(f, position=i, budget=budget) for i, f in enumerate(files, start=1)]

    now = timezone.now()
    routing = routing_for_region(region)
    filed_by = actor.user if channel in (Channel.MITRA, Channel.IN_PERSON) else None
    report = Report(
        category=category,
        description=description.strip(),
        occurred_on=occurred_on,
        region=region,
        landmark=landmark.strip(),
        latitude=_coord(latitude),
        longitude=_coord(longitude),
        contact=contact.strip(),
        channel=channel,
        filed_by=filed_by,
        routed_via=routing.via,
        office=routing.office,
        assigned_to=routing.officer,
        idempotency_key=digest,
        idempotency_fingerprint=fingerprint if digest else "",
        created_at=now,
        updated_at=now,
    )
    # One transaction per attempt, opened by the first write: a tracking code that collides
    # (or a concurrent retry with the same key) rolls back the attempt as a whole, with no
    # savepoint round trips around the insert.
    for _attempt in range(5):
        report.tracking_code = codes.generate()
        saved = False
        try:
            with transaction.atomic():
                report.save()
                saved = True
                _after_insert(
                    report, routing, prepared, details, actor=actor, filed_by=filed_by, now=now
                )
            break
        except IntegrityError:
            if saved:  # not the report's own unique keys: a real error
                raise
            if digest:
                # A concurrent retry with the same key won the race: answer with its report.
                existing = _replay(digest, fingerprint)
                if existing is not None:
                    return Submitted(existing, created=False)
            report.pk = None
            # Otherwise the random code collided: draw another.
    else:  # 31**9 codes make five collisions in a row practically impossible
        raise Conflict(_("Could not save the report. Please try again."), code="retry")
    # Ids only: never the contact, the description or anything about the sender.
    log.info("report %s filed via %s, routed %s", report.pk, channel, routing.via)
    return Submitted(report, created=True)


def _after_insert(report, routing, prepared, details, *, actor: Actor, filed_by, now) -> None:
    """The writes that follow the report's own insert, in its transaction."""
    ReportEvent.objects.bulk_create(
        [
            ReportEvent(
                report=report,
                at=now,
                actor=filed_by,
                kind=EventKind.SUBMITTED,
                to_status=Status.BARU,
                is_public=True,
            ),
            ReportEvent(
                report=report,
                at=now,
                kind=EventKind.ROUTED,
                note=_routing_note(routing),
            ),
        ]
    )
    if details is not None:
        details.report = report
        details.save()
    _store_attachments(report, prepared)
    # Rows for the deliveries, in this transaction; they are sent after the commit.
    notifications.report_received(report, details)
    record(
        # The public stays anonymous in the trail; a partner or a PIMPASA is named.
        actor=actor if filed_by else public_actor(),
        action=Action.REPORT_SUBMIT,
        region=report.region,
        target=report,
        summary=f"Laporan #{report.pk} diterima",
    )


def _replay(digest: str, fingerprint: str) -> Report | None:
    return idempotency.replay(
        Report.objects,
        digest=digest,
        fingerprint=fingerprint,
        conflict=lambda: Conflict(
            _(
                "This Idempotency-Key was already used for a different report. "
                "Use a new key for a new report."
            ),
            code="idempotency_key",
        ),
    )


def _coord(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.00001"))


def _routing_note(routing) -> str:
    parts = [str(routing.office) if routing.office else "-"]
    if routing.officer:
        parts.append(routing.officer.username)
    return f"{routing.via}: " + " · ".join(parts)


def _store_attachments(report: Report, prepared: list[PreparedFile]) -> None:
    saved: list[Attachment] = []
    try:
        for item in prepared:
            attachment = Attachment(
                report=report,
                kind=item.kind,
                content_type=item.content_type,
                size=len(item.data),
                sha256=item.sha256,
            )
            attachment.file.save(f"{uuid.uuid4().hex}.{item.extension}", ContentFile(item.data))
            saved.append(attachment)
    except Exception:
        # The transaction undoes the rows; the files on disk have to be removed by hand.
        for attachment in saved:
            attachment.file.delete(save=False)
        raise


def _require_handler(actor: Actor, report: Report) -> None:
    if not can_handle(actor, report):
        raise NotAllowed(_("You cannot act on this report."), code="not_handler")


def _change_status(
    *, report: Report, to_status: str, actor: Actor, note: str = "", public_note: str = ""
) -> Report:
    actor = as_actor(actor)
    _require_handler(actor, report)
    # Lock the row: two officers clicking at once must not both move it from the same status.
    locked = Report.objects.select_for_update().get(pk=report.pk)
    allowed = TRANSITIONS[locked.status]
    if to_status not in allowed:
        names = ", ".join(str(Status(s).label) for s in allowed) or _("none (the report is closed)")
        raise Conflict(
            _(
                "A report that is “%(current)s” cannot become “%(target)s”. "
                "Possible next steps: %(allowed)s."
            )
            % {
                "current": Status(locked.status).label,
                "target": Status(to_status).label if to_status in Status.values else to_status,
                "allowed": names,
            },
            code="transition",
        )
    if len(note) > MAX_NOTE or len(public_note) > MAX_NOTE:
        raise Invalid(
            _("A note can have at most %(n)s characters.") % {"n": MAX_NOTE},
            field="note" if len(note) > MAX_NOTE else "public_note",
            code="too_long",
        )
    if to_status in CLOSING_STATUSES:
        _refuse_unsettled(locked)
    if to_status in MESSAGE_REQUIRED and not public_note.strip():
        raise Invalid(
            _(
                "Write the reason for the reporter: they read it with their tracking code, "
                "right after “report received”."
            ),
            field="public_note",
            code="required",
        )
    now = timezone.now()
    from_status = locked.status
    before_assignee = locked.assigned_to_id
    locked.status = to_status
    locked.updated_at = now
    update = ["status", "updated_at"]
    if locked.assigned_to_id is None and actor.role in HANDLER_ROLES:
        # Whoever first moves an unassigned (Kanim-routed) report takes it.
        locked.assigned_to = actor.user
        update.append("assigned_to")
    locked.save(update_fields=update)
    ReportEvent.objects.create(
        report=locked,
        at=now,
        actor=actor.user,
        kind=EventKind.STATUS,
        from_status=from_status,
        to_status=to_status,
        note=public_note.strip(),
        is_public=True,
    )
    if note.strip():
        ReportEvent.objects.create(
            report=locked, at=now, actor=actor.user, kind=EventKind.NOTE, note=note.strip()
        )
    record(
        actor=actor,
        action=Action.REPORT_STATUS,
        region=locked.region,
        target=locked,
        summary=f"Laporan #{locked.pk}: {Status(from_status).label} → {Status(to_status).label}",
        changes=changes_between(
            {"status": from_status, "assigned_to": before_assignee},
            {"status": to_status, "assigned_to": locked.assigned_to_id},
        ),
    )
    notifications.reporter_status_changed(locked, public_note)
    report.status = locked.status
    report.updated_at = now
    report.assigned_to_id = locked.assigned_to_id
    return locked


def _step(to_status: str, doc: str):
    """One named service per workflow step (report_verify, report_reject…): each only moves a
    report to its status; _change_status holds the rules that are the same for every step."""

    @transaction.atomic
    def service(*, actor: Actor, report: Report, note: str = "", public_note: str = ""):
        return _change_status(
            report=report,
            to_status=to_status,
            actor=actor,
            note=note,
            public_note=public_note,
        )

    service.__doc__ = doc
    return service


report_verify = _step(
    Status.DIVERIFIKASI, "baru → diverifikasi: an officer has checked the report is real."
)
report_follow_up = _step(Status.DITINDAKLANJUTI, "diverifikasi → ditindaklanjuti.")
report_complete = _step(Status.SELESAI, "ditindaklanjuti → selesai.")
report_mark_unproven = _step(Status.TIDAK_TERBUKTI, "ditindaklanjuti → tidak_terbukti.")
report_reject = _step(Status.DITOLAK, "baru → ditolak: spam or abuse.")


# The one place that maps a requested status to its service (views and API dispatch through it).
STATUS_SERVICES = {
    Status.DIVERIFIKASI: report_verify,
    Status.DITINDAKLANJUTI: report_follow_up,
    Status.SELESAI: report_complete,
    Status.TIDAK_TERBUKTI: report_mark_unproven,
    Status.DITOLAK: report_reject,
}


def report_transition(
    *, actor: Actor, report: Report, to_status: str, note: str = "", public_note: str = ""
) -> Report:
    service = STATUS_SERVICES.get(to_status)
    if service is None:
        raise Conflict(_("Unknown status. Choose one of the offered steps."), code="transition")
    return service(report=report, actor=actor, note=note, public_note=public_note)


@transaction.atomic
def report_note_add(*, actor: Actor, report: Report, note: str) -> ReportEvent:
    """An internal note: officers only, never shown by tracking code."""
    actor = as_actor(actor)
    _require_handler(actor, report)
    note = note.strip()
    if not note:
        raise Invalid(_("Write the note first."), field="note", code="required")
    if len(note) > MAX_NOTE:
        raise Invalid(
            _("A note can have at most %(n)s characters.") % {"n": MAX_NOTE},
            field="note",
            code="too_long",
        )
    event = ReportEvent.objects.create(
        report=report, actor=actor.user, kind=EventKind.NOTE, note=note
    )
    # The note itself stays in the report's events: it may hold what the reporter said.
    record(
        actor=actor,
        action=Action.REPORT_NOTE,
        region=report.region,
        target=report,
        summary=f"Catatan internal pada laporan #{report.pk}",
    )
    return event


@transaction.atomic
def report_assign(*, actor: Actor, report: Report, assignee: User) -> Report:
    """Hand the report to another officer of the acting officer's own office."""
    actor = as_actor(actor)
    _require_handler(actor, report)
    if (
        not assignee.is_active
        or assignee.role not in HANDLER_ROLES
        or not actor.user.office_id
        or assignee.office_id != actor.user.office_id
    ):
        raise NotAllowed(
            _("You can assign reports only to officers of your own office."),
            field="username",
            code="other_office",
        )
    if not as_actor(assignee).sees(report.region_id):
        raise NotAllowed(
            _("This officer does not cover the report's village."),
            field="username",
            code="assignee_outside_area",
        )
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.assigned_to_id == assignee.pk:
        raise Invalid(
            _("The report is already assigned to this officer."),
            field="username",
            code="already_assigned",
        )
    before = {"assigned_to": locked.assigned_to_id}
    locked.assigned_to = assignee
    locked.updated_at = timezone.now()
    locked.save(update_fields=["assigned_to", "updated_at"])
    ReportEvent.objects.create(
        report=locked,
        actor=actor.user,
        kind=EventKind.ASSIGNED,
        note=assignee.username,
    )
    record(
        actor=actor,
        action=Action.REPORT_ASSIGN,
        region=locked.region,
        target=locked,
        summary=f"Laporan #{locked.pk} ditugaskan ke {assignee.username}",
        changes=changes_between(before, {"assigned_to": assignee.pk}),
    )
    report.assigned_to = assignee
    return locked


# --- deadlines and escalation (issue 17) -----------------------------------------------------


@dataclass(frozen=True)
class Escalated:
    pimpasa: int  # reports escalated to level 1 in this run
    kanim: int  # reports escalated to level 2 in this run


def _escalation_mail(report: Report, level: int, subject: str, body: str, to) -> None:
    """Through the notification service: written now, sent after the commit by a task,
    retried on failure; officers who switched escalations off are left out."""
    notify_addresses(
        kind=Kind.ESCALATION,
        addresses=to,
        subject=subject,
        body=body,
        payload={
            "report": report.tracking_code,
            "category": report.category,
            "region_code": report.region_id,
            "status": report.status,
            "level": int(level),
        },
    )


def _pimpasa_addresses(report: Report) -> list[str]:
    return [report.assigned_to.email] if report.assigned_to_id else []


def _kanim_addresses(report: Report, heads: dict[int, list[str]]) -> list[str]:
    if not report.office_id:
        return []
    return [report.office.email, *heads.get(report.office_id, [])]


@transaction.atomic
def reports_escalate_overdue(*, actor: Actor, now: dt.datetime | None = None) -> Escalated:
    """Open reports whose current step (verify, then the first follow-up) is past its deadline:
    level 1 tells the PIMPASA the report is routed to; level 2, `kanim_after_hours` later and
    only after level 1 was recorded in an earlier run, tells the head of the Kanim. Safe to run
    every few minutes: each level is recorded once per report and status (Escalation's unique
    constraint), so a second run sends nothing. Mail leaves after the commit."""
    actor = as_actor(actor)
    if not actor.is_system:
        raise NotAllowed()
    now = now or timezone.now()
    table = deadlines.deadline_table()
    # A report can be late only if it was received before now minus the shortest deadline.
    shortest = min(min(d.verify_hours, d.follow_up_hours) for d in table.values())
    candidates = list(
        Report.objects.select_for_update(of=("self",))
        .filter(
            status__in=[s for s in OPEN_STATUSES if s != Status.DITINDAKLANJUTI],
            created_at__lte=now - dt.timedelta(hours=shortest),
        )
        .select_related("assigned_to", "office", "region")
        .order_by("pk")
    )
    done = {
        (e.report_id, e.status, e.level): e.at
        for e in Escalation.objects.filter(report__in=[r.pk for r in candidates])
    }
    kanim_users: dict[int, list[str]] = {}
    office_ids = {r.office_id for r in candidates if r.office_id}
    for office_id, email in User.objects.filter(
        office_id__in=office_ids, role=Role.KANIM, is_active=True
    ).values_list("office_id", "email"):
        kanim_users.setdefault(office_id, []).append(email)
    first, second = [], []
    for r in candidates:
        due = deadlines.due_at(r, table)
        if due is None or due > now:
            continue
        level1_at = done.get((r.pk, r.status, EscalationLevel.PIMPASA))
        if level1_at is None:
            first.append((r, due))
            continue
        step = dt.timedelta(hours=table[r.category].kanim_after_hours)
        if (r.pk, r.status, EscalationLevel.KANIM) not in done and now >= due + step:
            second.append((r, due))
    for level, batch in ((EscalationLevel.PIMPASA, first), (EscalationLevel.KANIM, second)):
        Escalation.objects.bulk_create(
            [
                Escalation(report=r, status=r.status, level=level, due_at=due, at=now)
                for r, due in batch
            ]
        )
        ReportEvent.objects.bulk_create(
            [
                ReportEvent(
                    report=r,
                    at=now,
                    kind=EventKind.ESCALATED,
                    to_status=r.status,
                    note=str(int(level)),
                    is_public=False,
                )
                for r, _due in batch
            ]
        )
    for r, due in first:
        _escalation_mail(
            r,
            EscalationLevel.PIMPASA,
            _("Report %(code)s is past its deadline") % {"code": codes.grouped(r.tracking_code)},
            _(
                "Report %(code)s (%(category)s, %(desa)s) is still “%(status)s”; it was due "
                "%(due)s. Please handle it now."
            )
            % {
                "code": codes.grouped(r.tracking_code),
                "category": Category(r.category).label,
                "desa": r.region.name,
                "status": Status(r.status).label,
                "due": timezone.localtime(due).strftime("%d-%m-%Y %H:%M"),
            },
            _pimpasa_addresses(r) or _kanim_addresses(r, kanim_users),
        )
    for r, due in second:
        _escalation_mail(
            r,
            EscalationLevel.KANIM,
            _("Report %(code)s is still overdue") % {"code": codes.grouped(r.tracking_code)},
            _(
                "Report %(code)s (%(category)s, %(desa)s) is still “%(status)s” although it was "
                "due %(due)s and the officer was told. Please make sure it is handled."
            )
            % {
                "code": codes.grouped(r.tracking_code),
                "category": Category(r.category).label,
                "desa": r.region.name,
                "status": Status(r.status).label,
                "due": timezone.localtime(due).strftime("%d-%m-%Y %H:%M"),
            },
            _kanim_addresses(r, kanim_users),
        )
    record(
        actor=actor,
        action=Action.REPORT_ESCALATE,
        summary=f"Eskalasi laporan terlambat: {len(first)} ke PIMPASA, {len(second)} ke Kanim",
    )
    return Escalated(pimpasa=len(first), kanim=len(second))


MAX_DEADLINE_HOURS = 90 * 24


@transaction.atomic
def response_deadline_change(
    *,
    actor: Actor,
    deadline: ResponseDeadline,
    verify_hours: int,
    follow_up_hours: int,
    kanim_after_hours: int,
) -> ResponseDeadline:
    """Admin and pusat change a category's response deadlines (reference data)."""
    actor = as_actor(actor)
    superuser = actor.user is not None and actor.user.is_superuser
    if not (actor.is_system or superuser or actor.has_role(Role.ADMIN, Role.PUSAT)):
        raise NotAllowed(_("Only the directorate or an administrator may change deadlines."))
    values = {
        "verify_hours": verify_hours,
        "follow_up_hours": follow_up_hours,
        "kanim_after_hours": kanim_after_hours,
    }
    for field, hours in values.items():
        if not isinstance(hours, int) or not 1 <= hours <= MAX_DEADLINE_HOURS:
            raise Invalid(
                _("Give a number of hours between 1 and %(n)s.") % {"n": MAX_DEADLINE_HOURS},
                field=field,
                code="hours",
            )
    if follow_up_hours < verify_hours:
        raise Invalid(
            _("The follow-up cannot be due before the verification."),
            field="follow_up_hours",
            code="order",
        )
    locked = ResponseDeadline.objects.select_for_update().get(pk=deadline.pk)
    before = {f: getattr(locked, f) for f in values}
    for field, hours in values.items():
        setattr(locked, field, hours)
    locked.save(update_fields=list(values))
    record(
        actor=actor,
        action=Action.RESPONSE_DEADLINE_CHANGE,
        target=locked,
        summary=f"Batas waktu laporan {locked.category} diubah",
        changes=changes_between(before, values),
    )
    for field, hours in values.items():
        setattr(deadline, field, hours)
    return locked


# --- the refugee protocol (issue 17; DOMAIN.md §5) -------------------------------------------

MAX_STAGE_NOTE = 300


@transaction.atomic
def protocol_stage_mark(
    *,
    actor: Actor,
    report: Report,
    stage: str,
    done_at: dt.datetime | None = None,
    note: str = "",
) -> ProtocolStep:
    """An officer ticks one stage of the refugee protocol: found → secured and first needs →
    immigration check at the place → sheltered by the Pemda (UNHCR/IOM informed).

    The order is guarded: the stages are hand-overs (DOMAIN.md §5: the people are secured before
    immigration checks them at the place, and the Pemda shelters people already checked), so a
    stage is recorded only after the one before it. Each stage is recorded once; `done_at`
    (default now) may be earlier, when the officer records it after the fact, but never in the
    future nor before the stage before it."""
    actor = as_actor(actor)
    _require_handler(actor, report)
    if report.category != Category.PENGUNGSI:
        raise Conflict(
            _("The refugee protocol applies only to reports about refugees."), code="not_refugee"
        )
    if stage not in ProtocolStage.values:
        raise Invalid(_("Choose one of the protocol stages."), field="stage", code="stage")
    note = note.strip()
    if len(note) > MAX_STAGE_NOTE:
        raise Invalid(
            _("A note can have at most %(n)s characters.") % {"n": MAX_STAGE_NOTE},
            field="note",
            code="too_long",
        )
    now = timezone.now()
    done_at = done_at or now
    if done_at > now + dt.timedelta(minutes=5):
        raise Invalid(_("The time cannot be in the future."), field="done_at", code="future")
    # Lock the report: two officers ticking the same stage at once record it once.
    Report.objects.select_for_update().filter(pk=report.pk).first()
    done = {s.stage: s for s in ProtocolStep.objects.filter(report=report)}
    if stage in done:
        raise Conflict(
            _("“%(stage)s” is already recorded.") % {"stage": ProtocolStage(stage).label},
            code="stage_done",
        )
    position = PROTOCOL_ORDER.index(stage)
    if position:
        previous = PROTOCOL_ORDER[position - 1]
        if previous not in done:
            raise Conflict(
                _("Record “%(previous)s” first.") % {"previous": ProtocolStage(previous).label},
                code="stage_order",
            )
        if done_at < done[previous].done_at:
            raise Invalid(
                _("This stage cannot be earlier than the one before it (%(at)s).")
                % {"at": timezone.localtime(done[previous].done_at).strftime("%d-%m-%Y %H:%M")},
                field="done_at",
                code="before_previous",
            )
    step = ProtocolStep.objects.create(
        report=report, stage=stage, done_at=done_at, done_by=actor.user, note=note, recorded_at=now
    )
    record(
        actor=actor,
        action=Action.REFUGEE_STAGE,
        region=report.region,
        target=report,
        summary=f"Laporan #{report.pk}: tahap pengungsi {stage} dicatat",
        changes={"stage": [None, stage]},
    )
    return step


# --- agencies and forwarding (issue 17) ------------------------------------------------------

MAX_AGENCY_NAME = 200
# Where a report may be passed on from: checked, not yet closed. A new report is checked first.
FORWARDABLE = (Status.DIVERIFIKASI, Status.DITINDAKLANJUTI)


def _refuse_unsettled(report: Report) -> None:
    """The closure guard: a report closes only once every agency finished or was waived."""
    open_ones = unsettled_forwardings(report)
    if open_ones:
        names = ", ".join(
            f"{f.agency.name} ({ForwardingStatus(f.status).label})" for f in open_ones
        )
        raise Conflict(
            _(
                "The report cannot be closed while forwardings are not settled: %(names)s. "
                "Record the agency's answer as completed, or waive the forwarding with a reason."
            )
            % {"names": names},
            code="forwardings_open",
        )


def _agency_values(
    actor: Actor,
    *,
    kind: str,
    name: str,
    phone: str,
    email: str,
    address: str,
    region: Region | None,
) -> dict:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    problems: dict[str, list[str]] = {}
    name = (name or "").strip()
    if kind not in AgencyKind.values:
        problems["kind"] = [_("Choose the kind of agency.")]
    if not name:
        problems["name"] = [_("Write the agency's name.")]
    elif len(name) > MAX_AGENCY_NAME:
        problems["name"] = [_("At most %(n)s characters.") % {"n": MAX_AGENCY_NAME}]
    phone, email, address = (phone or "").strip(), (email or "").strip(), (address or "").strip()
    if len(phone) > 40:
        problems["phone"] = [_("At most %(n)s characters.") % {"n": 40}]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = [_("Write a valid e-mail address.")]
    if len(address) > 255:
        problems["address"] = [_("At most %(n)s characters.") % {"n": 255}]
    if actor.role == Role.KANIM and (region is None or not actor.sees(region.code)):
        problems["region"] = [
            _("Choose the area the agency covers, within your office's jurisdiction.")
        ]
    if problems:
        raise Invalid(problems=problems, code="agency")
    return {
        "kind": kind,
        "name": name,
        "phone": phone,
        "email": email,
        "address": address,
        "region": region,
    }


def _agency_duplicate(name: str, region: Region | None, exclude: int | None = None) -> None:
    same = Agency.objects.filter(name__iexact=name, region=region)
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise Invalid(
            _("An agency with this name already covers this area."), field="name", code="duplicate"
        )


@transaction.atomic
def agency_create(
    *,
    actor: Actor,
    kind: str,
    name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    region: Region | None = None,
) -> Agency:
    """Add an agency reports can be passed on to: a Kanim for an area of its jurisdiction (the
    entry is kept by its office), pusat for any area or nationally (no area)."""
    actor = as_actor(actor)
    if not can_edit_agency(actor):
        raise NotAllowed(_("Only an immigration office or the directorate may add agencies."))
    values = _agency_values(
        actor, kind=kind, name=name, phone=phone, email=email, address=address, region=region
    )
    _agency_duplicate(values["name"], region)
    office = actor.user.office if actor.role == Role.KANIM else None
    agency = Agency.objects.create(**values, office=office)
    record(
        actor=actor,
        action=Action.AGENCY_CREATE,
        region=region,
        target=agency,
        summary=f"Instansi ditambahkan: {agency.name}",
    )
    return agency


@transaction.atomic
def agency_update(
    *,
    actor: Actor,
    agency: Agency,
    kind: str,
    name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    region: Region | None = None,
    active: bool = True,
) -> Agency:
    """Change an agency's details, or retire it (active=False: kept for past forwardings)."""
    actor = as_actor(actor)
    if not can_edit_agency(actor, agency):
        raise NotAllowed(_("This agency is kept by another office or by the directorate."))
    values = _agency_values(
        actor, kind=kind, name=name, phone=phone, email=email, address=address, region=region
    )
    _agency_duplicate(values["name"], region, exclude=agency.pk)
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    fields = ["kind", "name", "phone", "email", "address", "region_id", "active"]
    before = {f: getattr(locked, f) for f in fields}
    for field, value in values.items():
        setattr(locked, field, value)
    locked.active = bool(active)
    locked.updated_at = timezone.now()
    locked.save()
    record(
        actor=actor,
        action=Action.AGENCY_CHANGE,
        region=locked.region,
        target=locked,
        summary=f"Instansi diubah: {locked.name}",
        changes=changes_between(before, {f: getattr(locked, f) for f in fields}),
    )
    return locked


@transaction.atomic
def forwarding_create(*, actor: Actor, report: Report, agencies, note: str) -> list[Forwarding]:
    """Pass a checked report on to one or more agencies with a note to them. Only agencies the
    officer may use for the report's village (agencies_for_report); the reporter's timeline says
    the report was passed on to the competent agency, never to which one nor the note."""
    actor = as_actor(actor)
    _require_handler(actor, report)
    agencies = list({a.pk: a for a in agencies}.values())
    note = (note or "").strip()
    problems: dict[str, list[str]] = {}
    if not agencies:
        problems["agencies"] = [_("Choose at least one agency.")]
    else:
        usable = set(
            agencies_for_report(actor=actor, report=report)
            .filter(pk__in=[a.pk for a in agencies])
            .values_list("pk", flat=True)
        )
        if any(a.pk not in usable for a in agencies):
            problems["agencies"] = [
                _("Choose agencies from the list: they must cover the report's village.")
            ]
    if not note:
        problems["note"] = [_("Write what you ask of the agency.")]
    elif len(note) > MAX_NOTE:
        problems["note"] = [_("A note can have at most %(n)s characters.") % {"n": MAX_NOTE}]
    if problems:
        raise Invalid(problems=problems, code="forwarding")
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.status not in FORWARDABLE:
        raise Conflict(
            _("Only a verified report that is still open can be passed on (now “%(status)s”).")
            % {"status": Status(locked.status).label},
            code="transition",
        )
    pending = set(
        Forwarding.objects.filter(report=locked, agency__in=[a.pk for a in agencies], waived=False)
        .exclude(status=ForwardingStatus.SELESAI)
        .values_list("agency__name", flat=True)
    )
    if pending:
        raise Invalid(
            _("Already passed on and not settled yet: %(names)s.")
            % {"names": ", ".join(sorted(pending))},
            field="agencies",
            code="duplicate",
        )
    now = timezone.now()
    forwardings = Forwarding.objects.bulk_create(
        [
            Forwarding(
                report=locked,
                agency=a,
                note=note,
                created_by=actor.user,
                created_at=now,
                updated_at=now,
            )
            for a in sorted(agencies, key=lambda a: a.name)
        ]
    )
    # Public, and without a note: what the reporter may know is that it left the office.
    ReportEvent.objects.create(
        report=locked, at=now, actor=actor.user, kind=EventKind.FORWARDED, is_public=True
    )
    ReportEvent.objects.create(
        report=locked,
        at=now,
        actor=actor.user,
        kind=EventKind.FORWARDING,
        note=_forwarding_event_note(
            ForwardingStatus.DIKIRIM, [f.agency.name for f in forwardings], note
        ),
    )
    locked.updated_at = now
    locked.save(update_fields=["updated_at"])
    record(
        actor=actor,
        action=Action.REPORT_FORWARD,
        region=locked.region,
        target=locked,
        summary=f"Laporan #{locked.pk} diteruskan ke {len(forwardings)} instansi",
        changes={"agencies": [a.pk for a in agencies]},
    )
    return forwardings


def _forwarding_event_note(status: str, agency_names: list[str], text: str = "") -> str:
    """An internal event's note: "status|agency, agency" on the first line, the text below
    (timeline.officer_lines makes the sentence)."""
    head = f"{status}|{', '.join(agency_names)}"
    return f"{head}\n{text}" if text else head


def _lock_forwarding(actor: Actor, forwarding: Forwarding) -> Forwarding:
    _require_handler(actor, forwarding.report)
    locked = (
        Forwarding.objects.select_for_update(of=("self",))
        .select_related("agency", "report", "report__region")
        .get(pk=forwarding.pk)
    )
    if locked.settled:
        raise Conflict(
            _("This forwarding is already settled (%(state)s): it can no longer change.")
            % {"state": _("waived") if locked.waived else ForwardingStatus(locked.status).label},
            code="settled",
        )
    if locked.report.status not in OPEN_STATUSES:
        raise Conflict(_("The report is closed."), code="closed")
    return locked


@transaction.atomic
def forwarding_update(
    *, actor: Actor, forwarding: Forwarding, status: str, answer: str = ""
) -> Forwarding:
    """Record where the agency is with it (forward only: sent → received → followed up →
    completed; a step may be skipped) and what it answered."""
    actor = as_actor(actor)
    answer = (answer or "").strip()
    if status not in ForwardingStatus.values:
        raise Invalid(_("Choose one of the offered statuses."), field="status", code="status")
    if len(answer) > MAX_NOTE:
        raise Invalid(
            _("A note can have at most %(n)s characters.") % {"n": MAX_NOTE},
            field="answer",
            code="too_long",
        )
    locked = _lock_forwarding(actor, forwarding)
    if status not in locked.next_statuses and not (status == locked.status and answer):
        raise Conflict(
            _(
                "A forwarding that is “%(current)s” cannot become “%(target)s”. "
                "Possible next steps: %(allowed)s."
            )
            % {
                "current": ForwardingStatus(locked.status).label,
                "target": ForwardingStatus(status).label,
                "allowed": ", ".join(str(ForwardingStatus(s).label) for s in locked.next_statuses),
            },
            code="transition",
        )
    if status == ForwardingStatus.SELESAI and not (answer or locked.answer):
        raise Invalid(
            _("Write the agency's answer before marking it completed."),
            field="answer",
            code="required",
        )
    before = {"status": locked.status, "answer": locked.answer}
    now = timezone.now()
    locked.status = status
    if answer:
        locked.answer = answer
    locked.updated_at = now
    locked.save(update_fields=["status", "answer", "updated_at"])
    ReportEvent.objects.create(
        report=locked.report,
        at=now,
        actor=actor.user,
        kind=EventKind.FORWARDING,
        note=_forwarding_event_note(status, [locked.agency.name], answer),
    )
    record(
        actor=actor,
        action=Action.FORWARDING_UPDATE,
        region=locked.report.region,
        target=locked,
        summary=f"Penerusan laporan #{locked.report_id} ke {locked.agency.name}: {status}",
        changes=changes_between(before, {"status": locked.status, "answer": locked.answer}),
    )
    notifications.forwarding_answered(locked, by=actor.user)
    forwarding.status, forwarding.answer = locked.status, locked.answer
    return locked


@transaction.atomic
def forwarding_waive(*, actor: Actor, forwarding: Forwarding, reason: str) -> Forwarding:
    """Settle a forwarding the agency will not answer (wrong agency, no longer needed), so the
    report can close: the reason is required and stays in the report's history."""
    actor = as_actor(actor)
    reason = require_reason(
        reason,
        message=_("Write why this forwarding no longer needs an answer (at least %(n)s letters)."),
        code="required",
    )
    locked = _lock_forwarding(actor, forwarding)
    now = timezone.now()
    locked.waived = True
    locked.waive_reason = reason
    locked.updated_at = now
    locked.save(update_fields=["waived", "waive_reason", "updated_at"])
    ReportEvent.objects.create(
        report=locked.report,
        at=now,
        actor=actor.user,
        kind=EventKind.FORWARDING,
        note=_forwarding_event_note("waived", [locked.agency.name], reason),
    )
    record(
        actor=actor,
        action=Action.FORWARDING_WAIVE,
        region=locked.report.region,
        target=locked,
        summary=f"Penerusan laporan #{locked.report_id} ke {locked.agency.name} diabaikan",
    )
    forwarding.waived, forwarding.waive_reason = True, reason
    return locked
