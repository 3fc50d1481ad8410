"""`manage.py task_worker`: django-tasks-db's `db_worker` (same options) plus a heartbeat, so the
recovery job (scheduler/services.py) can tell a task whose worker was killed from one still
running, within TASKS_WORKER_GONE_AFTER seconds instead of TASKS_STALE_AFTER."""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from desabinaan.scheduler.services import heartbeat_beat, heartbeat_end

log = logging.getLogger(__name__)


class Heartbeat:
    """A daemon thread writing WorkerHeartbeat every TASKS_HEARTBEAT_SECONDS on its own database
    connection, also while the worker runs a long task."""

    def __init__(self, worker_id: str, interval: float):
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="heartbeat", daemon=True)

    def _beat(self) -> None:
        heartbeat_beat(
            worker_id=self.worker_id,
            host=socket.gethostname(),
            pid=os.getpid(),
            started_at=self.started_at,
        )

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self._beat()
                except Exception as exc:  # the database may be away a moment; try next time
                    log.warning("heartbeat of %s not written: %s", self.worker_id, exc)
                    connection.close()
        finally:
            connection.close()

    def start(self) -> None:
        # The first beat before the worker claims anything: its row exists (with this
        # process's start) before any task can name this worker.
        self._beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        try:
            heartbeat_end(worker_id=self.worker_id, started_at=self.started_at)
        except Exception as exc:
            log.warning("heartbeat of %s not removed: %s", self.worker_id, exc)


class Command(DbWorkerCommand):
    help = "Run a database task worker (db_worker) that also writes a heartbeat."

    def handle(self, *args, **options):
        # With --reload the parent process only restarts the child; the child does the work.
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            return super().handle(*args, **options)
        beat = Heartbeat(options["worker_id"], float(settings.TASKS_HEARTBEAT_SECONDS))
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            beat.stop()
