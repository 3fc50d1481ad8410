"""A report's events as sentences in the reader's language: the officers' history and the
reporter's public timeline. Events store codes (kind, statuses, the routing decision, a
username); the words are made here, when the page is shown, so an English interface reads
English and no raw internal text ("pimpasa_desa: … · pimpasa.mandurian") reaches a page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from desabinaan.accounts.models import User

from .models import (
    PUBLIC_STATUS_TEXT,
    Channel,
    EventKind,
    ForwardingStatus,
    Report,
    ReportEvent,
    RoutedVia,
    Status,
)


@dataclass
class Line:
    event: ReportEvent
    sentence: str
    # Text someone wrote (a note, a message to the reporter), shown under the sentence.
    quote: str = ""
    quote_label: str = ""


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _routing(note: str) -> tuple[str, str, str]:
    """(via, office name, officer username) from a routed event's note "via: office · user"."""
    via, _sep, rest = note.partition(": ")
    parts = rest.split(" · ")
    office = parts[0] if parts and parts[0] != "-" else ""
    username = parts[1] if len(parts) > 1 else ""
    return via, office, username


def officer_lines(report: Report, events) -> list[Line]:
    events = list(events)
    usernames = set()
    for e in events:
        if e.kind == EventKind.ROUTED:
            usernames.add(_routing(e.note)[2])
        elif e.kind == EventKind.ASSIGNED:
            usernames.add(e.note)
    names = {u.username: u.display_name for u in User.objects.filter(username__in=usernames - {""})}
    lines = []
    for e in events:
        actor = e.actor.display_name if e.actor else _("The system")
        if e.kind == EventKind.SUBMITTED:
            channel = _label(Channel, report.channel)
            if e.actor:
                sentence = _("%(actor)s filed the report for a resident (%(channel)s).") % {
                    "actor": actor,
                    "channel": channel,
                }
            else:
                sentence = _("The report came in through: %(channel)s.") % {"channel": channel}
            lines.append(Line(e, sentence))
        elif e.kind == EventKind.ROUTED:
            via, office, username = _routing(e.note)
            officer = names.get(username, username)
            if via in (RoutedVia.PIMPASA_DESA, RoutedVia.PIMPASA_KECAMATAN) and officer:
                sentence = _("Sent to %(officer)s (%(role)s, %(office)s).") % {
                    "officer": officer,
                    "role": _label(RoutedVia, via),
                    "office": office,
                }
            elif via == RoutedVia.KANIM and office:
                sentence = _(
                    "Sent to %(office)s: no PIMPASA covers this village, so the office handles it."
                ) % {"office": office}
            elif via == RoutedVia.UNROUTED:
                sentence = _(
                    "No immigration office covers this village yet: the report waits for the "
                    "directorate to route it."
                )
            else:
                sentence = _("Sent to the officers of the area.")
            lines.append(Line(e, sentence))
        elif e.kind == EventKind.STATUS:
            values = {
                "actor": actor,
                "old": _label(Status, e.from_status),
                "new": _label(Status, e.to_status),
            }
            sentence = (
                _("%(actor)s changed the status from “%(old)s” to “%(new)s”.") % values
                if e.from_status
                else _("%(actor)s set the status to “%(new)s”.") % values
            )
            lines.append(Line(e, sentence, e.note, _("Message to the reporter")))
        elif e.kind == EventKind.NOTE:
            lines.append(Line(e, _("%(actor)s wrote an internal note.") % {"actor": actor}, e.note))
        elif e.kind == EventKind.ASSIGNED:
            sentence = _("%(actor)s assigned the report to %(officer)s.") % {
                "actor": actor,
                "officer": names.get(e.note, e.note),
            }
            lines.append(Line(e, sentence))
        elif e.kind == EventKind.ESCALATED:
            values = {"status": _label(Status, e.to_status)}
            sentence = (
                _(
                    "Deadline passed while “%(status)s”: the head of the immigration office was "
                    "told."
                )
                % values
                if e.note == "2"
                else _("Deadline passed while “%(status)s”: the PIMPASA was told.") % values
            )
            lines.append(Line(e, sentence))
        elif e.kind == EventKind.FORWARDED:
            sentence = _(
                "%(actor)s passed the report on to other agencies; the reporter reads only that "
                "it went to the competent agency."
            ) % {"actor": actor}
            lines.append(Line(e, sentence))
        elif e.kind == EventKind.FORWARDING:
            lines.append(_forwarding_line(e, actor))
        else:
            lines.append(Line(e, _label(EventKind, e.kind), e.note))
    return lines


def _forwarding_line(e: ReportEvent, actor: str) -> Line:
    """An internal forwarding event: its note is "status|agencies" with the text below."""
    head, _sep, text = e.note.partition("\n")
    status, _sep, agencies = head.partition("|")
    values = {"actor": actor, "agencies": agencies}
    if status == ForwardingStatus.DIKIRIM:
        return Line(
            e,
            _("%(actor)s sent the report to %(agencies)s.") % values,
            text,
            _("Note to the agency"),
        )
    if status == "waived":
        return Line(
            e,
            _("%(actor)s waived the forwarding to %(agencies)s.") % values,
            text,
            _("Reason"),
        )
    values["status"] = _label(ForwardingStatus, status)
    return Line(
        e,
        _("%(actor)s recorded %(agencies)s as “%(status)s”.") % values,
        text,
        _("The agency's answer"),
    )


@dataclass
class PublicLine:
    event: ReportEvent
    title: str
    text: str
    message: str = ""


def public_lines(events) -> list[PublicLine]:
    """What the reporter reads: each step with what it means, and the officer's message to them.
    A closing step always says why, so "sent" followed by "rejected" never stands unexplained."""
    lines = []
    for e in events:
        if e.kind == EventKind.SUBMITTED:
            lines.append(
                PublicLine(
                    e,
                    _("Report sent"),
                    _("Your report reached the immigration officers and waits to be checked."),
                )
            )
        elif e.kind == EventKind.FORWARDED:
            lines.append(
                PublicLine(
                    e,
                    _("Passed on"),
                    _("Your report was passed on to the competent agency."),
                )
            )
        elif e.kind == EventKind.STATUS and e.to_status in PUBLIC_STATUS_TEXT:
            message = e.note
            if not message and e.to_status == Status.DITOLAK:
                message = _(
                    "The officer gave no reason. Contact the immigration office if you have "
                    "questions."
                )
            lines.append(
                PublicLine(
                    e,
                    _label(Status, e.to_status),
                    str(PUBLIC_STATUS_TEXT[e.to_status]),
                    message,
                )
            )
    return lines
