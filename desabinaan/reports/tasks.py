"""Background tasks (django-tasks): thin, they call a service as a named system actor."""

from django.db import transaction
from django_tasks import task

from desabinaan.accounts.scope import system_actor

from . import notifications, services
from .models import Report


@task()
def escalate_overdue_task() -> dict:
    """Overdue reports escalated (scheduler: SCHEDULED_JOBS["reports_escalate"])."""
    result = services.reports_escalate_overdue(actor=system_actor("escalate_overdue"))
    return {"pimpasa": result.pimpasa, "kanim": result.kanim}


@task()
def new_report_task(report_id: int) -> int:
    """The officers covering a new report's village are told (enqueued after the submission's
    commit, so the resident does not wait for it). Returns how many were told."""
    report = Report.objects.select_related("region", "office").filter(pk=report_id).first()
    if report is None:  # deleted since (retention): nothing to tell
        return 0
    with transaction.atomic():
        notifications.new_report_to_officers(report)
    return 1
