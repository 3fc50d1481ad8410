"""What waits for the signed-in user, for the home page (issue 11 item 8): a few aggregate
queries over the other apps' scoped selectors, so the page cost stays flat as data grows."""

from __future__ import annotations

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor, as_actor, role_of
from desabinaan.foreigners import permissions as foreigner_permissions
from desabinaan.foreigners import selectors as foreigner_selectors
from desabinaan.regions.models import Region
from desabinaan.reports import selectors as report_selectors

# How many of the village's open alerts the partner's home lists before "all alerts".
HOME_ALERTS = 5
# Roles whose home shows a table per kabupaten/kota of their area.
AREA_TABLE_ROLES = (Role.KANIM, Role.KANWIL)


def work_waiting(*, actor: Actor) -> dict:
    actor = as_actor(actor)
    role = role_of(actor)
    context: dict = {
        "sees_reports": report_selectors.can_view_reports(actor),
        "reports_waiting": report_selectors.waiting_reports(actor=actor),
        "can_register": foreigner_permissions.can_register(actor),
        "can_import": foreigner_permissions.can_import(actor),
    }
    alerts = foreigner_selectors.alerts_for(actor=actor, open_only=True)
    if role == Role.MITRA:
        # The kepala desa sees the village's alerts themselves, not only a number.
        context["village_alerts"] = list(alerts[:HOME_ALERTS])
    context["open_alerts"] = alerts.count()
    if role in AREA_TABLE_ROLES:
        context["area_rows"] = _area_rows(actor=actor)
    return context


def _area_rows(*, actor: Actor) -> list[dict]:
    """Open reports and open alerts per kabupaten/kota of the user's area, busiest first."""
    reports = report_selectors.open_reports_by_kabupaten(actor=actor)
    alerts = foreigner_selectors.open_alerts_by_kabupaten(actor=actor)
    codes = set(reports) | set(alerts)
    if actor.user.office_id:
        codes |= set(
            actor.user.office.jurisdiction.filter(level="kabupaten").values_list("code", flat=True)
        )
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    rows = [
        {
            "code": c,
            "name": names.get(c, c),
            "reports": reports.get(c, 0),
            "alerts": alerts.get(c, 0),
        }
        for c in codes
    ]
    rows.sort(key=lambda r: (-(r["reports"] + r["alerts"]), r["name"]))
    return rows
