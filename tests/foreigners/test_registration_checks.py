"""Issue 11 items 2, 4, 5, 6: registration refuses (never rewrites) bad input and shows every
problem on the first submit, the API refuses the same; warnings before saving; the alert rules
run for the person at once; alerts name the person and the village and offer the next step."""

import datetime as dt

import pytest
from django.utils import timezone

from desabinaan.core.refusals import DomainError
from desabinaan.foreigners import services
from desabinaan.foreigners.models import Alert, AlertKind, AlertScan, Foreigner, Stay
from tests.factories import SYSTEM

from .conftest import MANDURIAN, person, stay_input
from .test_import import row, write_csv
from .test_import import run as run_import
from .test_views import as_user, form  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

BAD = {
    "passport_number": "C1@#",
    "passport_expiry": "2020-06-30",
    "arrival_date": "2026-01-05",
    "permit_expiry": "2025-12-31",
    "given_names": "A" * 161,
}


def test_every_problem_is_shown_on_the_first_submit_and_nothing_is_stored(as_user):  # noqa: F811
    response = as_user("mitra.mandurian").post("/wna/daftar/", form(**BAD))
    assert response.status_code == 400
    html = response.content.decode()
    # Refused with its reason, never stored as "C1".
    assert "Hapus “# @”" in html
    assert "Paspor ini sudah habis berlaku pada 30 Juni 2020" in html
    assert "Izin tinggal berakhir (31 Desember 2025) sebelum tanggal kedatangan" in html
    assert "161" in html  # the name is too long, with its length
    assert 'id="error-summary"' in html
    assert not Foreigner.objects.exists() and not Stay.objects.exists()


def test_a_pasted_long_name_is_not_cut_by_the_browser(as_user):  # noqa: F811
    html = as_user("mitra.mandurian").get("/wna/daftar/").content.decode()
    assert 'name="given_names"' in html and "maxlength" not in html


def test_purpose_is_not_preset(as_user):  # noqa: F811
    client = as_user("mitra.mandurian")
    html = client.get("/wna/daftar/").content.decode()
    select = html[
        html.index('name="purpose"') : html.index("</select>", html.index('name="purpose"'))
    ]
    assert "selected" not in select.split('value="bekerja"')[1].split(">")[0]
    assert select.index('value=""') < select.index('value="bekerja"')
    response = client.post("/wna/daftar/", form(purpose=""))
    assert response.status_code == 400
    assert "Pilih tujuan tinggal." in response.content.decode()


def test_arrival_in_the_future_is_refused(as_user):  # noqa: F811
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = as_user("mitra.mandurian").post(
        "/wna/daftar/", form(arrival_date=tomorrow.isoformat())
    )
    assert response.status_code == 400
    assert "Tanggal kedatangan belum terjadi." in response.content.decode()


def test_service_refuses_the_same_all_at_once(world):
    with pytest.raises(DomainError) as refused:
        services.stay_register(
            actor=world["users"]["mitra.mandurian"],
            person=person(
                passport_number="C1@#",
                passport_expiry=dt.date(2020, 6, 30),
                given_names="A" * 161,
            ),
            stay=stay_input(arrival_date=dt.date(2026, 1, 5), permit_expiry=dt.date(2025, 12, 1)),
        )
    assert set(refused.value.problems) == {
        "passport_number",
        "passport_expiry",
        "permit_expiry",
        "given_names",
    }
    assert not Foreigner.objects.exists()


@pytest.mark.parametrize("number", ["C1", "AB 12345", "AB-12345", "ÄB12345", "A" * 21])
def test_passport_numbers_are_refused_not_rewritten(world, number):
    with pytest.raises(DomainError) as refused:
        services.stay_register(
            actor=world["users"]["mitra.mandurian"],
            person=person(passport_number=number),
            stay=stay_input(),
        )
    assert "passport_number" in refused.value.problems


def test_api_refuses_with_every_field(api):
    body = {
        "given_names": "Maria",
        "sex": "P",
        "date_of_birth": "1990-02-03",
        "nationality": "DE",
        "passport_number": "C1@#",
        "passport_country": "DE",
        "passport_expiry": "2020-06-30",
        "region_code": MANDURIAN,
        "address": "Jl. Pasar RT 01",
        "host_kind": "keluarga",
        "purpose": "keluarga",
        "arrival_date": "2026-01-05",
        "permit_code": "C1",
        "permit_expiry": "2025-12-31",
    }
    response = api("mitra.mandurian").post("/stays", body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"passport_number", "passport_expiry", "permit_expiry"}
    assert not Foreigner.objects.exists()


# --- warnings and alerts at registration ------------------------------------------------------


