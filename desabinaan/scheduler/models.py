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
