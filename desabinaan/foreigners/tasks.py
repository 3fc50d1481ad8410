"""Background tasks (django-tasks): thin, they take ids and call a service."""

import datetime as dt

from django_tasks import task

from desabinaan.accounts.scope import system_actor

from . import services


@task()
def import_stays_task(run_id: int) -> str:
    # Never raise: a raised task leaves its traceback (with whatever values the exception
    # quoted) in the task table, and the run "running" for ever.
    try:
        return services.import_execute(
            actor=system_actor("import_stays_task"), run_id=run_id
        ).status
    except Exception as exc:
        run = services.import_fail(actor=system_actor("import_stays_task"), run_id=run_id, exc=exc)
        return run.status if run else "failed"


@task()
def scan_alerts_task(date: str | None = None) -> dict:
    """The early-detection scan as a queued task (`scan_alerts --enqueue`, or from a timer that
    should not do the work itself). Returns the scan's summary."""
    result = services.alerts_scan(
        actor=system_actor("scan_alerts_task"), today=dt.date.fromisoformat(date) if date else None
    )
    return {"found": result.found, "raised": result.raised, "updated": result.updated}


@task()
def scan_people_alerts_task(foreigner_ids: list[int]) -> int:
    """The rules for the people just registered (form, API, import), right after they are saved.
    Returns the number of new alerts."""
    result = services.alerts_scan(
        actor=system_actor("scan_people_alerts_task"), people=set(foreigner_ids)
    )
    return sum(result.raised.values())
