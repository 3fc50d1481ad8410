"""Who is told about a report, and in what words (issue 17). Called by services inside their
transaction; accounts.notify / core.notify write the deliveries and send them after the commit.

E-mails and webhook payloads name the report by its tracking code, category and village; they
never carry the reporter's contact or description (the officer reads those in the app)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.notify import Kind, notify_users
from desabinaan.accounts.scope import actors_for
from desabinaan.core import notify

from . import codes
from .models import PUBLIC_STATUS_TEXT, Category, RefugeeDetails, RefugeeLocation, Report, Status

log = logging.getLogger(__name__)


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _payload(report: Report) -> dict:
    return {
        "report": report.tracking_code,
        "category": report.category,
        "urgent": report.is_urgent,
        "region_code": report.region_id,
        "village": report.region.name,
        "office": report.office.code if report.office_id else None,
    }


def _refugee_lines(details: RefugeeDetails | None) -> str:
    if details is None:
        return _("The reporter did not give the numbers.")
    lines = [
        _("People: %(total)s (adults %(adults)s, children %(children)s, women %(women)s)")
        % {
            "total": details.total,
            "adults": details.adults,
            "children": details.children,
            "women": details.women,
        },
        _("Where: %(where)s") % {"where": RefugeeLocation(details.location_kind).label},
    ]
    if details.nationality:
        lines.append(_("Nationality: %(n)s") % {"n": details.nationality_label})
    if details.conditions:
        lines.append(_("Condition: %(c)s") % {"c": ", ".join(details.condition_labels)})
    return "\n".join(lines)


def _covering_officers(report: Report) -> list[User]:
    """Active officers whose scope holds the report's village: the routed PIMPASA, and the
    PIMPASA, Kanim and Kanwil staff of the routed office and its division."""
    offices = [o for o in (report.office_id, getattr(report.office, "kanwil_id", None)) if o]
    q = Q(pk=report.assigned_to_id) if report.assigned_to_id else Q(pk__in=[])
    if offices:
        q |= Q(office_id__in=offices)
    candidates = User.objects.filter(
        q, is_active=True, role__in=[Role.PIMPASA, Role.KANIM, Role.KANWIL]
    )
    return [a.user for a in actors_for(candidates) if a.sees(report.region_id)]


def _refugee_recipients(report: Report) -> list[User]:
    """The Kanim (its staff) and the Kanwil of its division (DOMAIN.md §5: told at once)."""
    if not report.office_id:
        return []
    q = Q(role=Role.KANIM, office_id=report.office_id)
    if report.office.kanwil_id:
        q |= Q(role=Role.KANWIL, office_id=report.office.kanwil_id)
    return list(User.objects.filter(q, is_active=True))


def report_received(report: Report, details: RefugeeDetails | None = None) -> None:
    """A new report. For refugees the Kanim (its mailbox and staff) and the Kanwil are told at
    once, in this transaction and regardless of preferences; the officers covering the village
    (preference `new_report`) are told by a task enqueued after the commit."""
    if report.category == Category.PENGUNGSI:
        code = codes.grouped(report.tracking_code)
        link = _link(reverse("reports:detail", args=[report.pk]))
        place = report.region.name
        users = _refugee_recipients(report)
        notify_users(
            kind=Kind.REFUGEE,
            users=users,
            subject=_("URGENT: refugees reported in %(desa)s (%(code)s)")
            % {"desa": place, "code": code},
            body="\n\n".join(
                [
                    _(
                        "Stranded refugees or asylum seekers were reported in %(desa)s. Follow "
                        "the protocol (found, secured, immigration check, shelter) on the "
                        "report's page."
                    )
                    % {"desa": report.region.path},
                    _refugee_lines(details),
                    link,
                ]
            ),
            payload={
                **_payload(report),
                "refugees": None
                if details is None
                else {
                    "total": details.total,
                    "adults": details.adults,
                    "children": details.children,
                    "women": details.women,
                    "conditions": details.conditions,
                    "location_kind": details.location_kind,
                },
            },
            extra_addresses=[report.office.email] if report.office_id else [],
        )
    # Finding the officers who cover the village costs four queries; a resident's submission
    # should not wait for them, so a task does it after the commit.
    transaction.on_commit(lambda: _enqueue_new_report(report.pk))


def _enqueue_new_report(report_id: int) -> None:
    from .tasks import new_report_task  # tasks import services, which import this module

    try:
        new_report_task.enqueue(report_id)
    except Exception:  # a lost notice must never fail the submission that caused it
        log.exception("could not enqueue the new-report notice for report %s", report_id)


def new_report_to_officers(report: Report) -> None:
    """Tell the officers covering the report's village (preference `new_report`); for a
    refugee report, those already told at once by report_received are skipped."""
    told = (
        {u.pk for u in _refugee_recipients(report)}
        if report.category == Category.PENGUNGSI
        else set()
    )
    officers = [u for u in _covering_officers(report) if u.pk not in told]
    notify_users(
        kind=Kind.NEW_REPORT,
        users=officers,
        subject=_("New report %(code)s in %(desa)s")
        % {"code": codes.grouped(report.tracking_code), "desa": report.region.name},
        body="\n\n".join(
            [
                _("A new report (%(category)s) arrived from %(desa)s.")
                % {"category": Category(report.category).label, "desa": report.region.path},
                _link(reverse("reports:detail", args=[report.pk])),
            ]
        ),
        payload=_payload(report),
    )


def forwarding_answered(forwarding, *, by: User | None) -> None:
    """An agency's answer or new status was recorded: tell the report's PIMPASA and the officer
    who forwarded it (preference `forwarding_answered`), not the officer who recorded it."""
    report = forwarding.report
    ids = {report.assigned_to_id, forwarding.created_by_id} - {None, getattr(by, "pk", None)}
    if not ids:
        return
    code = codes.grouped(report.tracking_code)
    notify_users(
        kind=Kind.FORWARDING_ANSWERED,
        users=list(User.objects.filter(pk__in=ids, is_active=True)),
        subject=_("%(agency)s answered about report %(code)s")
        % {"agency": forwarding.agency.name, "code": code},
        body="\n\n".join(
            [
                _("The forwarding of report %(code)s to %(agency)s is now: %(status)s.")
                % {
                    "code": code,
                    "agency": forwarding.agency.name,
                    "status": forwarding.get_status_display(),
                },
                _link(reverse("reports:detail", args=[report.pk])),
            ]
        ),
        payload={
            **_payload(report),
            "agency_kind": forwarding.agency.kind,
            "forwarding_status": forwarding.status,
        },
    )


def is_email(contact: str) -> bool:
    try:
        validate_email(contact)
    except ValidationError:
        return False
    return True


def reporter_status_changed(report: Report, public_note: str = "") -> None:
    """Tell the reporter, if their contact is an e-mail address, what the status page now says.
    A phone number is not used: it would have to go through the webhook, which carries no
    personal data. No officer's name, no internal note."""
    contact = (report.contact or "").strip()
    if not contact or not is_email(contact):
        return
    code = codes.grouped(report.tracking_code)
    parts = [
        _("Your report %(code)s is now: %(status)s.")
        % {"code": code, "status": Status(report.status).label},
        str(PUBLIC_STATUS_TEXT[report.status]),
    ]
    if public_note.strip():
        parts.append(_("Message from the officers: %(note)s") % {"note": public_note.strip()})
    parts.append(_link(reverse("reports:status", args=[report.tracking_code])))
    notify.email(
        kind=Kind.REPORTER_STATUS,
        to=[contact],
        subject=_("Report %(code)s: %(status)s")
        % {"code": code, "status": Status(report.status).label},
        body="\n\n".join(parts),
        personal=True,
    )
