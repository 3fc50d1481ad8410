"""Every spreadsheet the registry hands out (the export, the import's rejected rows) neutralises
formula-looking text and opens in Indonesian Excel (`;`, UTF-8 byte-order mark)."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from desabinaan.core.csvexport import FORMULA_STARTS
from desabinaan.foreigners.importer import COLUMNS
from desabinaan.foreigners.models import Foreigner, ImportRun, Stay

from .conftest import MANDURIAN

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/","klik")'


def cells(text: str, delimiter=";"):
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def assert_neutralised(rows):
    flat = [cell for row in rows for cell in row]
    assert not [c for c in flat if c.startswith(FORMULA_STARTS)]
    assert any(c == "'" + HOSTILE for c in flat)


def test_registry_export_neutralises_and_names_the_village(client, world, register):
    stay = register()
    Foreigner.objects.filter(pk=stay.foreigner_id).update(given_names=HOSTILE)
    Stay.objects.filter(pk=stay.pk).update(address="-2+3+cmd|' /C calc'!A0")
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post("/wna/ekspor/", {})
    rows = cells(response.content.decode())
    assert_neutralised(rows)
    header, row = rows[0], rows[1]
    assert header[8:10] == ["Kode desa", "Desa"]
    assert row[8:10] == [MANDURIAN, "Mandurian"]
    assert "'-2+3+cmd|' /C calc'!A0" in row


def test_registry_export_plain_comma_on_request(client, world, register):
    register()
    client.force_login(world["users"]["kanim.banjarmasin"])
    body = client.post("/wna/ekspor/?pemisah=koma", {}).content.decode()
    assert not body.startswith("\ufeff")
    assert body.splitlines()[0].startswith("Nomor data,")


def row(**overrides):
    values = {
        "given_names": "Anna",
        "family_name": "Berg",
        "aliases": "",
        "sex": "P",
        "date_of_birth": "1988-07-01",
        "nationality": "SE",
        "passport_number": "SE1234567",
        "passport_country": "SE",
        "passport_expiry": "2031-01-01",
        "region_code": MANDURIAN,
        "address": "Jl. Sungai 3",
        "host_name": "PT Contoh",
        "host_kind": "perusahaan",
        "purpose": "bekerja",
        "arrival_date": "2026-01-02",
        "expected_departure": "",
        "permit_code": "E23",
        "permit_number": "IT1",
        "permit_expiry": "2027-01-01",
    }
    values.update(overrides)
    return values


def test_import_error_report_neutralises(world, tmp_path):
    path = tmp_path / "a.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow(row(host_name=HOSTILE, permit_code="Z99"))
    with pytest.raises(CommandError):
        call_command("import_stays", str(path), "--user", "kanim.banjarmasin")
    rows = cells((tmp_path / "a.csv.errors.csv").read_text(encoding="utf-8"))
    assert_neutralised(rows)
    assert rows[0][:2] == ["baris", "kesalahan"]
    assert ImportRun.objects.get().status == "rejected"


def test_import_error_report_from_the_page_neutralises(
    client, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.FOREIGNERS_IMPORT_ROOT = tmp_path / "imports"
    body = io.StringIO()
    writer = csv.DictWriter(body, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(row(address=HOSTILE, sex="Q"))
    upload = io.BytesIO(body.getvalue().encode())
    upload.name = "data.csv"
    client.force_login(world["users"]["kanim.banjarmasin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/wna/impor/", {"file": upload})
    run = ImportRun.objects.get()
    response = client.get(f"/wna/impor/{run.pk}/kesalahan.csv")
    text = b"".join(response.streaming_content).decode()
    assert_neutralised(cells(text))
