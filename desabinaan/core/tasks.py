"""Background tasks of core: sending notifications (core/notify.py). Thin: ids in, counts out."""

from django_tasks import task

from . import notify


@task()
def deliver_task(ids: list[int]) -> dict:
    """Send the deliveries just written by an action (enqueued after its commit)."""
    return notify.deliveries_attempt(ids)


@task()
def retry_deliveries_task() -> dict:
    """Deliveries whose retry time has come (scheduler: SCHEDULED_JOBS["notify_retry"])."""
    return notify.deliveries_attempt(notify.deliveries_due())
