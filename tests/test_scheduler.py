"""The one scheduler: it enqueues each periodic job once per slot, remembers that in the database
across restarts, and the task worker does the work (here: the alert scan)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from desabinaan.foreigners.models import Alert, AlertKind
from desabinaan.scheduler.models import JobRun
from desabinaan.scheduler.schedule import jobs, run_due
from tests.foreigners.conftest import permit_types, register  # noqa: F401  (fixtures)

JAKARTA = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=JAKARTA)


@pytest.fixture
def overstayer(permit_types, register, settings):  # noqa: F811
    """A stay whose permit ended ten days before the real today: the scan must flag it."""
    # The services pillar's jobs (question reminders, sign-up deletion) are tested in
    # tests/assistance; here the scan and the recovery jobs.
    settings.SCHEDULED_JOBS = {
        name: job
        for name, job in settings.SCHEDULED_JOBS.items()
        if not job["task"].startswith("desabinaan.assistance.")
    }
    today = timezone.localdate()
    stay = register(
        permit_expiry=today - dt.timedelta(days=10), arrival_date=today - dt.timedelta(days=100)
    )
    # Registration raises its own alerts at once; clear them so only the scan's are counted.
    Alert.objects.all().delete()
    return stay


def test_the_alert_scan_is_a_daily_job():
    (job,) = [j for j in jobs() if j.name == "alerts_scan"]
    assert job.daily_at == dt.time(5, 0)
    assert job.last_slot(at(2, 4, 59)) == at(1, 5)
    assert job.last_slot(at(2, 5, 0)) == at(2, 5)
    assert job.next_slot(at(2, 5, 0)) == at(3, 5)


def test_slots_of_monthly_and_interval_jobs(settings):
    settings.SCHEDULED_JOBS = {
        "monthly": {"task": "x.y", "monthly_at": [1, "07:30"]},
        "quarter_hour": {"task": "x.y", "every_minutes": 15},
    }
    monthly, quarter = jobs()
    assert monthly.last_slot(at(1, 7, 29)) == at(1, 7, 30, month=2)
    assert monthly.last_slot(at(20, 0)) == at(1, 7, 30)
    assert monthly.next_slot(at(20, 0)) == at(1, 7, 30, month=4)
    assert quarter.last_slot(at(2, 10, 44)) == at(2, 10, 30)
    assert quarter.next_slot(at(2, 10, 44)) == at(2, 10, 45)


@pytest.mark.parametrize(
    "spec",
    [
        {"task": "x.y"},
        {"task": "x.y", "daily_at": "5 pagi"},
        {"task": "x.y", "daily_at": "05:00", "every_minutes": 5},
        {"task": "x.y", "every_minutes": 7},
        {"task": "x.y", "monthly_at": [31, "05:00"]},
    ],
)
def test_a_wrong_job_is_refused_at_start(settings, spec):
    settings.SCHEDULED_JOBS = {"bad": spec}
    with pytest.raises(ImproperlyConfigured, match="bad"):
        jobs()


def test_scheduler_runs_the_scan_once_per_slot(overstayer):
    now = timezone.now()
    # The tests' task backend runs it at once (the recovery jobs are due too: every 5 min, and
    # the escalation of overdue reports: every 10 min, the notification retries: every 5 min).
    assert run_due(now) == [
        "alerts_scan",
        "tasks_recover",
        "reports_escalate",
        "imports_recover",
        "notify_retry",
    ]
    assert Alert.objects.filter(stay=overstayer, kind=AlertKind.OVERSTAY).count() == 1
    run = JobRun.objects.get(name="alerts_scan")
    assert run.task_id and run.last_slot <= now

    # A restart in the same slot enqueues nothing; the next day's slot runs again.
    assert run_due(now) == []
    assert "alerts_scan" in run_due(now + dt.timedelta(days=1))
    assert JobRun.objects.get(name="alerts_scan").last_slot > run.last_slot


def test_scheduler_command_once_runs_the_scan(overstayer):
    call_command("scheduler", "--once", verbosity=0)
    assert Alert.objects.filter(stay=overstayer, kind=AlertKind.OVERSTAY).exists()


# Committed transactions: the worker closes its connection after each task.
@pytest.mark.django_db(transaction=True)
def test_scheduler_hands_the_scan_to_the_task_worker(overstayer, settings):
    """The real queue: the scheduler only enqueues; the alerts appear when db_worker runs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("scheduler", "--once", verbosity=0)
    call_command("scheduler", "--once", verbosity=0)  # e.g. restarted: still one task
    assert not Alert.objects.exists()
    from django_tasks_db.models import DBTaskResult

    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "desabinaan.core.tasks.retry_deliveries_task",
        "desabinaan.foreigners.tasks.recover_imports_task",
        "desabinaan.foreigners.tasks.scan_alerts_task",
        "desabinaan.reports.tasks.escalate_overdue_task",
        "desabinaan.scheduler.tasks.recover_tasks_task",
    ]
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Alert.objects.filter(stay=overstayer, kind=AlertKind.OVERSTAY).count() == 1
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
