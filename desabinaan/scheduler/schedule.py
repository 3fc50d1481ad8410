"""One scheduler for all periodic work: it only decides *when*, and hands the work to the task
queue (django-tasks) at its time; the task worker does it.

The jobs are the setting SCHEDULED_JOBS (settings.py), one entry per job, so a later feature adds
a line there and an office can move a time without a code change:

    "alerts_scan": {"task": "desabinaan.foreigners.tasks.scan_alerts_task", "daily_at": "05:00"}

Exactly one of these says when (local time, TIME_ZONE):
    "daily_at": "HH:MM"                        every day at that time
    "monthly_at": [DAY, "HH:MM"]               that day of every month (1-28) at that time
    "every_minutes": N                         every N minutes (N divides the day evenly)
and optionally "kwargs": {...} for the task.

A missed slot (the machine was off at 05:00) runs once when the scheduler next looks, not once per
missed slot. Each job's last enqueued slot is stored (JobRun) in the same transaction that puts
the task on the database queue, so a crash never loses or repeats a slot.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import JobRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: str
    daily_at: dt.time | None = None
    monthly_day: int | None = None
    every_minutes: int | None = None
    kwargs: dict = field(default_factory=dict)

    def last_slot(self, now: dt.datetime) -> dt.datetime:
        """The latest time at or before `now` at which this job is due."""
        local = timezone.localtime(now)
        if self.every_minutes:
            midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
            minutes = (local - midnight) // dt.timedelta(minutes=1)
            return midnight + dt.timedelta(minutes=minutes - minutes % self.every_minutes)
        at = local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )
        if self.monthly_day:
            slot = at.replace(day=self.monthly_day)
            if slot > local:
                previous_month = slot.replace(day=1) - dt.timedelta(days=1)
                slot = slot.replace(year=previous_month.year, month=previous_month.month)
            return slot
        return at if at <= local else at - dt.timedelta(days=1)

    def next_slot(self, now: dt.datetime) -> dt.datetime:
        slot = self.last_slot(now)
        step = dt.timedelta(days=1)
        if self.every_minutes:
            step = dt.timedelta(minutes=self.every_minutes)
        elif self.monthly_day:
            step = dt.timedelta(days=32)
        probe = slot + step
        return self.last_slot(probe)


def _time(value: str, name: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"SCHEDULED_JOBS[{name!r}]: time must be HH:MM") from exc


def jobs() -> list[Job]:
    result = []
    for name, spec in settings.SCHEDULED_JOBS.items():
        when = [k for k in ("daily_at", "monthly_at", "every_minutes") if k in spec]
        if len(when) != 1:
            raise ImproperlyConfigured(
                f"SCHEDULED_JOBS[{name!r}] needs exactly one of daily_at, monthly_at, every_minutes"
            )
        kwargs = {"name": name, "task": spec["task"], "kwargs": spec.get("kwargs", {})}
        if "daily_at" in spec:
            kwargs["daily_at"] = _time(spec["daily_at"], name)
        elif "monthly_at" in spec:
            day, at = spec["monthly_at"]
            if not 1 <= int(day) <= 28:
                raise ImproperlyConfigured(f"SCHEDULED_JOBS[{name!r}]: day must be 1-28")
            kwargs.update(monthly_day=int(day), daily_at=_time(at, name))
        else:
            minutes = int(spec["every_minutes"])
            if minutes < 1 or (24 * 60) % minutes:
                raise ImproperlyConfigured(
                    f"SCHEDULED_JOBS[{name!r}]: every_minutes must divide 1440"
                )
            kwargs["every_minutes"] = minutes
        result.append(Job(**kwargs))
    return result


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose latest slot has not been enqueued yet; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        slot = job.last_slot(now)
        # The row exists before it is locked, so two schedulers never race on an insert.
        JobRun.objects.get_or_create(name=job.name)
        with transaction.atomic():
            run = JobRun.objects.select_for_update().get(name=job.name)
            if run.last_slot is not None and run.last_slot >= slot:
                continue
            result = import_string(job.task).enqueue(**job.kwargs)
            run.last_slot, run.enqueued_at, run.task_id = slot, timezone.now(), str(result.id)
            run.save(update_fields=["last_slot", "enqueued_at", "task_id"])
        log.info("scheduler enqueued %s for %s as task %s", job.name, slot.isoformat(), result.id)
        enqueued.append(job.name)
    return enqueued
