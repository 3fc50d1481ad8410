"""What an alert says to the person reading it: who (named, the passport masked), where, what it
means in plain words, what to do next, and the buttons that do it. One place, used by the alert
list, the alert page and the person's page, so no page falls back to "WNA #2"."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from . import permissions
from .models import Alert, AlertKind
from .text import mask_passport

# The report category a resident or officer would file for each kind (reports.Category slugs, a
# public contract: see reports/models.py).
REPORT_CATEGORY = {
    AlertKind.OVERSTAY: "penyalahgunaan_izin_tinggal",
    AlertKind.WORK_ON_NON_WORK_PERMIT: "penyalahgunaan_izin_tinggal",
    AlertKind.PASSPORT_EXPIRED: "wna_mencurigakan",
    AlertKind.CROWDED_ADDRESS: "wna_mencurigakan",
    AlertKind.TWO_ACTIVE_STAYS: "wna_mencurigakan",
}


@dataclass
class Action:
    label: str
    url: str
    primary: bool = False


@dataclass
class AlertText:
    person: str
    village: str
    meaning: str
    next_step: str
    actions: list[Action] = field(default_factory=list)


def person_label(alert: Alert) -> str:
    """The person's name with the passport masked (alert pages never show a full number)."""
    foreigner = alert.foreigner
    passports = list(foreigner.passports.all())
    name = foreigner.full_name
    if passports:
        return _("%(name)s (passport %(number)s)") % {
            "name": name,
            "number": mask_passport(passports[0].number),
        }
    return name


def _meaning(alert: Alert, values: dict) -> tuple[str, str]:
    kind = alert.kind
    if kind == AlertKind.OVERSTAY:
        return (
            _(
                "%(name)s in %(village)s has stayed %(days)s days past the end of their permit, "
                "and no departure is recorded."
            )
            % values,
            _(
                "Check the person's permit. If they have left, record the departure. If they are "
                "still here without a valid permit, report it to the immigration office."
            ),
        )
    if kind == AlertKind.PERMIT_EXPIRING:
        return (
            _("The permit of %(name)s in %(village)s ends in %(days)s days.") % values,
            _(
                "Remind the person to extend the permit at the immigration office or to leave "
                "before it ends; record the departure when they go."
            ),
        )
    if kind == AlertKind.PASSPORT_EXPIRED:
        return (
            _("The passport of %(name)s in %(village)s expired %(days)s days ago.") % values,
            _(
                "Ask the person for their new passport and verify it. If they have none, report "
                "it to the immigration office."
            ),
        )
    if kind == AlertKind.PASSPORT_EXPIRING:
        return (
            _("The passport of %(name)s in %(village)s expires in %(days)s days.") % values,
            _("Remind the person to renew the passport at their embassy in time."),
        )
    if kind == AlertKind.TWO_ACTIVE_STAYS:
        return (
            _(
                "%(name)s is registered as living in %(days)s villages at once; the latest "
                "registration is in %(village)s."
            )
            % values,
            _(
                "Find out where the person lives now, and record the departure from the other "
                "village."
            ),
        )
    if kind == AlertKind.WORK_ON_NON_WORK_PERMIT:
        return (
            _(
                "%(name)s in %(village)s is registered as working, but holds a %(permit)s "
                "permit, which does not allow work."
            )
            % values,
            _(
                "Check the purpose and the permit with the person and the host. If they do work "
                "on this permit, report it as misuse of a stay permit."
            ),
        )
    if kind == AlertKind.CROWDED_ADDRESS:
        return (
            _(
                "%(days)s foreigners are registered at one address in %(village)s (the latest: "
                "%(name)s)."
            )
            % values,
            _(
                "Visit the address and find out who lives there and why (lodging, workers' "
                "housing?)."
            ),
        )
    if kind == AlertKind.DEPARTURE_OVERDUE:
        return (
            _(
                "%(name)s in %(village)s was expected to leave %(days)s days ago; no departure "
                "is recorded."
            )
            % values,
            _("Check whether the person has left. If so, record the departure."),
        )
    if kind == AlertKind.POSSIBLE_DUPLICATE:
        return (
            _(
                "%(days)s records have the same name, date of birth and nationality as %(name)s "
                "in %(village)s."
            )
            % values,
            _(
                "Compare the records: merge them if they are the same person, or close this "
                "alert as different people."
            ),
        )
    if kind == AlertKind.WATCHLIST:
        return (
            _(
                "The name of %(name)s in %(village)s is close to a name on the watch-list "
                "(%(days)s%% similar)."
            )
            % values,
            _(
                "Open the match and compare: confirm it if this is the listed person, or dismiss "
                "it with the reason if not."
            ),
        )
    return alert.summary_text, ""


def describe(alert: Alert, user) -> AlertText:
    stay = alert.stay
    village = f"{alert.region.kind_label} {alert.region.name}".strip()
    values = {
        "name": alert.foreigner.full_name,
        "village": village,
        "days": alert.measure,
        "permit": stay.permit_type.code if stay else "",
    }
    meaning, next_step = _meaning(alert, values)
    actions = []
    detail = reverse("foreigners:detail", args=[alert.foreigner_id])
    if alert.is_open:
        needs_check = alert.kind in (
            AlertKind.WORK_ON_NON_WORK_PERMIT,
            AlertKind.PASSPORT_EXPIRED,
            AlertKind.TWO_ACTIVE_STAYS,
        )
        if permissions.can_verify(user) and stay and needs_check:
            actions.append(Action(_("Verify the stay"), f"{detail}#stay-{stay.pk}", primary=True))
        can_depart = permissions.can_register(user) or permissions.can_verify(user)
        if (
            can_depart
            and stay
            and stay.departed_on is None
            and alert.kind
            in (
                AlertKind.OVERSTAY,
                AlertKind.PERMIT_EXPIRING,
                AlertKind.TWO_ACTIVE_STAYS,
                AlertKind.DEPARTURE_OVERDUE,
            )
        ):
            actions.append(
                Action(
                    _("Record the departure"),
                    reverse("foreigners:depart", args=[stay.pk]),
                    primary=not actions,
                )
            )
        if alert.kind == AlertKind.WATCHLIST and permissions.is_officer(user):
            actions.insert(
                0,
                Action(
                    _("Review the watch-list match"),
                    reverse("foreigners:screening_hit_for_alert", args=[alert.pk]),
                    primary=True,
                ),
            )
        category = REPORT_CATEGORY.get(alert.kind)
        if category:
            query = urlencode({"desa": alert.region_id, "kategori": category})
            actions.append(Action(_("Report it"), f"{reverse('reports:new')}?{query}"))
    actions.append(Action(_("Open the person's record"), detail))
    return AlertText(
        person=person_label(alert),
        village=f"{village}, {alert.region.parent_path}".strip(", "),
        meaning=meaning,
        next_step=next_step,
        actions=actions,
    )
