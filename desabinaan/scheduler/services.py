"""Recovery of tasks a killed worker left "running" (issue 13's soak test).

django-tasks-db claims a task by setting its DBTaskResult to RUNNING with the worker's id
appended to `worker_ids`, and sets SUCCESSFUL or FAILED when the task returns. A worker killed
with SIGKILL (the OOM killer, a crashed host, `systemctl kill`) never does the second step, and
nothing in django-tasks-db ever looks at that row again. `tasks_recover`, run by the scheduler
every few minutes (SCHEDULED_JOBS["tasks_recover"], or `manage.py recover_tasks`), does:

- a RUNNING task whose worker is gone goes back to READY with its arguments unchanged, so a live
  worker runs it again; `worker_ids` keeps the earlier claims, so their number is the attempt;
- after TASKS_MAX_ATTEMPTS claims that all ended this way, it is marked FAILED instead (a task
  that kills its worker every time must not kill workers for ever), with a traceback text that
  says so.

"Gone" is decided from the heartbeat `manage.py task_worker` writes (models.WorkerHeartbeat):
silent for TASKS_WORKER_GONE_AFTER seconds, or restarted under the same id after the claim. A
worker without a heartbeat row (a plain `db_worker`) cannot be asked: its task is taken as lost
once it has been running TASKS_STALE_AFTER seconds.

Tasks therefore run at least once, not exactly once: each task must be safe to run again after
an interruption (desabinaan/*/tasks.py say how theirs are).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import Actor, as_actor
from desabinaan.core.audit import Action, record
from desabinaan.core.refusals import NotAllowed

from .models import WorkerHeartbeat

log = logging.getLogger(__name__)

# Written as the failed task's exception, so the admin's task list says what happened.
WORKER_LOST = "desabinaan.scheduler.services.WorkerLost"
# Heartbeats of workers silent this long are deleted (a RUNNING task of such a worker falls back
# to TASKS_STALE_AFTER, which is shorter, so nothing is left behind).
HEARTBEAT_KEEP = dt.timedelta(days=1)


@dataclass
class TaskRecovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    forgotten_workers: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.requeued or self.failed or self.forgotten_workers)


def _seconds(name: str) -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, name)))


def worker_gone(
    result: DBTaskResult, beats: dict[str, WorkerHeartbeat], now: dt.datetime
) -> str | None:
    """Why the worker that claimed `result` is gone (a short reason for the log), or None while
    it may still be running it."""
    worker = result.worker_ids[-1] if result.worker_ids else ""
    beat = beats.get(worker)
    if beat is None:
        if result.started_at < now - _seconds("TASKS_STALE_AFTER"):
            return "no heartbeat, running too long"
        return None
    if beat.started_at > result.started_at:
        return "worker restarted since"
    if beat.seen_at < now - _seconds("TASKS_WORKER_GONE_AFTER"):
        return "worker silent"
    return None


def _check_actor(actor: Actor) -> None:
    if not (actor.is_system or actor.has_role(Role.ADMIN)):
        raise NotAllowed()


@transaction.atomic
def tasks_recover(*, actor: Actor, now: dt.datetime | None = None) -> TaskRecovery:
    """Re-queue (or, after TASKS_MAX_ATTEMPTS, fail) the tasks whose worker is gone. Safe to run
    at any time and more than once: each row changes only if it is still RUNNING from the same
    claim (a compare-and-set), so two recoveries at once, or a worker finishing just now, never
    double a task. Writes one audit event when it changed anything (a run that finds nothing
    writes none: it runs every few minutes)."""
    actor = as_actor(actor)
    _check_actor(actor)
    now = now or timezone.now()
    result = TaskRecovery()
    running = list(
        DBTaskResult.objects.running()
        .filter(started_at__isnull=False)
        .only("id", "status", "started_at", "worker_ids", "task_path")
    )
    workers = {r.worker_ids[-1] for r in running if r.worker_ids}
    beats = {b.worker_id: b for b in WorkerHeartbeat.objects.filter(worker_id__in=workers)}
    max_attempts = max(1, int(settings.TASKS_MAX_ATTEMPTS))
    for task in running:
        reason = worker_gone(task, beats, now)
        if reason is None:
            continue
        claim = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        attempts = len(task.worker_ids)
        if attempts >= max_attempts:
            changed = claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=WORKER_LOST,
                traceback=(
                    f"WorkerLost: the worker running this task stopped ({reason}) "
                    f"{attempts} times; not retried (TASKS_MAX_ATTEMPTS={max_attempts}).\n"
                ),
            )
            if changed:
                result.failed.append(str(task.pk))
        else:
            changed = claim.update(status=TaskResultStatus.READY, started_at=None)
            if changed:
                result.requeued.append(str(task.pk))
        if changed:
            log.warning(
                "task %s (%s) %s after attempt %s: %s",
                task.pk,
                task.task_path,
                "failed" if attempts >= max_attempts else "re-queued",
                attempts,
                reason,
            )
    result.forgotten_workers, _ = WorkerHeartbeat.objects.filter(
        seen_at__lt=now - HEARTBEAT_KEEP
    ).delete()
    if result.changed:
        record(
            actor=actor,
            action=Action.TASKS_RECOVER,
            summary=(
                f"Tugas terputus: {len(result.requeued)} diantrekan ulang, "
                f"{len(result.failed)} digagalkan, {result.forgotten_workers} worker dilupakan"
            ),
        )
    return result


def heartbeat_beat(*, worker_id: str, host: str, pid: int, started_at: dt.datetime) -> None:
    """A worker says it is alive (the heartbeat thread of `task_worker`). Not audited: a
    liveness mark, written every few seconds, that changes nothing a person did."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": host[:255],
            "pid": pid,
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def heartbeat_end(*, worker_id: str, started_at: dt.datetime) -> None:
    """A worker that stops cleanly (it finished its task first) removes its heartbeat, unless a
    newer process under the same id has taken it over."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id, started_at=started_at).delete()
