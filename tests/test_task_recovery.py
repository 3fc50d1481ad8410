"""Recovery of tasks a killed worker left RUNNING (scheduler/services.py tasks_recover): the
rows are set as django-tasks-db leaves them when a worker dies mid-task (claimed, never
finished), clocks move with time-machine; one test kills a real `task_worker` with SIGKILL."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.core.audit import Action
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import NotAllowed
from desabinaan.foreigners.tasks import scan_alerts_task
from desabinaan.scheduler.models import WorkerHeartbeat
from desabinaan.scheduler.schedule import jobs
from desabinaan.scheduler.services import WORKER_LOST, tasks_recover
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTOR = system_actor("recover_tasks")
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASKS_WORKER_GONE_AFTER = 60
    settings.TASKS_STALE_AFTER = 3600
    settings.TASKS_MAX_ATTEMPTS = 3


def killed_task(worker="w1", at=T0, date="2026-03-02", earlier=()) -> DBTaskResult:
    """A task claimed by `worker` at `at` whose worker then died: RUNNING for ever."""
    with time_machine.travel(at, tick=False):
        result = scan_alerts_task.enqueue(date=date)
        row = DBTaskResult.objects.get(pk=result.id)
        row.worker_ids = list(earlier)
        row.claim(worker)
    return row


def beat(worker="w1", started=T0 - dt.timedelta(minutes=1), seen=T0):
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker, defaults={"started_at": started, "seen_at": seen, "pid": 1}
    )


def recover(at):
    with time_machine.travel(at, tick=False):
        return tasks_recover(actor=ACTOR)


def test_a_task_of_a_silent_worker_goes_back_to_the_queue_with_its_arguments(queue):
    task = killed_task()
    beat(seen=T0 + dt.timedelta(seconds=10))  # the last sign of life, then SIGKILL
    assert recover(T0 + dt.timedelta(seconds=60)).requeued == []  # silent 50 s: not yet
    result = recover(T0 + dt.timedelta(seconds=71))
    assert result.requeued == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY and task.started_at is None
    assert task.args_kwargs == {"args": [], "kwargs": {"date": "2026-03-02"}}
    assert task.worker_ids == ["w1"]  # the claim is kept: it counts the attempts
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()


def test_a_long_task_of_a_live_worker_is_left_running(queue):
    task = killed_task()
    later = T0 + dt.timedelta(hours=5)
    beat(seen=later - dt.timedelta(seconds=5))
    assert recover(later).requeued == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_worker_restarted_under_the_same_id_no_longer_runs_the_task(queue):
    """systemd restarts desabinaan-worker@1 with its old --worker-id: alive, but a new process."""
    task = killed_task(worker="host-1")
    beat(worker="host-1", started=T0 + dt.timedelta(seconds=3), seen=T0 + dt.timedelta(seconds=5))
    assert recover(T0 + dt.timedelta(seconds=6)).requeued == [str(task.pk)]


def test_without_a_heartbeat_only_an_old_claim_is_taken_as_lost(queue):
    """A plain db_worker writes no heartbeat: its task is lost only after TASKS_STALE_AFTER."""
    task = killed_task(worker="plain")
    assert recover(T0 + dt.timedelta(minutes=59)).requeued == []
    assert recover(T0 + dt.timedelta(minutes=61)).requeued == [str(task.pk)]


def test_after_the_last_attempt_the_task_fails_with_a_reason(queue):
    task = killed_task(worker="w3", earlier=["w1", "w2"])
    result = recover(T0 + dt.timedelta(hours=2))
    assert result.failed == [str(task.pk)] and result.requeued == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.finished_at == T0 + dt.timedelta(hours=2)
    assert task.exception_class_path == WORKER_LOST
    assert "stopped" in task.traceback and "3 times" in task.traceback
    assert task.task_result.errors[0].exception_class_path == WORKER_LOST


def test_recovery_is_idempotent_and_audited_once_per_run(queue):
    killed_task(worker="a")
    killed_task(worker="b")
    first = recover(T0 + dt.timedelta(hours=2))
    assert len(first.requeued) == 2
    assert recover(T0 + dt.timedelta(hours=2)).requeued == []  # the same moment, again
    (event,) = AuditEvent.objects.filter(action=Action.TASKS_RECOVER)
    assert event.actor is None and event.actor_name == "sistem: recover_tasks"
    assert "2 diantrekan ulang" in event.summary


def test_a_task_finished_meanwhile_is_not_touched(queue):
    task = killed_task()
    DBTaskResult.objects.get(pk=task.pk).set_successful(1)  # the worker finished just now
    tasks_recover(actor=ACTOR)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL


def test_old_heartbeats_are_forgotten(queue):
    beat(worker="gone", seen=T0 - dt.timedelta(days=2))
    beat(worker="here", seen=T0)
    assert recover(T0).forgotten_workers == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]


def test_only_the_system_or_an_admin_recovers(queue, world):
    with pytest.raises(NotAllowed):
        tasks_recover(actor=actor_for(world["users"]["kanim.banjarmasin"]))
    tasks_recover(actor=actor_for(UserFactory(role="admin", username="admin.uji")))


def test_the_recovery_is_a_scheduled_job_and_a_command(queue, capsys):
    job = {j.name: j for j in jobs()}["tasks_recover"]
    assert job.task == "desabinaan.scheduler.tasks.recover_tasks_task"
    assert job.every_minutes == 5
    killed_task(worker="plain", at=timezone.now() - dt.timedelta(hours=2))
    call_command("recover_tasks")
    assert "re-queued 1, failed 0" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_task_worker_writes_a_heartbeat_and_removes_it_when_it_stops(queue):
    from tests.recovery_tasks import heartbeats

    heartbeats.enqueue()
    call_command("task_worker", "--batch", "--no-startup-delay", "--worker-id", "t-1", verbosity=0)
    task = DBTaskResult.objects.get()
    assert task.worker_ids == ["t-1"]
    assert task.return_value == [["t-1", os.getpid()]]  # alive while it ran the task
    assert not WorkerHeartbeat.objects.exists()  # a clean stop leaves no heartbeat behind


# --- a real worker, killed --------------------------------------------------------------------


def _manage(env, *args, timeout=120):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


SHELL_RECOVER = """
import datetime as dt, time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from desabinaan.accounts.scope import system_actor
from desabinaan.scheduler.services import tasks_recover
print("before", DBTaskResult.objects.get().status)
with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
    print("requeued", len(tasks_recover(actor=system_actor("recover_tasks")).requeued))
