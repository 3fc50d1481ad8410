"""Refugee reports (issue 17; DOMAIN.md §5): the short form on the public page and in the API,
the Kanim and the Kanwil told at once, the protocol checklist for the officer, and the reporter
told of status changes by e-mail (never through the webhook)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from desabinaan.core.models import AuditEvent, Delivery
from desabinaan.core.refusals import Conflict, Invalid, NotAllowed
from desabinaan.reports import services
from desabinaan.reports.models import ProtocolStep, RefugeeDetails, Report

from .conftest import KOBA_DESA


def refugee_post(**changes) -> dict:
    data = {
        "category": "pengungsi",
        "description": "Perahu kayu berisi orang asing terdampar di pantai sejak subuh.",
        "desa": KOBA_DESA,
        "contact": "warga@example.id",
        "refugee_total": "12",
        "refugee_adults": "8",
        "refugee_children": "4",
        "refugee_women": "5",
        "refugee_nationality": "mm",
        "refugee_conditions": ["lapar", "sakit"],
        "refugee_location": "perahu",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def addresses(world):
    users = world["users"]
    for name in ("pimpasa.koba", "kanim.pangkalpinang", "kanwil.babel", "kanim.banjarmasin"):
        users[name].email = f"{name}@example.id"
        users[name].save()
    office = world["offices"]["pangkalpinang"]
    office.email = "kanim.pkp@example.id"
    office.save()
    return world


def test_refugee_report_from_the_public_form_tells_kanim_and_kanwil_at_once(
    client, addresses, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:new"), refugee_post())
    assert response.status_code == 302
    report = Report.objects.get()
    details = RefugeeDetails.objects.get(report=report)
    assert (details.total, details.adults, details.children, details.women) == (12, 8, 4, 5)
    assert details.nationality == "MM" and details.nationality_label.startswith("Myanmar")
    assert details.conditions == ["sakit", "lapar"]
    assert details.location_kind == "perahu"
    to = sorted(m.to[0] for m in mail.outbox)
    # The Kanim's mailbox and staff, the Kanwil of its division, and the PIMPASA of the area;
    # never the Kanim of another province.
    assert to == [
        "kanim.pangkalpinang@example.id",
        "kanim.pkp@example.id",
        "kanwil.babel@example.id",
        "pimpasa.koba@example.id",
    ]
    urgent = next(m for m in mail.outbox if m.to[0] == "kanwil.babel@example.id")
    assert "12" in urgent.body and report.description not in urgent.body
    assert "warga@example.id" not in urgent.body


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"refugee_total": "-3"}, "refugee_total", "negatif"),
        ({"refugee_children": "-1"}, "refugee_children", "negatif"),
        ({"refugee_children": "3"}, "refugee_children", "harus berjumlah"),
        ({"refugee_women": "13"}, "refugee_women", "tidak boleh lebih"),
        ({"refugee_total": None}, "refugee_total", "Isi angka"),
        ({"refugee_total": "dua belas"}, "refugee_total", "bilangan bulat"),
        ({"refugee_location": None}, "refugee_location", "Pilih di mana"),
        ({"refugee_location": "kapal_selam"}, "refugee_location", "Pilih salah satu"),
        ({"refugee_conditions": ["kenyang"]}, "refugee_conditions", "Pilih dari"),
        (
            {"refugee_total": "0", "refugee_adults": "0", "refugee_children": "0"},
            "refugee_total",
            "Minimal 1",
        ),
    ],
)
def test_refugee_form_bad_input_is_refused_in_indonesian_and_saves_nothing(
    client, world, changes, field, words
):
    response = client.post(reverse("reports:new"), refugee_post(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert not Report.objects.exists() and not RefugeeDetails.objects.exists()
    assert not Delivery.objects.exists()


def test_refugee_fields_are_ignored_for_other_categories(client, world):
    response = client.post(
        reverse("reports:new"), refugee_post(category="tppo", refugee_total="-4")
    )
    assert response.status_code == 302
    assert Report.objects.get().category == "tppo"
    assert not RefugeeDetails.objects.exists()


def test_public_form_shows_the_refugee_fieldset(client, db):
    page = client.get(reverse("reports:new") + "?kategori=pengungsi").content.decode()
    assert 'id="refugee-fields"' in page and 'name="refugee_total"' in page
    assert 'list="nationality-list"' in page and 'value="MM"' in page


API = "/api/v1/reports"


def api_body(**refugee) -> dict:
    body = {
        "category": "pengungsi",
        "region_code": KOBA_DESA,
        "description": "Ada rombongan orang asing berjalan kaki di jalan desa.",
        "refugee": {
            "total": 5,
            "adults": 3,
            "children": 2,
            "women": 2,
            "location_kind": "berpindah",
            "nationality": "Rohingya",
            "conditions": ["luka"],
        },
    }
    body["refugee"].update(refugee)
    return body


def test_api_accepts_refugee_details(client, world):
    response = client.post(API, json.dumps(api_body()), content_type="application/json")
    assert response.status_code == 201, response.content
    details = RefugeeDetails.objects.get()
    assert (details.total, details.nationality, details.injured) == (5, "Rohingya", True)


def test_api_still_accepts_a_refugee_report_without_details(client, world):
    body = api_body()
    del body["refugee"]
    response = client.post(API, json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    assert not RefugeeDetails.objects.exists()


@pytest.mark.parametrize(
    ("refugee", "field"),
    [
        ({"adults": 4}, "refugee_children"),
        ({"women": 6}, "refugee_women"),
        ({"total": -5, "adults": -3, "children": -2}, "refugee_total"),
        ({"location_kind": "laut"}, "refugee_location"),
        ({"conditions": ["bahagia"]}, "refugee_conditions"),
    ],
)
def test_api_refuses_bad_refugee_details_with_422(client, world, refugee, field):
    response = client.post(API, json.dumps(api_body(**refugee)), content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == field
    assert not Report.objects.exists()


def test_api_refuses_refugee_details_on_another_category(client, world):
    body = {**api_body(), "category": "tppo"}
    response = client.post(API, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert "pengungsi" in response.json()["errors"][0]["message"]
    assert not Report.objects.exists()


@pytest.fixture
def refugee_report(world, file_report):
    return file_report(category="pengungsi")


def test_protocol_stages_are_marked_in_order_with_time_and_officer(world, refugee_report):
    officer = world["users"]["pimpasa.koba"]
    with pytest.raises(Conflict) as refused:
        services.protocol_stage_mark(actor=officer, report=refugee_report, stage="diperiksa")
    assert "terlebih dahulu" in refused.value.message
    found_at = timezone.now() - dt.timedelta(hours=2)
    step = services.protocol_stage_mark(
        actor=officer, report=refugee_report, stage="ditemukan", done_at=found_at
    )
    assert (step.done_at, step.done_by) == (found_at, officer)
    with pytest.raises(Conflict):
        services.protocol_stage_mark(actor=officer, report=refugee_report, stage="ditemukan")
    with pytest.raises(Invalid) as early:
        services.protocol_stage_mark(
            actor=officer,
            report=refugee_report,
            stage="diamankan",
            done_at=found_at - dt.timedelta(minutes=1),
        )
    assert early.value.field == "done_at"
    with pytest.raises(Invalid):
        services.protocol_stage_mark(
            actor=officer,
            report=refugee_report,
            stage="diamankan",
            done_at=timezone.now() + dt.timedelta(hours=1),
        )
    for stage in ("diamankan", "diperiksa", "ditampung"):
        services.protocol_stage_mark(actor=officer, report=refugee_report, stage=stage)
    assert ProtocolStep.objects.filter(report=refugee_report).count() == 4
    events = AuditEvent.objects.filter(action="refugee.stage")
    assert events.count() == 4 and {e.actor for e in events} == {officer}


def test_protocol_is_for_handlers_in_scope_and_refugee_reports_only(world, file_report):
    refugee = file_report(category="pengungsi")
    with pytest.raises(NotAllowed):  # reads, does not act
        services.protocol_stage_mark(
            actor=world["users"]["kanwil.babel"], report=refugee, stage="ditemukan"
        )
    with pytest.raises(NotAllowed):  # another province
        services.protocol_stage_mark(
            actor=world["users"]["kanim.banjarmasin"], report=refugee, stage="ditemukan"
        )
    with pytest.raises(Conflict):
        services.protocol_stage_mark(
            actor=world["users"]["pimpasa.koba"], report=file_report(), stage="ditemukan"
        )
    assert not ProtocolStep.objects.exists()


def test_officer_ticks_the_checklist_on_the_report_page(client, world, refugee_report):
    officer = world["users"]["pimpasa.koba"]
    client.force_login(officer)
    url = reverse("reports:detail", args=[refugee_report.pk])
    page = client.get(url).content.decode()
    assert 'id="protocol-checklist"' in page and page.count("Tandai selesai") == 1
    mark = reverse("reports:protocol_mark", args=[refugee_report.pk])
    response = client.post(mark, {"stage": "ditemukan", "note": "12 orang di pantai"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "12 orang di pantai" in page and officer.display_name in page
    # Out of order: refused in words, nothing recorded.
    response = client.post(mark, {"stage": "ditampung"}, follow=True)
    assert "terlebih dahulu" in response.content.decode()
    response = client.post(mark, {"stage": "diamankan", "done_at": "kemarin"}, follow=True)
    assert "Masukkan tanggal dan jam" in response.content.decode()
    assert ProtocolStep.objects.count() == 1


def test_officer_of_another_area_gets_404_on_the_checklist(client, world, refugee_report):
    client.force_login(world["users"]["pimpasa.mandurian"])
    mark = reverse("reports:protocol_mark", args=[refugee_report.pk])
    assert client.post(mark, {"stage": "ditemukan"}).status_code == 404
    assert not ProtocolStep.objects.exists()


def test_reporter_with_an_email_is_told_of_the_public_status_only(
    world, file_report, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFY_WEBHOOK_URL = "http://127.0.0.1:9/"
    report = file_report(contact="warga@example.id")
    officer = world["users"]["pimpasa.koba"]
    with django_capture_on_commit_callbacks(execute=True):
        services.report_verify(
            report=report, actor=officer, note="Pelapor tetangga kepala desa", public_note=""
        )
    told = [m for m in mail.outbox if m.to == ["warga@example.id"]]
    assert len(told) == 1
    assert report.tracking_code[:3] in told[0].body
    assert officer.username not in told[0].body and "tetangga" not in told[0].body
    row = Delivery.objects.get(kind="reporter_status")
    assert row.recipient == "w***@example.id" and row.address == ""  # masked, then forgotten
    assert not Delivery.objects.filter(channel="webhook", kind="reporter_status").exists()


def test_reporter_with_a_phone_is_not_messaged(
    world, file_report, django_capture_on_commit_callbacks
):
    report = file_report(contact="081234567890")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_verify(report=report, actor=world["users"]["pimpasa.koba"])
    assert not Delivery.objects.filter(kind="reporter_status").exists()


def test_no_webhook_payload_holds_the_reporters_data(
    client, addresses, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFY_WEBHOOK_URL = "http://127.0.0.1:9/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:new"), refugee_post())
    report = Report.objects.get()
    client.force_login(addresses["users"]["pimpasa.koba"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reports:change_status", args=[report.pk]),
            {"to_status": "diverifikasi", "public_note": "Terima kasih"},
        )
    hooks = Delivery.objects.filter(channel="webhook")
    assert {h.kind for h in hooks} == {"refugee", "new_report"}
    for hook in hooks:
        text = json.dumps(hook.payload)
        assert "warga@example.id" not in text and report.description not in text
        assert "Terima kasih" not in text
