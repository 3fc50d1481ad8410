"""Tanya PIMPASA: asking, routing, answering, reading by code, conversion, reminders."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from desabinaan.accounts.scope import actor_for
from desabinaan.assistance import services
from desabinaan.assistance.models import Question, QuestionRoute, QuestionStatus
from desabinaan.core import codes
from desabinaan.core.audit import Action
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Invalid, NotAllowed
from desabinaan.regions.models import Region
from desabinaan.reports.models import Channel, Report

from .conftest import KOBA_DESA, MANDURIAN, PUBLIC, SYSTEM, TAPIN_OTHER

pytestmark = pytest.mark.django_db


def test_question_goes_to_the_pimpasa_of_the_desa(world, ask):
    q = ask(MANDURIAN)
    assert q.routed_via == QuestionRoute.PIMPASA_DESA
    assert q.assigned_to == world["users"]["pimpasa.mandurian"]
    assert codes.parse(q.code) == q.code


def test_question_goes_to_the_kecamatan_pimpasa_else_the_kanim(world, ask):
    assert ask(KOBA_DESA).routed_via == QuestionRoute.PIMPASA_KECAMATAN
    other = ask(TAPIN_OTHER)
    assert other.routed_via == QuestionRoute.KANIM
    assert other.office == world["offices"]["banjarmasin"] and other.assigned_to is None


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"topic": "x"}, "topic"),
        ({"text": "pendek"}, "question"),
        ({"text": "x" * 2001}, "question"),
        ({"contact": "9" * 201}, "contact"),
    ],
)
def test_bad_questions_are_refused_with_their_field(world, ask, kwargs, field):
    with pytest.raises(Invalid) as exc:
        ask(**kwargs)
    assert exc.value.field == field
    assert not Question.objects.exists()


def test_a_kecamatan_is_not_a_village(world):
    with pytest.raises(Invalid) as exc:
        services.question_ask(
            actor=PUBLIC,
            topic="paspor",
            region=Region.objects.get(code="19.04.01"),
            text="Bagaimana cara membuat paspor?",
        )
    assert exc.value.field == "region_code"


def test_officer_answers_and_the_asker_reads_it_by_code(client, world, ask):
    q = ask()
    officer = world["users"]["pimpasa.mandurian"]
    client.force_login(officer)
    response = client.post(
        reverse("assistance:question_detail", args=[q.pk]),
        {
            "answer": "Datang ke Kanim dengan KTP dan KK. Panduan: https://imigrasi.go.id/paspor",
            "public": "on",
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("assistance:question", args=[codes.grouped(q.code)]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'href="https://imigrasi.go.id/paspor"' in html
    assert officer.username not in html and officer.display_name not in html
    q.refresh_from_db()
    assert q.status == QuestionStatus.DIJAWAB and q.answer_public
    assert AuditEvent.objects.filter(action=Action.QUESTION_ANSWER).count() == 1


def test_mistyped_code_is_told_apart_from_an_unknown_one(client, world, ask):
    code = ask().code
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert client.get(reverse("assistance:question", args=[typo])).status_code == 400
    body = codes.generate()
    while body == code:  # pragma: no cover
        body = codes.generate()
    assert client.get(reverse("assistance:question", args=[body])).status_code == 404


def test_officer_outside_the_area_cannot_answer(world, ask):
    q = ask()
    with pytest.raises(NotAllowed):
        services.question_answer(
            actor=actor_for(world["users"]["pimpasa.koba"]), question=q, answer="Jawab"
        )


def test_a_partner_does_not_read_questions(client, world, ask):
    ask()
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get(reverse("assistance:questions")).status_code == 403


def test_empty_answer_is_refused_on_the_form(client, world, ask):
    q = ask()
    client.force_login(world["users"]["pimpasa.mandurian"])
    response = client.post(reverse("assistance:question_detail", args=[q.pk]), {"answer": " "})
    assert response.status_code == 400
    q.refresh_from_db()
    assert q.status == QuestionStatus.MENUNGGU


def test_list_shows_waiting_time_oldest_first(client, world, ask):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)):
        old = ask(text="Pertanyaan lama tentang paspor anak")
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC)):
        ask(text="Pertanyaan baru tentang visa kunjungan")
        client.force_login(world["users"]["pimpasa.mandurian"])
        html = client.get(reverse("assistance:questions")).content.decode()
    assert html.index("Pertanyaan lama") < html.index("Pertanyaan baru")
    assert "3" in html and old.code not in html  # waiting time shown; the code stays the asker's


def test_convert_to_report_keeps_the_anonymity_and_the_code_shows_where_it_went(client, world, ask):
    q = ask(text="Ada perekrut menawarkan kerja ke Kamboja tanpa kontrak.", contact="")
    report = services.question_convert_to_report(
        actor=actor_for(world["users"]["pimpasa.mandurian"]), question=q, category="tppo"
    )
    assert report.channel == Channel.PUBLIC and report.filed_by is None and report.contact == ""
    q.refresh_from_db()
    assert q.status == QuestionStatus.DIALIHKAN and q.report == report
    html = client.get(reverse("assistance:question", args=[q.code])).content.decode()
    assert report.tracking_code in html
    api = client.get(f"/api/v1/questions/{q.code}").json()
    assert api["report_tracking_code"] == report.tracking_code
    # One event for the question's side, one for the report it filed.
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {Action.QUESTION_CONVERT, Action.REPORT_SUBMIT} <= actions
    with pytest.raises(Invalid):
        services.question_convert_to_report(
            actor=actor_for(world["users"]["pimpasa.mandurian"]), question=q, category="tppo"
        )


def test_convert_view_redirects_to_the_report(client, world, ask):
    q = ask()
    client.force_login(world["users"]["pimpasa.mandurian"])
    response = client.post(reverse("assistance:question_convert", args=[q.pk]), {"category": "x"})
    assert response.status_code == 302 and Report.objects.count() == 0
    response = client.post(
        reverse("assistance:question_convert", args=[q.pk]), {"category": "tppo"}
    )
    assert response.status_code == 302 and Report.objects.count() == 1


def test_a_public_answer_is_promoted_to_the_faq_once(world, ask):
    q = ask()
    officer = actor_for(world["users"]["pimpasa.mandurian"])
    with pytest.raises(Invalid):  # not answered publicly yet
        services.question_promote_to_faq(actor=officer, question=q)
    q = services.question_answer(actor=officer, question=q, answer="Jawaban", public=True)
    faq = services.question_promote_to_faq(actor=officer, question=q)
    q.refresh_from_db()
    assert q.faq_ref.endswith(f":{faq.pk}")
    assert faq.source_ref == f"assistance.question:{q.pk}" and faq.answer == "Jawaban"
    assert (faq.source_kind, faq.published) == ("pertanyaan", False)  # for pusat to review
    assert AuditEvent.objects.filter(action=Action.QUESTION_PROMOTE).count() == 1
    with pytest.raises(Invalid):  # once only
        services.question_promote_to_faq(actor=officer, question=q)


def test_reminders_after_3_and_7_days_once_each(world, ask, django_capture_on_commit_callbacks):
    world["users"]["pimpasa.mandurian"].email = "ikram@example.id"
    world["users"]["pimpasa.mandurian"].save()
    world["offices"]["banjarmasin"].email = "kanim@example.id"
    world["offices"]["banjarmasin"].save()
    start = dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC)
    with time_machine.travel(start):
        q = ask()
    with time_machine.travel(start + dt.timedelta(days=2, hours=23)):
        assert services.questions_remind(actor=SYSTEM) == services.Reminded(0, 0)
    with time_machine.travel(start + dt.timedelta(days=3, hours=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.questions_remind(actor=SYSTEM) == services.Reminded(1, 0)
            assert not mail.outbox  # only after commit
        assert mail.outbox[-1].to == ["ikram@example.id"]
        assert services.questions_remind(actor=SYSTEM) == services.Reminded(0, 0)  # idempotent
    with time_machine.travel(start + dt.timedelta(days=7, hours=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remind_questions", stdout=io.StringIO())
        assert "kanim@example.id" in mail.outbox[-1].to
        assert q.text not in mail.outbox[-1].body  # the question itself stays in the app
        assert services.questions_remind(actor=SYSTEM) == services.Reminded(0, 0)
    assert len(mail.outbox) == 2


def test_answered_questions_get_no_reminder(world, ask):
    start = dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC)
    with time_machine.travel(start):
        q = ask()
        services.question_answer(
            actor=actor_for(world["users"]["pimpasa.mandurian"]), question=q, answer="Sudah"
        )
    with time_machine.travel(start + dt.timedelta(days=8)):
        assert services.questions_remind(actor=SYSTEM) == services.Reminded(0, 0)


def test_reminders_are_for_the_system_only(world):
    with pytest.raises(NotAllowed):
        services.questions_remind(actor=actor_for(world["users"]["pusat"]))


def test_reminder_task_is_scheduled(settings):
    from desabinaan.scheduler.schedule import jobs

    names = {job.name: job.task for job in jobs()}
    assert names["questions_remind"] == "desabinaan.assistance.tasks.remind_questions_task"
    assert names["signups_purge"] == "desabinaan.assistance.tasks.purge_signups_task"
    from desabinaan.assistance.tasks import remind_questions_task

    assert remind_questions_task.call() == {"pimpasa": 0, "kanim": 0}
