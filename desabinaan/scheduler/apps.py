from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "desabinaan.scheduler"
    label = "scheduler"
    verbose_name = "Scheduled jobs"
