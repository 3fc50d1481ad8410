"""Deadlines and escalation (issue 17): editable deadlines per category, escalate_overdue
(idempotent, PIMPASA first, the head of the Kanim one step later), the time left in words.
Clocks move with time-machine, never with sleep."""

import datetime as dt
import importlib
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Invalid, NotAllowed
from desabinaan.reports import deadlines, services
from desabinaan.reports.models import (
    Category,
    Escalation,
    EventKind,
    ReportEvent,
    ResponseDeadline,
)

from .conftest import KOBA_DESA

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
SYSTEM = system_actor("uji")
SEED_MIGRATION = importlib.import_module(
    "desabinaan.reports.migrations.0002_response_deadlines_and_escalations"
)


@pytest.fixture
def mails(world):
    world["users"]["pimpasa.koba"].email = "pimpasa.koba@example.id"
    world["users"]["pimpasa.koba"].save()
    office = world["users"]["kanim.pangkalpinang"].office
    office.email = "kanim@example.id"
    office.save()
    world["users"]["kanim.pangkalpinang"].email = "kepala@example.id"
    world["users"]["kanim.pangkalpinang"].save()
    return world


def test_seeded_deadlines_are_reference_data(db):
    rows = {d.category: d for d in ResponseDeadline.objects.all()}
    assert set(rows) == set(Category.values)
    assert (rows["pengungsi"].verify_hours, rows["tppo"].verify_hours) == (24, 24)
    assert rows["wna_mencurigakan"].verify_hours == 72
    assert rows["wna_mencurigakan"].follow_up_hours == 7 * 24
    for category, hours in SEED_MIGRATION.SEED.items():  # the migration and the fallback agree
        assert deadlines.seed_hours(category) == hours
    assert "Dapat diubah" in str(ResponseDeadline._meta.get_field("verify_hours").help_text)


def test_deadline_across_midnight_in_jakarta(
    mails, file_report, django_capture_on_commit_callbacks
):
    # Received 22:30 WIB on 1 March: a tppo report is due 22:30 WIB on 2 March, a day later.
    with time_machine.travel(dt.datetime(2026, 3, 1, 22, 30, tzinfo=WIB)):
        report = file_report(category="tppo")
    due = deadlines.due_at(report, deadlines.deadline_table())
    assert due.astimezone(WIB) == dt.datetime(2026, 3, 2, 22, 30, tzinfo=WIB)
    with time_machine.travel(dt.datetime(2026, 3, 2, 22, 29, tzinfo=WIB)):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(0, 0)
    with (
        time_machine.travel(dt.datetime(2026, 3, 2, 22, 31, tzinfo=WIB)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(1, 0)
        assert not mail.outbox  # only after the commit
    assert mail.outbox[-1].to == ["pimpasa.koba@example.id"]
    assert report.description not in mail.outbox[-1].body


def test_other_categories_have_72_hours(mails, file_report):
    with time_machine.travel(dt.datetime(2026, 3, 1, 23, 0, tzinfo=WIB)):
        report = file_report(category="wna_mencurigakan")
    with time_machine.travel(dt.datetime(2026, 3, 4, 22, 59, tzinfo=WIB)):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(0, 0)
    with time_machine.travel(dt.datetime(2026, 3, 4, 23, 1, tzinfo=WIB)):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(1, 0)
    assert Escalation.objects.get().report == report


def test_escalation_is_idempotent_and_reaches_the_kanim_one_step_later(
    mails, file_report, django_capture_on_commit_callbacks
):
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=WIB)
    with time_machine.travel(start):
        report = file_report(category="pengungsi")
    with time_machine.travel(start + dt.timedelta(hours=25)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(1, 0)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("escalate_overdue", stdout=io.StringIO())  # twice: nothing new
            assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(0, 0)
    assert len(mail.outbox) == 1
    # Not yet a step (24 h) past the deadline: the Kanim is not told.
    with time_machine.travel(start + dt.timedelta(hours=47)):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(0, 0)
    with (
        time_machine.travel(start + dt.timedelta(hours=48, minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(0, 1)
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(0, 0)
    # One e-mail per address (core.notify logs and retries each on its own).
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["kanim@example.id", "kepala@example.id"]
    assert list(report.escalations.values_list("level", flat=True)) == [1, 2]
    events = ReportEvent.objects.filter(report=report, kind=EventKind.ESCALATED)
    assert [e.note for e in events] == ["1", "2"]
    assert not any(e.is_public for e in events)  # officers only
    runs = AuditEvent.objects.filter(action="report.escalate")
    assert runs.count() == 6  # one per run, also the runs that found nothing


def test_a_long_pause_does_not_skip_the_pimpasa(mails, file_report):
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=WIB)
    with time_machine.travel(start):
        file_report(category="tppo")
    # The job did not run for days: the PIMPASA is told first, the Kanim on a later run.
    with time_machine.travel(start + dt.timedelta(days=5)):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(1, 0)
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(0, 1)


def test_verified_report_gets_the_follow_up_deadline_and_closed_ones_none(mails, file_report):
    officer = actor_for(mails["users"]["pimpasa.koba"])
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=WIB)
    with time_machine.travel(start):
        verified = file_report(category="tppo")
        services.report_verify(actor=officer, report=verified)
        rejected = file_report(category="tppo")
        services.report_reject(actor=officer, report=rejected, public_note="Bukan laporan.")
        followed = file_report(category="tppo")
        services.report_verify(actor=officer, report=followed)
        services.report_follow_up(actor=officer, report=followed)
    # Past the 24 h to verify, before the 72 h to the follow-up: nothing is late.
    with time_machine.travel(start + dt.timedelta(hours=30)):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(0, 0)
    with time_machine.travel(start + dt.timedelta(days=30)):
        assert services.reports_escalate_overdue(actor=SYSTEM) == services.Escalated(1, 0)
    assert list(Escalation.objects.values_list("report", "status")) == [
        (verified.pk, "diverifikasi")
    ]


def test_escalation_is_for_the_system_only(world):
    with pytest.raises(NotAllowed):
        services.reports_escalate_overdue(actor=actor_for(world["users"]["pusat"]))


def test_time_left_in_words_in_indonesian():
    now = dt.datetime(2026, 3, 1, 12, 0, tzinfo=WIB)
    with translation.override("id"):
        assert deadlines.time_left_words(now + dt.timedelta(hours=5, minutes=40), now) == (
            "sisa 5 jam"
        )
        assert deadlines.time_left_words(now - dt.timedelta(days=2, hours=3), now) == (
            "terlambat 2 hari"
        )
        assert deadlines.time_left_words(now + dt.timedelta(minutes=20), now) == "sisa 20 menit"
        assert deadlines.time_left_words(now + dt.timedelta(days=6), now) == "sisa 6 hari"
    with translation.override("en"):
        assert deadlines.time_left_words(now - dt.timedelta(hours=1), now) == "1 hour overdue"


def test_inbox_and_detail_show_the_time_left(client, mails, file_report):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=WIB)):
        late = file_report(category="pengungsi")
        fresh = file_report(category="wna_mencurigakan", code=KOBA_DESA)
    client.force_login(mails["users"]["pimpasa.koba"])
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 0, tzinfo=WIB), tick=False):
        services.reports_escalate_overdue(actor=SYSTEM)
        inbox = client.get(_inbox_url()).content.decode()
        assert "terlambat 2 hari" not in inbox  # 25 hours late
        assert "terlambat 25 jam" in inbox
        assert "sisa 23 jam" in inbox  # 72 h from 1 March 09:00 is 4 March 09:00
        detail = client.get(_detail_url(late)).content.decode()
        assert "terlambat 25 jam" in detail
        assert "PIMPASA sudah diberi tahu" in detail  # the escalation on the timeline
        assert "sisa 23 jam" in client.get(_detail_url(fresh)).content.decode()


