"""The programme's spreadsheets (the kecamatan overview, the designated villages list) open in
Indonesian Excel and neutralise formula-looking text."""

import csv
import io

import pytest

from desabinaan.core.csvexport import FORMULA_STARTS
from desabinaan.programme.models import DesaBinaan, PimpasaAssignment

from .conftest import KOBA_DESA

pytestmark = pytest.mark.django_db

HOSTILE = "@SUM(1+1)*cmd|' /C calc'!A0"


def cells(response):
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def assert_neutralised(rows):
    values = [v for r in rows for v in r.values()]
    assert not [v for v in values if v.startswith(FORMULA_STARTS)]
    assert "'" + HOSTILE in values


def test_overview_export_neutralises(programme, client):
    PimpasaAssignment.objects.filter(region_id="19.04.01").update(sk_number=HOSTILE)
    client.force_login(programme["users"]["kanim.pangkalpinang"])
    rows = cells(client.get("/program/kanim/", {"format": "csv"}))
    assert_neutralised(rows)


def test_designated_villages_are_a_list_of_their_own(programme, client):
    DesaBinaan.objects.filter(region_id=KOBA_DESA).update(sk_number=HOSTILE)
    client.force_login(programme["users"]["kanim.pangkalpinang"])
    rows = cells(client.get("/program/kanim/", {"format": "desa"}))
    assert_neutralised(rows)
    koba = next(r for r in rows if r["Kode desa"] == KOBA_DESA)
    assert koba["Desa"] == "Arung Dalam"
    assert koba["Kecamatan"] == "Koba" and koba["Kabupaten/kota"] == "Kabupaten Bangka Tengah"
    assert koba["Imigrasi Corner"] == "ya"
    assert koba["Tanggal pencanangan"] == "2025-09-30"
    # Only the office's own designated villages, never another office's.
    assert all(r["Kode desa"].startswith("19.") for r in rows)


def test_designated_villages_stay_in_the_office(programme, client):
    client.force_login(programme["users"]["kanim.banjarmasin"])
    rows = cells(client.get("/program/kanim/", {"format": "desa"}))
    assert [r["Kode desa"] for r in rows] == ["63.05.03.2003"]
