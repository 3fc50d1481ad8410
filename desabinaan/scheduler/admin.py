from django.contrib import admin

from .models import JobRun, WorkerHeartbeat


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "last_slot", "enqueued_at", "task_id")
    readonly_fields = ("name", "last_slot", "enqueued_at", "task_id")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """The task workers alive now (seen within TASKS_WORKER_GONE_AFTER) and lately."""

    list_display = ("worker_id", "host", "pid", "started_at", "seen_at")
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False
