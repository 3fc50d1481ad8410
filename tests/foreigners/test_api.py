"""The registry API: POST /stays, GET /foreigners, GET /foreigners/{id}, GET /alerts."""

import datetime as dt

import pytest

from desabinaan.foreigners.models import AccessLog, Foreigner, Stay
from desabinaan.foreigners.services import alerts_scan
from tests.factories import SYSTEM

from .conftest import MANDURIAN, MANDURIAN_HILIR, PADANG_MULIA, TODAY, person

pytestmark = pytest.mark.django_db


def body(**overrides):
    data = {
        "given_names": "Maria",
        "family_name": "Schneider",
        "sex": "P",
        "date_of_birth": "1990-02-03",
        "nationality": "DE",
        "passport_number": "C01X00T47",
        "passport_country": "DE",
        "passport_expiry": "2030-05-01",
        "region_code": MANDURIAN,
        "address": "Jl. Pasar RT 01",
        "host_name": "Keluarga Sari",
        "host_kind": "keluarga",
        "purpose": "keluarga",
        "arrival_date": "2026-01-05",
        "permit_code": "E31A",
        "permit_expiry": "2027-01-04",
    }
    data.update(overrides)
    return data


def test_mitra_registers_a_stay_in_their_desa(api):
    response = api("mitra.mandurian").post("/stays", body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["region_code"] == MANDURIAN
    assert data["permit_code"] == "E31A"
    assert data["verified"] is False
    assert Foreigner.objects.get().passports.get().number == "C01X00T47"


def test_same_passport_returns_409_with_the_candidate_then_links(api):
    mitra = api("mitra.mandurian")
    first = mitra.post("/stays", body()).json()
    again = mitra.post("/stays", body(given_names="Marie", address="Jl. Lain 3"))
    assert again.status_code == 409
    candidates = again.json()["candidates"]
    assert [c["id"] for c in candidates] == [first["foreigner_id"]]
    assert candidates[0]["reasons"] == ["passport"]
    assert candidates[0]["passport"] == "C****47"
    assert "Mungkin sudah terdaftar" in again.json()["detail"]
    linked = mitra.post("/stays", body(foreigner_id=first["foreigner_id"], address="Jl. Lain 3"))
    assert linked.status_code == 201
    assert Foreigner.objects.count() == 1
    assert Stay.objects.count() == 2


def test_confirm_new_with_a_registered_passport_is_refused(api):
    mitra = api("mitra.mandurian")
    mitra.post("/stays", body())
    response = mitra.post("/stays", body(confirm_new=True))
    assert response.status_code == 422
    assert "Paspor ini sudah terdaftar" in response.json()["detail"]
    assert Stay.objects.count() == 1


def test_a_passport_registered_outside_scope_is_neither_confirmed_nor_denied_to_a_partner(api):
    """A partner gets the answer an unknown passport gets (201, a record of its own), never the
    other person's id; joining the two is left to an officer who sees both."""
    other = api("pimpasa.koba").post("/stays", body(region_code=PADANG_MULIA)).json()
    response = api("mitra.mandurian").post("/stays", body(given_names="Other", family_name="X"))
    assert response.status_code == 201
    assert response.json()["foreigner_id"] != other["foreigner_id"]
    linked = api("mitra.mandurian").post(
        "/stays", body(foreigner_id=other["foreigner_id"], arrival_date="2026-01-06")
    )
    assert linked.status_code == 422
    assert Stay.objects.filter(foreigner_id=other["foreigner_id"]).count() == 1


def test_the_office_links_a_person_from_outside_its_area_with_a_logged_reason(api):
    other = api("pimpasa.koba").post("/stays", body(region_code=PADANG_MULIA)).json()
    kanim = api("kanim.banjarmasin")
    offered = kanim.post("/stays", body(given_names="Other", family_name="Name"))
    assert offered.status_code == 409
    (candidate,) = offered.json()["candidates"]
    assert candidate["id"] == other["foreigner_id"]
    assert candidate["name"] == "" and candidate["passport"] == ""
    no_reason = kanim.post("/stays", body(foreigner_id=candidate["id"]))
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "link_reason"
    linked = kanim.post(
        "/stays", body(foreigner_id=candidate["id"], link_reason="Paspor sama, pindah domisili")
    )
    assert linked.status_code == 201
    log = AccessLog.objects.get(kind="link")
    assert (log.foreigner_id, log.reason) == (other["foreigner_id"], "Paspor sama, pindah domisili")


def test_picking_a_person_outside_scope_without_their_passport_is_refused(api):
    other = (
        api("pimpasa.koba")
        .post("/stays", body(region_code=PADANG_MULIA, passport_number="X9999999"))
        .json()
    )
    response = api("mitra.mandurian").post(
        "/stays", body(foreigner_id=other["foreigner_id"], passport_number="Z1234567")
    )
    assert response.status_code == 422
    assert Stay.objects.count() == 1


def test_region_outside_scope_is_403_and_nothing_saved(api):
    response = api("mitra.mandurian").post("/stays", body(region_code=MANDURIAN_HILIR))
    assert response.status_code == 403
    assert (
        response.json()["detail"] == "Desa ini di luar wilayah Anda. Pilih desa yang Anda layani."
    )
    assert not Stay.objects.exists() and not Foreigner.objects.exists()


def test_kanwil_cannot_register(api):
    assert api("kanwil.kalsel").post("/stays", body()).status_code == 403


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"arrival_date": "2026-13-01"}, "arrival_date"),
        ({"permit_code": "XX9"}, "permit_code"),
        ({"nationality": "ZZ"}, "nationality"),
        ({"region_code": "63.05.03"}, "region_code"),
        ({"sex": "X"}, "sex"),
        ({"given_names": ""}, "given_names"),
    ],
)
def test_bad_input_is_422_in_indonesian_and_nothing_saved(api, override, field):
    response = api("mitra.mandurian").post("/stays", body(**override))
    assert response.status_code == 422
    data = response.json()
    assert [e["field"] for e in data["errors"]] == [field]
    assert data["errors"][0]["message"]
    assert "Invalid" not in data["detail"] and "Unknown" not in data["detail"]
    assert not Stay.objects.exists() and not Foreigner.objects.exists()


