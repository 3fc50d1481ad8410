"""Forwarding a report to other agencies (issue 17): who may, to which agencies, each
forwarding's own status, the closure guard, and what the reporter's public timeline says."""

import pytest
from django.urls import reverse

from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Conflict, Invalid, NotAllowed
from desabinaan.reports import services
from desabinaan.reports.models import (
    Agency,
    EventKind,
    Forwarding,
    ForwardingStatus,
    ReportEvent,
    Status,
)

from .conftest import KOBA_DESA

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(world):
    return {
        "polres": Agency.objects.create(
            kind="polri", name="Polres Bangka Tengah", region_id="19.04"
        ),
        "polsek": Agency.objects.create(kind="polri", name="Polsek Koba", region_id="19.04.01"),
        "bp3mi": Agency.objects.create(kind="p2mi", name="BP3MI Babel", region_id="19"),
        "iom": Agency.objects.get(kind="iom"),
        "tapin": Agency.objects.create(kind="polri", name="Polres Tapin", region_id="63.05"),
        "retired": Agency.objects.create(
            kind="dinsos", name="Dinsos lama", region_id="19.04", active=False
        ),
    }


@pytest.fixture
def verified(file_report, world):
    report = file_report()
    services.report_verify(report=report, actor=world["users"]["pimpasa.koba"])
    return report


def _forward(world, report, *agencies, note="Mohon dicek ke lokasi", who="pimpasa.koba"):
    return services.forwarding_create(
        actor=world["users"][who], report=report, agencies=list(agencies), note=note
    )


def test_forwarding_to_several_agencies_writes_one_public_line_without_names(
    world, verified, agencies
):
    made = _forward(world, verified, agencies["polres"], agencies["iom"], agencies["bp3mi"])
    assert {f.agency.name for f in made} == {
        "Polres Bangka Tengah",
        "BP3MI Babel",
        "International Organization for Migration (IOM) Indonesia",
    }
    assert all(f.status == ForwardingStatus.DIKIRIM and not f.settled for f in made)
    public = ReportEvent.objects.get(report=verified, kind=EventKind.FORWARDED)
    assert public.is_public and public.note == ""
    internal = ReportEvent.objects.get(report=verified, kind=EventKind.FORWARDING)
    assert not internal.is_public and "Polres Bangka Tengah" in internal.note
    event = AuditEvent.objects.filter(action="report.forward").get()
    assert event.region_id == KOBA_DESA


@pytest.mark.parametrize(
    ("pick", "note", "field"),
    [
        ([], "Mohon dicek", "agencies"),
        (["polres"], "   ", "note"),
        (["polres"], "x" * (services.MAX_NOTE + 1), "note"),
        (["tapin"], "Mohon dicek", "agencies"),  # covers another kabupaten
        (["retired"], "Mohon dicek", "agencies"),  # no longer active
    ],
)
def test_bad_forwarding_input_is_refused_and_saves_nothing(
    world, verified, agencies, pick, note, field
):
    with pytest.raises(Invalid) as refused:
        _forward(world, verified, *[agencies[p] for p in pick], note=note)
    assert field in refused.value.problems
    assert not Forwarding.objects.exists()
    assert not ReportEvent.objects.filter(kind=EventKind.FORWARDED).exists()


def test_a_new_or_closed_report_is_not_forwarded(world, file_report, agencies):
    report = file_report()
    with pytest.raises(Conflict):
        _forward(world, report, agencies["polres"])
    services.report_reject(report=report, actor=world["users"]["pimpasa.koba"], public_note="Spam")
    with pytest.raises(Conflict):
        _forward(world, report, agencies["polres"])
    assert not Forwarding.objects.exists()


def test_only_handlers_in_scope_forward(world, verified, agencies):
    for who in ("kanwil.babel", "pusat", "pimpasa.mandurian", "kanim.banjarmasin"):
        with pytest.raises(NotAllowed):
            _forward(world, verified, agencies["polres"], who=who)
    assert not Forwarding.objects.exists()


def test_the_same_agency_is_not_asked_twice_while_waiting(world, verified, agencies):
    _forward(world, verified, agencies["polres"])
    with pytest.raises(Invalid, match="Polres Bangka Tengah"):
        _forward(world, verified, agencies["polres"], agencies["polsek"])
    assert Forwarding.objects.count() == 1


