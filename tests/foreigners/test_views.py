"""Pages: registration with duplicate candidates, full view with reason and access log, export,
departure, alerts, merge, and the scope matrix (404 outside the area)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from desabinaan.foreigners.models import (
    AccessLog,
    Alert,
    Foreigner,
    ImportRun,
    PermitType,
    Stay,
)
from desabinaan.foreigners.services import alerts_scan
from tests.factories import SYSTEM

from .conftest import MANDURIAN, PADANG_MULIA, TODAY, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, world):
    def _login(key):
        client.force_login(world["users"][key])
        return client

    return _login


def form(**overrides):
    from desabinaan.foreigners.models import PermitType

    data = {
        "region": MANDURIAN,
        "given_names": "Maria",
        "family_name": "Schneider",
        "sex": "P",
        "date_of_birth": "1990-02-03",
        "nationality": "DE",
        "passport_number": "C01X00T47",
        "passport_country": "DE",
        "passport_expiry": "2030-05-01",
        "address": "Jl. Pasar RT 01",
        "host_kind": "keluarga",
        "host_name": "Keluarga Sari",
        "purpose": "keluarga",
        "arrival_date": "2026-01-05",
        "permit_type": PermitType.objects.get(code="E31A").pk,
        "permit_expiry": "2027-01-04",
    }
    data.update(overrides)
    return data


def test_mitra_registers_and_lands_on_the_masked_record(as_user):
    client = as_user("mitra.mandurian")
    page = client.get("/wna/daftar/")
    assert "Daftarkan WNA" in page.content.decode()
    response = client.post("/wna/daftar/", form(), follow=True)
    html = response.content.decode()
    assert "Data tinggal sudah didaftarkan." in html
    assert "C****47" in html and "C01X00T47" not in html
    assert "Belum diverifikasi" in html


def test_duplicate_candidates_then_pick_the_existing_person(as_user, register):
    existing = register(
        who=person(
            given_names="Maria",
            family_name="Schneider",
            date_of_birth=dt.date(1990, 2, 3),
            nationality="DE",
        )
    )
    client = as_user("mitra.mandurian")
    response = client.post("/wna/daftar/", form())
    html = response.content.decode()
    assert "Orang ini mungkin sudah terdaftar" in html
    assert "nama dan tanggal lahir sama" in html
    assert Stay.objects.count() == 1
    client.post("/wna/daftar/", form(person_choice=str(existing.foreigner_id)))
    assert Foreigner.objects.count() == 1 and Stay.objects.count() == 2


def test_duplicate_candidates_then_confirm_new(as_user, register):
    register(
        who=person(
            given_names="Maria",
            family_name="Schneider",
            date_of_birth=dt.date(1990, 2, 3),
            nationality="DE",
        )
    )
    as_user("mitra.mandurian").post("/wna/daftar/", form(person_choice="new"))
    assert Foreigner.objects.count() == 2


def test_a_candidate_id_not_offered_is_refused(as_user, register):
    other = register(user="pimpasa.koba", region=PADANG_MULIA)
    response = as_user("mitra.mandurian").post(
        "/wna/daftar/", form(person_choice=str(other.foreigner_id))
    )
    assert "Pilih salah satu orang yang ditawarkan" in response.content.decode()
    assert Stay.objects.count() == 1


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"arrival_date": "31-31-2026"}, "Masukkan tanggal yang valid."),
        ({"region": "63.05.03.2015"}, "Pilih desa dari daftar."),
        ({"expected_departure": "2025-01-01"}, "tidak boleh sebelum tanggal kedatangan"),
        ({"passport_number": ""}, "Bidang ini tidak boleh kosong."),
        ({"permit_type": "999999"}, "Pilih jenis izin dari daftar."),
    ],
)
def test_register_form_bad_input(as_user, override, message):
    response = as_user("mitra.mandurian").post("/wna/daftar/", form(**override))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Stay.objects.exists() and not Foreigner.objects.exists()


def test_kanwil_has_no_register_page(as_user):
    response = as_user("kanwil.babel").get("/wna/daftar/")
    assert response.status_code == 403  # the role, not the area: told so in words
    assert "tidak dapat memakai halaman ini" in response.content.decode()


def test_full_view_asks_a_reason_once_per_session_and_logs_each_view(as_user, register):
    stay = register(who=person(passport_number="A1234589"))
    client = as_user("pimpasa.mandurian")
    url = f"/wna/{stay.foreigner_id}/lengkap/"
    asked = client.get(url)
    assert "Mengapa Anda membuka data ini?" in asked.content.decode()
    assert not AccessLog.objects.exists()
    short = client.post(url, {"reason": "x"})
    assert "paling sedikit 5 huruf" in short.content.decode()
    client.post(url, {"reason": "Verifikasi lapangan"})
    first = client.get(url)
    assert "A1234589" in first.content.decode()
    client.get(url)
    assert AccessLog.objects.filter(reason="Verifikasi lapangan").count() == 2


def test_mitra_is_told_the_full_view_is_for_officers(as_user, register):
    stay = register()
    refused = as_user("mitra.mandurian").get(f"/wna/{stay.foreigner_id}/lengkap/")
    assert refused.status_code == 403
    assert "hanya untuk petugas imigrasi" in refused.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/wna/{f}/", "/wna/{f}/lengkap/", "/wna/tinggal/{s}/keberangkatan/", "/wna/{f}/gabung/"],
)
def test_scope_matrix_pangkalpinang_never_sees_mandurian(as_user, register, path):
    stay = register()
    client = as_user("kanim.pangkalpinang")
    assert client.get(path.format(f=stay.foreigner_id, s=stay.pk)).status_code == 404
    listing = client.get("/wna/").content.decode()
    assert stay.foreigner.family_name not in listing


def test_scope_matrix_alert_detail_404(as_user, register):
    register(permit_expiry=TODAY + dt.timedelta(days=1))
    alerts_scan(actor=SYSTEM, today=TODAY)
    alert = Alert.objects.get()
    assert as_user("kanim.pangkalpinang").get(f"/wna/peringatan/{alert.pk}/").status_code == 404
    assert (
        as_user("pimpasa.koba")
        .post(f"/wna/peringatan/{alert.pk}/", {"status": "selesai"})
        .status_code
        == 404
    )
    assert Alert.objects.get().status == "baru"


def test_verify_from_the_record_page(as_user, register):
    stay = register()
    client = as_user("pimpasa.mandurian")
    response = client.post(
        f"/wna/tinggal/{stay.pk}/verifikasi/",
        {"verified_with": "Paspor asli dan KITAS"},
        follow=True,
    )
    assert "Data tinggal sudah diverifikasi." in response.content.decode()
    stay.refresh_from_db()
    assert stay.verified_with == "Paspor asli dan KITAS"


def test_departure_form_bad_input(as_user, register):
    stay = register()
    response = as_user("mitra.mandurian").post(
        f"/wna/tinggal/{stay.pk}/keberangkatan/", {"departed_on": "2026-02-01", "kind": "pindah"}
    )
    assert "Pilih desa tujuan pindah." in response.content.decode()
    stay.refresh_from_db()
    assert stay.departed_on is None


def test_departure_left_indonesia(as_user, register):
    stay = register()
    as_user("mitra.mandurian").post(
        f"/wna/tinggal/{stay.pk}/keberangkatan/", {"departed_on": "2026-02-01", "kind": "keluar"}
    )
    stay.refresh_from_db()
    assert stay.departure_kind == "keluar"


def test_alert_list_and_resolve(as_user, register):
    register(permit_expiry=TODAY + dt.timedelta(days=1))
    register(user="pimpasa.koba", region=PADANG_MULIA, permit_expiry=TODAY + dt.timedelta(days=1))
    alerts_scan(actor=SYSTEM, today=TODAY)
    client = as_user("pimpasa.mandurian")
    html = client.get("/wna/peringatan/").content.decode()
    assert html.count("Izin segera berakhir") >= 1
    assert "di Desa Mandurian berakhir dalam 1 hari." in html
    mine = Alert.objects.get(region_id=MANDURIAN)
    bad = client.post(f"/wna/peringatan/{mine.pk}/", {"status": "diabaikan"})
    assert "Tulis alasan peringatan ini diabaikan." in bad.content.decode()
    client.post(
        f"/wna/peringatan/{mine.pk}/", {"status": "selesai", "reason": "Sudah diperpanjang"}
    )
    assert Alert.objects.get(pk=mine.pk).status == "selesai"


def test_alert_list_query_count_does_not_grow(as_user, register, django_assert_max_num_queries):
    for _ in range(5):
        register(permit_expiry=TODAY + dt.timedelta(days=1))
    alerts_scan(actor=SYSTEM, today=TODAY)
    client = as_user("pimpasa.mandurian")
    with django_assert_max_num_queries(12):
        client.get("/wna/peringatan/")


def test_export_is_masked_without_the_right(as_user, register):
    register(who=person(passport_number="A1234589"))
    client = as_user("kanim.banjarmasin")
    refused = client.post("/wna/ekspor/", {"unmasked": "on", "reason": "Laporan bulanan"})
    assert "Anda tidak berhak mengekspor nomor paspor tanpa sensor." in refused.content.decode()
    response = client.post("/wna/ekspor/", {})
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "A****9" in body and "A1234589" not in body
    assert not AccessLog.objects.exists()


def test_unmasked_export_with_the_right_and_a_reason_is_logged(as_user, register, world):
    register(who=person(passport_number="A1234589"))
    register(user="pimpasa.koba", region=PADANG_MULIA)
    user = world["users"]["kanim.banjarmasin"]
    user.user_permissions.add(Permission.objects.get(codename="export_passport_numbers"))
    client = as_user("kanim.banjarmasin")
    no_reason = client.post("/wna/ekspor/", {"unmasked": "on", "reason": ""})
    assert "Tulis alasan ekspor tanpa sensor" in no_reason.content.decode()
    response = client.post("/wna/ekspor/", {"unmasked": "on", "reason": "Permintaan Kanwil"})
    assert "A1234589" in response.content.decode()
    assert list(AccessLog.objects.values_list("kind", "reason")) == [
        ("export_csv", "Permintaan Kanwil")
    ]


def test_kanim_reads_its_office_access_log_and_pimpasa_cannot(as_user, register, world):
    stay = register()
    pimpasa = as_user("pimpasa.mandurian")
    pimpasa.post(f"/wna/{stay.foreigner_id}/lengkap/", {"reason": "Tindak lanjut peringatan"})
    pimpasa.get(f"/wna/{stay.foreigner_id}/lengkap/")
    assert pimpasa.get("/wna/log-akses/").status_code == 404
    html = as_user("kanim.banjarmasin").get("/wna/log-akses/").content.decode()
    assert "Tindak lanjut peringatan" in html
    other = as_user("kanim.pangkalpinang").get("/wna/log-akses/").content.decode()
    assert "Tindak lanjut peringatan" not in other


def test_merge_page(as_user, register):
    a, b = register(), register()
    client = as_user("pimpasa.mandurian")
    bad = client.post(f"/wna/{b.foreigner_id}/gabung/", {"other": 999999, "reason": "sama"})
    assert "Tidak ada data dengan nomor ini di wilayah Anda." in bad.content.decode()
    client.post(f"/wna/{b.foreigner_id}/gabung/", {"other": a.foreigner_id, "reason": "orang sama"})
    assert Foreigner.objects.get(pk=a.foreigner_id).merged_into_id == b.foreigner_id
    merge_id = Foreigner.objects.get(pk=b.foreigner_id).merges_in.get().pk
    client.post(f"/wna/gabungan/{merge_id}/pisah/")
    assert Foreigner.objects.get(pk=a.foreigner_id).merged_into_id is None


def test_export_person_command_writes_everything_and_logs(register, tmp_path, capsys):
    from django.core.management import call_command

    stay = register(who=person(passport_number="A1234589"))
    out = tmp_path / "person.json"
    call_command(
        "export_person",
        str(stay.foreigner_id),
        "--reason",
        "Permintaan subjek data",
        "--output",
        str(out),
    )
    import json

    data = json.loads(out.read_text())
    assert data["passports"][0]["number"] == "A1234589"
    assert data["stays"][0]["region_id"] == MANDURIAN
    assert AccessLog.objects.get().kind == "export_person"
    err = capsys.readouterr().err
    assert "A1234589" not in err and stay.foreigner.family_name not in err


def test_country_names_are_indonesian(as_user, register):
    """django-countries has no Indonesian names; data/locale supplies them from CLDR."""
    stay = register(who=person(nationality="DE", passport_country="DE"))
    client = as_user("mitra.mandurian")
    assert "Jerman" in client.get(f"/wna/{stay.foreigner_id}/").content.decode()
    form = client.get("/wna/daftar/").content.decode()
    assert '<option value="JP">Jepang</option>' in form


def test_possible_duplicate_alert_names_the_twin_and_leads_to_the_merge(as_user, register):
    first = register(who=person(given_names="Anna", family_name="Berg", nationality="SE"))
    f = first.foreigner
    twin = register(
        who=person(
            given_names="ANNA",
            family_name="berg",
            date_of_birth=f.date_of_birth,
            nationality="SE",
            passport_number="SE5550001",
        ),
        arrival_date=TODAY - dt.timedelta(days=3),
    )
    alerts_scan(actor=SYSTEM, today=TODAY)
    alert = Alert.objects.get(kind="possible_duplicate")
    client = as_user("pimpasa.mandurian")
    page = client.get(f"/wna/peringatan/{alert.pk}/").content.decode()
    other = first.foreigner_id if alert.foreigner_id == twin.foreigner_id else twin.foreigner_id
    merge_url = f"/wna/{alert.foreigner_id}/gabung/?other={other}"
    assert merge_url in page
    assert f'value="{other}"' in client.get(merge_url).content.decode()
    client.post(merge_url, {"other": other, "reason": "paspor baru, orang sama"})
    assert Foreigner.objects.get(pk=other).merged_into_id == alert.foreigner_id
    assert 'id="twins"' not in client.get(f"/wna/peringatan/{alert.pk}/").content.decode()


@pytest.mark.parametrize(
    ("user", "path", "message"),
    [
        ("mitra.mandurian", "/wna/daftar/", "Bidang ini tidak boleh kosong."),
        ("pimpasa.mandurian", "/wna/{f}/lengkap/", "Bidang ini tidak boleh kosong."),
        ("mitra.mandurian", "/wna/tinggal/{s}/keberangkatan/", "Bidang ini tidak boleh kosong."),
        ("pimpasa.mandurian", "/wna/peringatan/{a}/", "Bidang ini tidak boleh kosong."),
        ("pimpasa.mandurian", "/wna/{f}/gabung/", "Bidang ini tidak boleh kosong."),
        ("pimpasa.mandurian", "/wna/{f}/foto/ubah/", "Pilih foto untuk diunggah."),
        ("pusat", "/wna/jenis-izin/baru/", "Bidang ini tidak boleh kosong."),
        ("kanim.banjarmasin", "/wna/impor/", "Bidang ini tidak boleh kosong."),
    ],
)
def test_an_empty_post_is_400_with_the_reason_and_changes_nothing(
    as_user, register, user, path, message
):
    """A form posted with no field at all (a dropped connection, a bare client) is still
    checked: HTTP 400, the reason in Indonesian, nothing saved."""
    stay = register(permit_expiry=TODAY + dt.timedelta(days=3))
    alerts_scan(actor=SYSTEM, today=TODAY)
    alert = Alert.objects.get()

    def counts():
        return [m.objects.count() for m in (Stay, Foreigner, AccessLog, PermitType, ImportRun)]

    before = counts()
    url = path.format(f=stay.foreigner_id, s=stay.pk, a=alert.pk)
    response = as_user(user).post(url, {})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before
    stay.refresh_from_db()
    alert.refresh_from_db()
    assert stay.departed_on is None and alert.status == "baru"
