"""Response deadlines (issue 17): when a report's current step is due, and the time left in words.

The hours come from ResponseDeadline (reference data edited in the admin); a category without a
row falls back to DEFAULT_HOURS so a report is never without a deadline.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import ngettext

from .models import Category, Report, ResponseDeadline

# The seed of the data migration, and the fallback for a category without a row.
URGENT_VERIFY_HOURS = 24
DEFAULT_VERIFY_HOURS = 72
DEFAULT_FOLLOW_UP_HOURS = 7 * 24
URGENT_FOLLOW_UP_HOURS = 72
DEFAULT_KANIM_AFTER_HOURS = 24


def seed_hours(category: str) -> tuple[int, int]:
    """(verify hours, follow-up hours) a category starts with."""
    if category in (Category.PENGUNGSI, Category.TPPO):
        return URGENT_VERIFY_HOURS, URGENT_FOLLOW_UP_HOURS
    return DEFAULT_VERIFY_HOURS, DEFAULT_FOLLOW_UP_HOURS


def deadline_table() -> dict[str, ResponseDeadline]:
    """Every category's deadline in one query (a handful of rows)."""
    table = {d.category: d for d in ResponseDeadline.objects.all()}
    for category in Category.values:
        if category not in table:
            verify, follow_up = seed_hours(category)
            table[category] = ResponseDeadline(
                category=category,
                verify_hours=verify,
                follow_up_hours=follow_up,
                kanim_after_hours=DEFAULT_KANIM_AFTER_HOURS,
            )
    return table


def due_at(report: Report, table: dict[str, ResponseDeadline]) -> dt.datetime | None:
    """When the report's current step is due; None once it is being followed up or closed."""
    hours = table[report.category].hours_for(report.status)
    if hours is None:
        return None
    return report.created_at + dt.timedelta(hours=hours)


def time_left_words(due: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """'5 hours left' / '2 days overdue' (Indonesian: 'sisa 5 jam' / 'terlambat 2 hari').
    Whole units, rounded down: under an hour in minutes, under two days in hours, else days."""
    if due is None:
        return ""
    now = now or timezone.now()
    seconds = int((due - now).total_seconds())
    late = seconds < 0
    seconds = abs(seconds)
    if seconds < 3600:
        n = max(seconds // 60, 1)
        if late:
            return ngettext("%(n)s minute overdue", "%(n)s minutes overdue", n) % {"n": n}
        return ngettext("%(n)s minute left", "%(n)s minutes left", n) % {"n": n}
    if seconds < 48 * 3600:
        n = seconds // 3600
        if late:
            return ngettext("%(n)s hour overdue", "%(n)s hours overdue", n) % {"n": n}
        return ngettext("%(n)s hour left", "%(n)s hours left", n) % {"n": n}
    n = seconds // 86400
    if late:
        return ngettext("%(n)s day overdue", "%(n)s days overdue", n) % {"n": n}
    return ngettext("%(n)s day left", "%(n)s days left", n) % {"n": n}


def annotate(reports, table: dict[str, ResponseDeadline] | None = None, now=None) -> None:
    """Set `.due_at`, `.time_left` and `.overdue` on each report (for lists and the detail)."""
    table = table if table is not None else deadline_table()
    now = now or timezone.now()
    for r in reports:
        r.due_at = due_at(r, table)
        r.time_left = time_left_words(r.due_at, now)
        r.overdue = r.due_at is not None and r.due_at < now
