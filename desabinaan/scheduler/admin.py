from django.contrib import admin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("name", "last_slot", "enqueued_at", "task_id")
    readonly_fields = ("name", "last_slot", "enqueued_at", "task_id")