def test_status_moves_forward_only_and_completion_needs_an_answer(world, verified, agencies):
    koba = world["users"]["pimpasa.koba"]
    (f,) = _forward(world, verified, agencies["polsek"])
    services.forwarding_update(actor=koba, forwarding=f, status="diterima")
    with pytest.raises(Conflict):
        services.forwarding_update(actor=koba, forwarding=f, status="dikirim")
    with pytest.raises(Invalid) as refused:
        services.forwarding_update(actor=koba, forwarding=f, status="selesai")
    assert refused.value.field == "answer"
    with pytest.raises(Invalid):
        services.forwarding_update(actor=koba, forwarding=f, status="hilang", answer="x")
    services.forwarding_update(
        actor=koba, forwarding=f, status="selesai", answer="Sudah diperiksa, aman."
    )
    f.refresh_from_db()
    assert f.settled and f.answer == "Sudah diperiksa, aman."
    with pytest.raises(Conflict):
        services.forwarding_update(actor=koba, forwarding=f, status="selesai", answer="lagi")
    with pytest.raises(Conflict):
        services.forwarding_waive(actor=koba, forwarding=f, reason="terlambat")


def test_waiving_needs_a_reason_and_settles(world, verified, agencies):
    koba = world["users"]["pimpasa.koba"]
    (f,) = _forward(world, verified, agencies["polres"])
    with pytest.raises(Invalid) as refused:
        services.forwarding_waive(actor=koba, forwarding=f, reason="  ")
    assert refused.value.field == "reason"
    f.refresh_from_db()
    assert not f.waived
    services.forwarding_waive(actor=koba, forwarding=f, reason="Salah instansi")
    f.refresh_from_db()
    assert f.waived and f.settled and f.waive_reason == "Salah instansi"


def test_a_report_closes_only_when_every_forwarding_is_settled(world, verified, agencies):
    koba = world["users"]["pimpasa.koba"]
    services.report_follow_up(report=verified, actor=koba)
    first, second = _forward(world, verified, agencies["polres"], agencies["polsek"])
    for close in (services.report_complete, services.report_mark_unproven):
        with pytest.raises(Conflict) as refused:
            close(report=verified, actor=koba)
        assert "Polres Bangka Tengah" in refused.value.message
        assert "Polsek Koba" in refused.value.message
    verified.refresh_from_db()
    assert verified.status == Status.DITINDAKLANJUTI
    services.forwarding_update(actor=koba, forwarding=first, status="selesai", answer="Beres")
    with pytest.raises(Conflict) as refused:
        services.report_complete(report=verified, actor=koba)
    assert "Polsek Koba" in refused.value.message
    assert "Polres Bangka Tengah" not in refused.value.message
    services.forwarding_waive(actor=koba, forwarding=second, reason="Ditangani Polres")
    services.report_complete(report=verified, actor=koba)
    verified.refresh_from_db()
    assert verified.status == Status.SELESAI


def test_the_public_timeline_says_passed_on_and_nothing_more(client, world, verified, agencies):
    koba = world["users"]["pimpasa.koba"]
    (f,) = _forward(world, verified, agencies["polres"], note="Catatan rahasia untuk Polres")
    services.forwarding_update(
        actor=koba, forwarding=f, status="diterima", answer="Jawaban rahasia Polres"
    )
    page = client.get(reverse("reports:status", args=[verified.tracking_code]))
    text = page.content.decode()
    assert "Laporan diteruskan ke instansi yang berwenang" in text
    for secret in ("Polres", "Catatan rahasia", "Jawaban rahasia", koba.username):
        assert secret not in text
    if koba.display_name:
        assert koba.display_name not in text
    track = client.get(f"/api/v1/reports/track/{verified.tracking_code}").json()
    forwarded = [e for e in track["events"] if e["kind"] == "forwarded"]
    assert forwarded and forwarded[0]["message"] == ""
    body = str(track)
    assert "Polres" not in body and "rahasia" not in body


