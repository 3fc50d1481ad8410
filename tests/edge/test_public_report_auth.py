"""POST /api/v1/reports is public: a session cookie is not honoured (there is no CSRF check on a
public endpoint), a bearer token is, and a partner's token holds them to their area (issue 12
item 10)."""

import json

import pytest
from django.test import Client

from desabinaan.reports.models import Report

MANDURIAN = "63.05.03.2003"  # mitra.mandurian's desa
KOBA_DESA = "19.04.01.2003"  # elsewhere
REPORT = {
    "category": "wna_mencurigakan",
    "description": "Ada orang asing tinggal di rumah kosong dekat pantai.",
}


def file(client, region_code, **headers):
    return client.post(
        "/api/v1/reports",
        {**REPORT, "region_code": region_code},
        content_type="application/json",
        headers=headers,
    )


def test_a_session_cookie_without_csrf_files_as_the_public(world):
    # A foreign page makes the partner's browser post a text/plain body: the cookie rides along.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world["users"]["mitra.mandurian"])
    response = browser.post(
        "/api/v1/reports",
        json.dumps({**REPORT, "region_code": KOBA_DESA}),
        content_type="text/plain",
        headers={"Origin": "https://jahat.example"},
    )
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.channel == "api" and report.filed_by is None


def test_a_session_never_lifts_the_public_rate_limit(world, settings):
    settings.REPORTS_RATE_LIMIT = 1
    browser = Client()
    browser.force_login(world["users"]["pimpasa.koba"])
    assert file(browser, KOBA_DESA).status_code == 201
    assert file(browser, KOBA_DESA).status_code == 429


def test_a_partner_token_outside_their_area_is_refused(client, world, bearer):
    response = file(client, KOBA_DESA, **bearer("mitra.mandurian"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "region_code"
    assert "wilayah Anda sendiri" in response.json()["detail"]
    assert not Report.objects.exists()


def test_a_partner_token_in_their_area_files_as_the_partner(client, world, bearer):
    response = file(client, MANDURIAN, **bearer("mitra.mandurian"))
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.channel == "mitra" and report.filed_by == world["users"]["mitra.mandurian"]


def test_a_camat_token_is_held_to_their_kecamatan(client, world, bearer):
    assert file(client, MANDURIAN, **bearer("camat.koba")).status_code == 422
    assert file(client, KOBA_DESA, **bearer("camat.koba")).status_code == 201


@pytest.mark.parametrize("header", ["Bearer dbi_salah", "Bearer ", "Basic dXNlcjpwdw=="])
def test_an_invalid_token_is_401_not_a_public_report(client, world, header):
    response = file(client, KOBA_DESA, Authorization=header)
    assert response.status_code == 401
    assert response.json()["detail"]
    assert not Report.objects.exists()


def test_the_partner_page_form_holds_the_partner_to_their_area(client, world):
    client.force_login(world["users"]["mitra.mandurian"])
    response = client.post("/lapor/", {**REPORT, "desa": KOBA_DESA})
    assert "wilayah Anda sendiri" in response.content.decode()
    assert not Report.objects.exists()
