from django.db import models


class JobRun(models.Model):
    """The last time slot the scheduler enqueued for one job. Kept in the database, so a restart
    (or a second scheduler started by mistake) never enqueues the same slot twice."""

    name = models.CharField(max_length=80, primary_key=True)
    last_slot = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"{self.name} @ {self.last_slot}"


class WorkerHeartbeat(models.Model):
    """A task worker (`manage.py task_worker`) saying it is alive, every TASKS_HEARTBEAT_SECONDS.
    django-tasks-db stores only which worker claimed a task; with this row the recovery job
    (services.tasks_recover) tells a task whose worker was killed from one still running."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    # When this process started: a task claimed before it, under the same worker id (systemd
    # gives a restarted unit its old id), was claimed by a process that is gone.
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid}) seen {self.seen_at}"
