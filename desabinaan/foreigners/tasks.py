"""Background tasks (django-tasks): thin, they take ids and call a service."""

import datetime as dt

from django_tasks import task

from . import services


@task()
def import_stays_task(run_id: int) -> str:
    # Never raise: a raised task leaves its traceback (with whatever values the exception
    # quoted) in the task table, and the run "running" for ever.
    try:
        return services.import_execute(run_id=run_id).status
    except Exception as exc:
        run = services.import_fail(run_id=run_id, exc=exc)
        return run.status if run else "failed"


@task()
def scan_alerts_task(date: str | None = None) -> dict:
    """The early-detection scan as a queued task (`scan_alerts --enqueue`, or from a timer that
    should not do the work itself). Returns the scan's summary."""
    result = services.alerts_scan(today=dt.date.fromisoformat(date) if date else None)
    screen_stays_task.enqueue(kind="new")  # stays imported or registered since the last pass
    return {"found": result.found, "raised": result.raised, "updated": result.updated}


@task()
def scan_people_alerts_task(foreigner_ids: list[int]) -> int:
    """The rules for the people just registered (form, API, import), right after they are saved.
    Returns the number of new alerts."""
    result = services.alerts_scan(people=set(foreigner_ids))
    screen_stays_task.enqueue(kind="new")  # the watch-list check of the same people (issue 18)
    return sum(result.raised.values())


@task()
def screen_stays_task(kind: str = "new") -> dict:
    """Screen stays against the watch-list (issue 18): `new` after registrations and imports,
    `all` after the list changed. Resumes an interrupted pass."""
    from desabinaan.accounts.scope import system_actor

    from .screening_services import stays_screen

    run = stays_screen(actor=system_actor("screen_stays"), kind=kind)
    return {"checked": run.checked, "raised": run.raised}
