"""Background tasks (django-tasks): thin, they call a service as a named system actor."""

from django_tasks import task

from desabinaan.accounts.scope import system_actor

from . import services


@task()
def escalate_overdue_task() -> dict:
    """Overdue reports escalated (scheduler: SCHEDULED_JOBS["reports_escalate"])."""
    result = services.reports_escalate_overdue(actor=system_actor("escalate_overdue"))
    return {"pimpasa": result.pimpasa, "kanim": result.kanim}