def test_officer_page_forwards_updates_and_waives(client, world, verified, agencies):
    client.force_login(world["users"]["pimpasa.koba"])
    detail = reverse("reports:detail", args=[verified.pk])
    page = client.get(detail).content.decode()
    assert "Polsek Koba" in page and "Polres Tapin" not in page and "Dinsos lama" not in page
    response = client.post(
        reverse("reports:forward", args=[verified.pk]),
        {"agencies": [agencies["polsek"].pk, agencies["iom"].pk], "note": "Mohon dicek"},
    )
    assert response.status_code == 302
    polsek = Forwarding.objects.get(agency=agencies["polsek"])
    iom = Forwarding.objects.get(agency=agencies["iom"])
    response = client.post(
        reverse("reports:forwarding_update", args=[verified.pk, polsek.pk]),
        {"status": "selesai", "answer": "Sudah dicek, aman"},
        follow=True,
    )
    polsek.refresh_from_db()
    assert polsek.status == "selesai"
    assert "Sudah dicek, aman" in response.content.decode()
    client.post(
        reverse("reports:forwarding_waive", args=[verified.pk, iom.pk]), {"reason": "Tidak perlu"}
    )
    iom.refresh_from_db()
    assert iom.waived


@pytest.mark.parametrize(
    ("route", "data", "message"),
    [
        ("forward", {"note": "Mohon"}, "Pilih paling sedikit satu instansi."),
        ("forward", {"agencies": ["tapin"], "note": "Mohon"}, "harus mencakup desa laporan"),
        ("forward", {"agencies": ["polres"], "note": ""}, "Tulis apa yang Anda minta"),
        ("forward", {"agencies": ["abc"], "note": "Mohon"}, "harus mencakup desa laporan"),
        ("update", {"status": "selesai", "answer": ""}, "Tulis jawaban instansi"),
        ("update", {"status": "entah"}, "Pilih salah satu status"),
        ("update", {"status": "dikirim"}, "tidak dapat menjadi"),
        ("waive", {"reason": ""}, "Tulis mengapa penerusan ini"),
    ],
)
def test_bad_page_input_says_why_and_changes_nothing(
    client, world, verified, agencies, route, data, message
):
    (existing,) = _forward(world, verified, agencies["bp3mi"])
    client.force_login(world["users"]["pimpasa.koba"])
    if "agencies" in data:
        data = {
            **data,
            "agencies": [agencies[a].pk if a in agencies else a for a in data["agencies"]],
        }
    url = {
        "forward": reverse("reports:forward", args=[verified.pk]),
        "update": reverse("reports:forwarding_update", args=[verified.pk, existing.pk]),
        "waive": reverse("reports:forwarding_waive", args=[verified.pk, existing.pk]),
    }[route]
    before = list(Forwarding.objects.values())
    response = client.post(url, data, follow=True)
    assert message in response.content.decode()
    assert list(Forwarding.objects.values()) == before


def test_closing_on_the_page_explains_the_open_forwardings(client, world, verified, agencies):
    koba = world["users"]["pimpasa.koba"]
    services.report_follow_up(report=verified, actor=koba)
    _forward(world, verified, agencies["polres"])
    client.force_login(koba)
    response = client.post(
        reverse("reports:change_status", args=[verified.pk]),
        {"to_status": "selesai", "confirm": "1", "public_note": "Selesai"},
        follow=True,
    )
    text = response.content.decode()
    assert "belum tuntas" in text and "Polres Bangka Tengah" in text
    verified.refresh_from_db()
    assert verified.status == Status.DITINDAKLANJUTI


def test_forwarding_outside_the_area_is_not_found_on_the_page(client, world, verified, agencies):
    (f,) = _forward(world, verified, agencies["polres"])
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post(
        reverse("reports:forwarding_update", args=[verified.pk, f.pk]),
        {"status": "diterima"},
    )
    assert response.status_code == 404
    f.refresh_from_db()
    assert f.status == "dikirim"


def test_an_agencys_answer_tells_the_officer_who_forwarded_not_the_one_who_recorded_it(
    world, verified, agencies, django_capture_on_commit_callbacks
):
    from django.core import mail

    users = world["users"]
    for name in ("pimpasa.koba", "kanim.pangkalpinang"):
        users[name].email = f"{name}@example.id"
        users[name].save()
    (f,) = _forward(world, verified, agencies["polsek"], who="kanim.pangkalpinang")
    assert verified.assigned_to == users["pimpasa.koba"]
    with django_capture_on_commit_callbacks(execute=True):
        services.forwarding_update(
            actor=users["pimpasa.koba"], forwarding=f, status="selesai", answer="Sudah dicek."
        )
    assert [m.to for m in mail.outbox] == [["kanim.pangkalpinang@example.id"]]
    assert "Polsek Koba" in mail.outbox[0].subject
    assert "Sudah dicek." not in mail.outbox[0].body  # the answer is read in the app
