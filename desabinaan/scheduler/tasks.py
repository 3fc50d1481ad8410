"""Background tasks of the scheduler app (thin: they call a service)."""

from django_tasks import task

from desabinaan.accounts.scope import system_actor

from . import services


@task()
def recover_tasks_task() -> dict:
    """Re-queue or fail the tasks a killed worker left running (services.tasks_recover). Safe to
    run twice: a task already recovered is no longer RUNNING, so the second run finds nothing."""
    result = services.tasks_recover(actor=system_actor("recover_tasks"))
    return {"requeued": len(result.requeued), "failed": len(result.failed)}