def test_expected_departure_before_arrival_is_422(api):
    response = api("mitra.mandurian").post("/stays", body(expected_departure="2025-12-01"))
    assert response.status_code == 422
    assert "tidak boleh sebelum tanggal kedatangan" in response.json()["detail"]
    assert not Stay.objects.exists()


def test_unauthenticated_calls_are_401(client, world):
    for path in ("/api/v1/foreigners", "/api/v1/foreigners/1", "/api/v1/alerts"):
        response = client.get(path)
        assert response.status_code == 401
        assert response.json()["detail"] == "Perlu masuk terlebih dahulu."
    assert client.post("/api/v1/stays", body(), content_type="application/json").status_code == 401


def test_list_is_scoped_and_masked(api, register):
    register(who=person(passport_number="A1234589"))
    register(user="pimpasa.koba", region=PADANG_MULIA)
    data = api("kanim.banjarmasin").get("/foreigners").json()
    assert data["count"] == 1
    assert data["items"][0]["passports"][0]["number"] == "A****9"
    assert api("kanim.pangkalpinang").get("/foreigners").json()["count"] == 1
    assert api("pusat").get("/foreigners").json()["count"] == 2


def test_list_search_by_passport_number(api, register):
    register(who=person(passport_number="A1234589"))
    register()
    data = api("pimpasa.mandurian").get("/foreigners", q="a12 345 89").json()
    assert data["count"] == 1


def test_detail_outside_scope_is_404(api, register):
    stay = register()
    response = api("kanim.pangkalpinang").get(f"/foreigners/{stay.foreigner_id}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Tidak ditemukan."


def test_detail_is_masked_without_a_reason_and_logs_nothing(api, register):
    stay = register(who=person(passport_number="A1234589"))
    data = api("pimpasa.mandurian").get(f"/foreigners/{stay.foreigner_id}").json()
    assert data["full_record"] is False
    assert data["passports"][0]["number"] == "A****9"
    assert not AccessLog.objects.exists()


def test_officer_with_a_reason_sees_the_full_number_and_is_logged(api, register, world):
    stay = register(who=person(passport_number="A1234589"))
    response = api("pimpasa.mandurian").get(
        f"/foreigners/{stay.foreigner_id}", reason="Verifikasi lapangan"
    )
    data = response.json()
    assert data["full_record"] is True
    assert data["passports"][0]["number"] == "A1234589"
    entry = AccessLog.objects.get()
    assert entry.user == world["users"]["pimpasa.mandurian"]
    assert entry.reason == "Verifikasi lapangan"
    assert entry.kind == "api"


def test_mitra_cannot_open_the_full_record(api, register):
    stay = register()
    response = api("mitra.mandurian").get(f"/foreigners/{stay.foreigner_id}", reason="ingin lihat")
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_too_short_reason_is_422(api, register):
    stay = register()
    response = api("pimpasa.mandurian").get(f"/foreigners/{stay.foreigner_id}", reason="x")
    assert response.status_code == 422
    assert not AccessLog.objects.exists()


def test_alerts_are_scoped(api, register):
    register(permit_expiry=TODAY + dt.timedelta(days=2))
    register(user="pimpasa.koba", region=PADANG_MULIA, permit_expiry=TODAY + dt.timedelta(days=2))
    alerts_scan(actor=SYSTEM, today=TODAY)
    mine = api("pimpasa.mandurian").get("/alerts").json()
    assert mine["count"] == 1
    assert mine["items"][0]["region_code"] == MANDURIAN
    assert mine["items"][0]["summary"] == "izin berakhir dalam 2 hari"
    assert api("kanim.pangkalpinang").get("/alerts").json()["items"][0]["region_code"] == (
        PADANG_MULIA
    )
    assert api("pusat").get("/alerts", status="baru").json()["count"] == 2


def test_alerts_bad_filter_is_422(api):
    response = api("pusat").get("/alerts", status="tutup")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"
