"""Background tasks (django-tasks): thin, they take ids and call a service."""

import datetime as dt

from django_tasks import task

from desabinaan.accounts.scope import system_actor

from . import services


@task(takes_context=True)
def import_stays_task(context, run_id: int) -> str:
    """Safe to run again: a second attempt (the recovery job re-queued it because the worker of
    the first was killed) restarts the import, and rows the first attempt saved are found and
    skipped (importer.py); a run already finished is left as it is."""
    # Never raise: a raised task leaves its traceback (with whatever values the exception
    # quoted) in the task table, and the run "running" for ever.
    try:
        return services.import_execute(
            actor=system_actor("import_stays_task"), run_id=run_id, attempt=context.attempt
        ).status
    except Exception as exc:
        run = services.import_fail(actor=system_actor("import_stays_task"), run_id=run_id, exc=exc)
        return run.status if run else "failed"


@task()
def scan_alerts_task(date: str | None = None) -> dict:
    """The early-detection scan as a queued task (`scan_alerts --enqueue`, or from a timer that
    should not do the work itself). Returns the scan's summary. Safe to run again after an
    interruption: a condition that already has an alert raises nothing (alerts_scan)."""
    result = services.alerts_scan(
        actor=system_actor("scan_alerts_task"), today=dt.date.fromisoformat(date) if date else None
    )
    screen_stays_task.enqueue(kind="new")  # stays imported or registered since the last pass
    return {"found": result.found, "raised": result.raised, "updated": result.updated}


@task()
def scan_people_alerts_task(foreigner_ids: list[int]) -> int:
    """The rules for the people just registered (form, API, import), right after they are saved.
    Returns the number of new alerts. Safe to run again, as scan_alerts_task."""
    result = services.alerts_scan(
        actor=system_actor("scan_people_alerts_task"), people=set(foreigner_ids)
    )
    screen_stays_task.enqueue(kind="new")  # the watch-list check of the same people (issue 18)
    return sum(result.raised.values())


@task()
def screen_stays_task(kind: str = "new") -> dict:
    """Screen stays against the watch-list (issue 18): `new` after registrations and imports,
    `all` after the list changed. Resumes an interrupted pass."""
    from .screening_services import stays_screen

    run = stays_screen(actor=system_actor("screen_stays"), kind=kind)
    return {"checked": run.checked, "raised": run.raised}


@task()
def recover_imports_task() -> dict:
    """Imports left "running" or "queued" with no task that will finish them (services.
    imports_recover). Safe to run twice: a recovered run is no longer stuck."""
    result = services.imports_recover(actor=system_actor("recover_imports"))
    return {"requeued": len(result.requeued), "failed": len(result.failed)}
