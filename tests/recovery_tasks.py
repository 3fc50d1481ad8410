"""A task for the recovery tests' real worker (tests/test_task_recovery.py): each run appends a
line to a file; the first run then waits until its worker is killed."""

import threading
from pathlib import Path

from django_tasks import task


@task()
def hang_first_time(marker: str) -> int:
    path = Path(marker)
    with path.open("a") as fh:
        fh.write("run\n")
    runs = len(path.read_text().splitlines())
    if runs == 1:
        threading.Event().wait()  # until SIGKILL
    return runs


@task()
def heartbeats() -> list:
    """What the worker running this task has written about itself."""
    from desabinaan.scheduler.models import WorkerHeartbeat

    return list(WorkerHeartbeat.objects.values_list("worker_id", "pid"))
