"""The task the soak benchmark enqueues: it leaves one mark, once. A task may be started twice
(its worker was killed inside it and the recovery put it back on the queue), so, like every task
in the project, it must be safe to run again: a second run finds its mark and adds none. A mark
counted twice would show a task whose effect was doubled; a SUCCESSFUL one without its mark, a
task that never ran. Imported only after Django is set up."""

import time

from django.db import transaction
from django_tasks import task

from desabinaan.core.models import AuditEvent


@task()
def soak_task(n: int) -> int:
    with transaction.atomic():
        if not AuditEvent.objects.filter(action="soak_task", target=str(n)).exists():
            AuditEvent.objects.create(action="soak_task", target=str(n), summary="soak")
    time.sleep(0.02)  # long enough that a kill now and then lands inside a task
    return n
