"""Licensed agencies (P3MI): import_agencies (errors by line, nothing saved, upsert) and the
public fuzzy lookup's three answers."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from desabinaan.literacy.models import LicensedAgency

pytestmark = pytest.mark.django_db

SAMPLE = Path("desabinaan/literacy/data/p3mi-CONTOH-sample.csv")
HEADER = "nama,nomor_izin,berlaku_sampai,alamat,status,sumber,tanggal_daftar\n"


def write(tmp_path, body: str) -> Path:
    path = tmp_path / "p3mi.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_the_sample_file_is_plainly_a_sample_and_imports():
    text = SAMPLE.read_text(encoding="utf-8")
    assert "CONTOH" in SAMPLE.name and "fiktif" in text
    call_command("import_agencies", str(SAMPLE), verbosity=0)
    assert LicensedAgency.objects.count() == 6
    assert all(a.name.startswith("PT Contoh") for a in LicensedAgency.objects.all())


def test_import_upserts_by_licence_number(tmp_path):
    call_command("import_agencies", str(SAMPLE), verbosity=0)
    path = write(
        tmp_path,
        "PT Contoh Sejahtera Abadi Baru,0001/contoh/2024,2030-01-01,Jl. Baru 1,dicabut,"
        "KP2MI,2026-02-01\n",
    )
    call_command("import_agencies", str(path), verbosity=0)
    assert LicensedAgency.objects.count() == 6
    agency = LicensedAgency.objects.get(licence_number__iexact="0001/CONTOH/2024")
    assert agency.status == "dicabut" and agency.name.endswith("Baru")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "PT A,1,2030-01-01,x,aktif,KP2MI,2026-01-01\n"
            "PT B,2,31/12/2030,x,aktif,KP2MI,2026-01-01\n",
            "Baris 3",
        ),
        (
            "PT A,1,2030-01-01,x,aktif,KP2MI,2026-01-01\nPT B,2,,x,ditutup,KP2MI,2026-01-01\n",
            "Baris 3",
        ),
        ("PT A,1,2030-01-01,x,aktif,KP2MI,2026-01-01\n,2,,x,aktif,KP2MI,2026-01-01\n", "Baris 3"),
        (
            "PT A,1,2030-01-01,x,aktif,KP2MI,2026-01-01\nPT B,1,,x,aktif,KP2MI,2026-01-01\n",
            "Baris 3",
        ),
        ("PT A,1,2030-01-01,x,aktif,KP2MI\n", "Baris 2"),
        ("PT A,1,2030-01-01,x,aktif,KP2MI,\n", "Baris 2"),
    ],
)
def test_a_bad_line_is_reported_by_number_and_nothing_is_saved(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(CommandError) as err:
        call_command("import_agencies", str(path), verbosity=0)
    assert message in str(err.value)
    assert LicensedAgency.objects.count() == 0


def test_a_wrong_header_is_refused(tmp_path):
    path = tmp_path / "p3mi.csv"
    path.write_text("name,licence\nPT A,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Baris 1"):
        call_command("import_agencies", str(path), verbosity=0)


@pytest.fixture
def register():
    call_command("import_agencies", str(SAMPLE), verbosity=0)


@time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    ("typed", "status", "words"),
    [
        ("PT Contoh Karya Mandiri", "terdaftar", "Terdaftar, izin berlaku sampai 30 Juni 2028"),
        ("contoh karya mandri", "terdaftar", "Terdaftar"),  # a typo, no "PT"
        ("0004/CONTOH/2025", "terdaftar", "Terdaftar"),
        ("PT Contoh Lama Berjaya", "tidak_berlaku", "Izin sudah tidak berlaku"),
        ("PT Contoh Dicabut Sentosa", "tidak_berlaku", "Izin sudah tidak berlaku"),
        (
            "PT Bayangan Makmur",
            "tidak_ditemukan",
            "Tidak ditemukan — tanyakan ke Disnaker atau BP3MI sebelum membayar apa pun",
        ),
        ("Contoh", "tidak_ditemukan", "Tidak ditemukan"),
    ],
)
def test_lookup_answers_plainly(client, register, typed, status, words):
    response = client.get("/literasi/p3mi/", {"nama": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-status="{status}"' in html
    assert words in html


def test_an_active_licence_past_its_date_is_no_longer_valid(client, register):
    with time_machine.travel(dt.datetime(2030, 6, 1, 9, tzinfo=dt.UTC)):
        response = client.get("/literasi/p3mi/", {"nama": "PT Contoh Karya Mandiri"})
    assert 'data-status="tidak_berlaku"' in response.content.decode()


@pytest.mark.parametrize("value", ["", "   ", "x" * 201])
def test_lookup_refuses_bad_input_in_indonesian(client, value):
    response = client.get("/literasi/p3mi/", {"nama": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tulis nama perusahaan" in html or "Terlalu panjang" in html


def test_lookup_page_without_a_query_is_a_plain_form(client):
    response = client.get("/literasi/p3mi/")
    assert response.status_code == 200 and "agency-answer" not in response.content.decode()
