"""The task the soak benchmark enqueues: it leaves one mark per run, so a task that ran twice (or
a SUCCESSFUL one that never ran) shows in the counts. Imported only after Django is set up."""

import time

from django_tasks import task

from desabinaan.core.models import AuditEvent


@task()
def soak_task(n: int) -> int:
    AuditEvent.objects.create(action="soak_task", target=str(n), summary="soak")
    time.sleep(0.02)  # long enough that a kill now and then lands inside a task
    return n