"""
SHELL_STATUS = """
from django_tasks_db.models import DBTaskResult
r = DBTaskResult.objects.get()
print("after", r.status, len(r.worker_ids), r.return_value)
"""


@pytest.mark.django_db(transaction=False)
def test_a_task_of_a_worker_killed_with_sigkill_runs_again(tmp_path):
    """`task_worker` in its own process claims a task and is killed inside it (SIGKILL: no
    clean-up of any kind); the task stays RUNNING until the recovery puts it back, and a new
    worker runs it to the end."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)},
        "DJANGO_SETTINGS_MODULE": "desabinaan.settings",
        "DEBUG": "1",
        "SECRET_KEY": "test-only-key",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TASKS_HEARTBEAT_SECONDS": "0.2",
        "TASKS_WORKER_GONE_AFTER": "30",
    }
    marker = tmp_path / "runs.txt"
    _manage(env, "migrate", "-v0")
    _manage(
        env,
        "shell",
        "-v0",
        "-c",
        f"from tests.recovery_tasks import hang_first_time as t; t.enqueue({str(marker)!r})",
    )
    worker_cmd = ["task_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    worker = subprocess.Popen(
        [sys.executable, "manage.py", *worker_cmd],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():  # the worker is inside the task
            assert worker.poll() is None, worker.stderr.read()
            assert time.monotonic() < deadline, "the worker never started the task"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    out = _manage(env, "shell", "-v0", "-c", SHELL_RECOVER)
    assert "before RUNNING" in out and "requeued 1" in out
    _manage(env, *worker_cmd[:-2], "--batch")
    assert _manage(env, "shell", "-v0", "-c", SHELL_STATUS).split() == [
        "after",
        "SUCCESSFUL",
        "2",
        "2",
    ]
    assert marker.read_text().splitlines() == ["run", "run"]
