"""What waits for the signed-in user, for the home page (issue 11 item 8): a few aggregate
queries over the other apps' scoped selectors, so the page cost stays flat as data grows."""

from __future__ import annotations

from desabinaan.accounts.models import Role, User
from desabinaan.foreigners import permissions as foreigner_permissions
from desabinaan.foreigners import selectors as foreigner_selectors
from desabinaan.regions.models import Region
from desabinaan.reports import selectors as report_selectors

# How many of the village's open alerts the partner's home lists before "all alerts".
HOME_ALERTS = 5
# Roles whose home shows a table per kabupaten/kota of their area.
AREA_TABLE_ROLES = (Role.KANIM, Role.KANWIL)


def work_waiting(user: User) -> dict:
    role = Role.ADMIN if user.is_superuser else user.role
    context: dict = {
        "sees_reports": report_selectors.can_view_reports(user),
        "reports_waiting": report_selectors.waiting_reports(user),
        "can_register": foreigner_permissions.can_register(user),
        "can_import": foreigner_permissions.can_import(user),
    }
    alerts = foreigner_selectors.alerts_for(user, open_only=True)
    if role == Role.MITRA:
        # The kepala desa sees the village's alerts themselves, not only a number.
        context["village_alerts"] = list(alerts[:HOME_ALERTS])
    context["open_alerts"] = alerts.count()
    if role in AREA_TABLE_ROLES:
        context["area_rows"] = _area_rows(user)
    return context


def _area_rows(user: User) -> list[dict]:
    """Open reports and open alerts per kabupaten/kota of the user's area, busiest first."""
    reports = report_selectors.open_reports_by_kabupaten(user)
    alerts = foreigner_selectors.open_alerts_by_kabupaten(user)
    codes = set(reports) | set(alerts)
    if user.office_id:
        codes |= set(
            user.office.jurisdiction.filter(level="kabupaten").values_list("code", flat=True)
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