def test_visit_visa_and_work_warns_first_then_raises_the_alert_at_once(
    as_user,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = as_user("mitra.mandurian")
    data = form(permit_type=_permit("C1"), purpose="bekerja", permit_expiry="2027-01-01")
    first = client.post("/wna/daftar/", data)
    assert first.status_code == 200
    html = first.content.decode()
    assert 'id="warnings"' in html and "tidak membolehkan bekerja" in html
    assert not Stay.objects.exists()  # a warning, not yet saved
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post("/wna/daftar/", {**data, "confirm_warnings": "1"}, follow=True)
    assert "Data tinggal sudah didaftarkan." in saved.content.decode()
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.WORK_ON_NON_WORK_PERMIT
    assert AlertScan.objects.filter(scope=AlertScan.Scope.PEOPLE).exists()


def test_expired_permit_warns_and_raises_an_overstay_alert(
    as_user,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = as_user("mitra.mandurian")
    ended = timezone.localdate() - dt.timedelta(days=10)
    data = form(permit_expiry=ended.isoformat(), arrival_date="2026-01-05")
    assert "overstay" in client.post("/wna/daftar/", data).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/wna/daftar/", {**data, "confirm_warnings": "1"})
    assert Alert.objects.get().kind == AlertKind.OVERSTAY


def test_api_registration_raises_the_alert_at_once(api, django_capture_on_commit_callbacks):
    body = {
        "given_names": "Maria",
        "sex": "P",
        "date_of_birth": "1990-02-03",
        "nationality": "DE",
        "passport_number": "C01X00T47",
        "passport_country": "DE",
        "region_code": MANDURIAN,
        "address": "Jl. Pasar RT 01",
        "host_kind": "perusahaan",
        "purpose": "bekerja",
        "arrival_date": "2026-01-05",
        "permit_code": "C1",
        "permit_expiry": "2027-01-01",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert api("mitra.mandurian").post("/stays", body).status_code == 201
    assert Alert.objects.get().kind == AlertKind.WORK_ON_NON_WORK_PERMIT


def test_import_raises_alerts_at_once(world, tmp_path, django_capture_on_commit_callbacks):
    path = write_csv(tmp_path / "a.csv", [row(1, permit_code="C1")])
    with django_capture_on_commit_callbacks(execute=True):
        run_import(path)
    assert Alert.objects.filter(kind=AlertKind.WORK_ON_NON_WORK_PERMIT).count() == 1
    assert AlertScan.objects.filter(scope=AlertScan.Scope.ALL).exists()


def test_the_person_scan_does_not_raise_other_peoples_alerts(register):
    register(permit="C1", purpose="bekerja")  # an alert the daily scan has not raised yet
    other = register(who=person())
    services.alerts_scan(actor=SYSTEM, people={other.foreigner_id})
    assert not Alert.objects.exists()
    services.alerts_scan(actor=SYSTEM)
    assert Alert.objects.count() == 1


def _permit(code):
    from desabinaan.foreigners.models import PermitType

    return PermitType.objects.get(code=code).pk


# --- the alert list and page ------------------------------------------------------------------


def test_alert_list_says_when_the_last_scan_ran(as_user, register):  # noqa: F811
    client = as_user("pimpasa.mandurian")
    assert "belum pernah berjalan" in client.get("/wna/peringatan/").content.decode()
    register(permit="C1", purpose="bekerja")
    services.alerts_scan(actor=SYSTEM)
    html = client.get("/wna/peringatan/").content.decode()
    assert "Pemeriksaan terakhir semua WNA" in html and "(1 peringatan baru)" in html


def test_alerts_name_the_person_and_the_village_and_offer_the_next_step(
    as_user,  # noqa: F811
    register,
):
    stay = register(
        permit="C1",
        purpose="bekerja",
        who=person(given_names="Maria", family_name="Schneider", passport_number="C01X00T47"),
    )
    services.alerts_scan(actor=SYSTEM)
    alert = Alert.objects.get()
    client = as_user("pimpasa.mandurian")
    for url in ("/wna/peringatan/", f"/wna/peringatan/{alert.pk}/"):
        html = client.get(url).content.decode()
        assert "Maria Schneider (paspor C****47)" in html
        assert "Desa Mandurian" in html
        assert "izin C1 yang tidak membolehkan bekerja" in html
        assert "Yang perlu dilakukan:" in html
        assert f'href="/wna/{stay.foreigner_id}/#stay-{stay.pk}"' in html  # verify
        assert "kategori=penyalahgunaan_izin_tinggal" in html  # report
        assert "WNA #" not in html and "C01X00T47" not in html


def test_overstay_alert_offers_record_departure(as_user, register):  # noqa: F811
    stay = register(arrival_date=dt.date(2025, 1, 5), permit_expiry=dt.date(2025, 3, 1))
    services.alerts_scan(actor=SYSTEM)
    html = as_user("mitra.mandurian").get("/wna/peringatan/").content.decode()
    assert f'href="/wna/tinggal/{stay.pk}/keberangkatan/"' in html
    assert "Catat kepergian" in html


def test_report_link_from_an_alert_prefills_village_and_category(client):
    html = client.get(
        "/lapor/", {"desa": MANDURIAN, "kategori": "penyalahgunaan_izin_tinggal"}
    ).content.decode()
    assert 'value="penyalahgunaan_izin_tinggal" checked' in html or (
        'value="penyalahgunaan_izin_tinggal"' in html and "checked" in html
    )