def _inbox_url():
    from django.urls import reverse

    return reverse("reports:inbox")


def _detail_url(report):
    from django.urls import reverse

    return reverse("reports:detail", args=[report.pk])


def test_deadline_change_is_audited_and_checked(world):
    row = ResponseDeadline.objects.get(category="tppo")
    pusat = actor_for(world["users"]["pusat"])
    services.response_deadline_change(
        actor=pusat, deadline=row, verify_hours=12, follow_up_hours=48, kanim_after_hours=6
    )
    row.refresh_from_db()
    assert (row.verify_hours, row.follow_up_hours, row.kanim_after_hours) == (12, 48, 6)
    assert AuditEvent.objects.filter(action="response_deadline.change").count() == 1
    with pytest.raises(Invalid):
        services.response_deadline_change(
            actor=pusat, deadline=row, verify_hours=0, follow_up_hours=48, kanim_after_hours=6
        )
    with pytest.raises(Invalid):
        services.response_deadline_change(
            actor=pusat, deadline=row, verify_hours=50, follow_up_hours=48, kanim_after_hours=6
        )
    with pytest.raises(NotAllowed):
        services.response_deadline_change(
            actor=actor_for(world["users"]["pimpasa.koba"]),
            deadline=row,
            verify_hours=12,
            follow_up_hours=48,
            kanim_after_hours=6,
        )
    row.refresh_from_db()
    assert row.verify_hours == 12


def test_escalation_task_is_scheduled():
    from desabinaan.scheduler.schedule import jobs

    names = {job.name: job.task for job in jobs()}
    assert names["reports_escalate"] == "desabinaan.reports.tasks.escalate_overdue_task"
    from desabinaan.reports.tasks import escalate_overdue_task

    assert escalate_overdue_task.func.__name__ == "escalate_overdue_task"


def test_pusat_edits_deadlines_in_the_admin_and_it_is_audited(client, world):
    from django.urls import reverse

    from tests.factories import UserFactory

    pusat = UserFactory(username="pusat.admin", role="pusat", is_staff=True)
    client.force_login(pusat)
    row = ResponseDeadline.objects.get(category="pengungsi")
    url = reverse("admin:reports_responsedeadline_change", args=[row.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"verify_hours": 12, "follow_up_hours": 48, "kanim_after_hours": 6})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.verify_hours == 12
    assert AuditEvent.objects.filter(action="response_deadline.change").count() == 1
    officer = world["users"]["pimpasa.koba"]
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    assert client.get(url).status_code == 403
