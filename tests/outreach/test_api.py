"""GET /api/v1/activities (scoped, paginated, filtered), GET /api/v1/activities/{id} (404
outside the area), POST /api/v1/activities (officers; bad input → 422 with field errors)."""

import pytest

from desabinaan.accounts.services import token_create
from desabinaan.outreach.models import Activity

from .conftest import KOBA_DESA, MANDURIAN

pytestmark = pytest.mark.django_db


def _headers(user):
    return {"Authorization": f"Bearer {token_create(actor=user).raw}"}


def body(**kw):
    values = {
        "kind": "sosialisasi",
        "title": "Sosialisasi paspor",
        "starts_at": "2026-03-14T09:00:00+08:00",
        "ends_at": "2026-03-14T12:00:00+08:00",
        "region_code": MANDURIAN,
        "venue": "Balai Desa",
        "partners_present": ["kepala_desa"],
        "topics": ["paspor"],
    }
    values.update(kw)
    return values


def test_list_is_scoped_paginated_and_filtered(client, world, plan):
    plan(MANDURIAN, title="Mandurian")
    plan(MANDURIAN, title="Kunjungan", kind="kunjungan")
    plan(KOBA_DESA, title="Koba")
    headers = _headers(world["users"]["pimpasa.mandurian"])
    data = client.get("/api/v1/activities", headers=headers).json()
    assert data["count"] == 2 and data["page"] == 1 and data["pages"] == 1
    assert {a["title"] for a in data["items"]} == {"Mandurian", "Kunjungan"}
    data = client.get("/api/v1/activities?kind=kunjungan", headers=headers).json()
    assert [a["title"] for a in data["items"]] == ["Kunjungan"]
    data = client.get(
        "/api/v1/activities?office=kanim-banjarmasin&region=63.05.03", headers=headers
    ).json()
    assert data["count"] == 2
    data = client.get("/api/v1/activities?office=kanim-tidak-ada", headers=headers).json()
    assert data["count"] == 0
    # Far dates are the limits of the years activities can have.
    data = client.get("/api/v1/activities?start=0745-08-01&end=9999-12-31", headers=headers)
    assert data.status_code == 200 and data.json()["count"] == 2


@pytest.mark.parametrize(
    "query",
    ["kind=pesta", "status=x", "start=kemarin", "start=0", "page=0"],
)
def test_list_bad_filters_are_422(client, world, query):
    response = client.get(
        f"/api/v1/activities?{query}", headers=_headers(world["users"]["kanim.banjarmasin"])
    )
    assert response.status_code == 422
    assert response.json()["errors"]


def test_detail_is_404_outside_the_area(client, world, plan):
    activity = plan(KOBA_DESA)
    response = client.get(
        f"/api/v1/activities/{activity.pk}", headers=_headers(world["users"]["pimpasa.koba"])
    )
    assert response.status_code == 200
    assert response.json()["region_code"] == KOBA_DESA
    assert response.json()["attendance"] is None
    response = client.get(
        f"/api/v1/activities/{activity.pk}",
        headers=_headers(world["users"]["kanim.banjarmasin"]),
    )
    assert response.status_code == 404


def test_officer_plans_by_api(client, world):
    response = client.post(
        "/api/v1/activities",
        body(officers=["pimpasa.mandurian"]),
        content_type="application/json",
        headers=_headers(world["users"]["kanim.banjarmasin"]),
    )
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["office_code"] == "kanim-banjarmasin" and out["officers"] == ["pimpasa.mandurian"]
    assert out["status"] == "direncanakan"


def test_mitra_cannot_plan_by_api(client, world):
    response = client.post(
        "/api/v1/activities",
        body(),
        content_type="application/json",
        headers=_headers(world["users"]["mitra.mandurian"]),
    )
    assert response.status_code == 403
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "pesta"}, "kind"),
        ({"title": ""}, "title"),
        ({"starts_at": "besok"}, "starts_at"),
        ({"starts_at": "2026-03-14T09:00:00"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00:00+07:00"}, "starts_at"),
        ({"ends_at": "2026-03-13T09:00:00+08:00"}, "ends_at"),
        ({"region_code": "99.99"}, "region_code"),
        ({"region_code": KOBA_DESA}, "region_code"),
        ({"region_code": "63"}, "region_code"),
        ({"office_code": "kanim-pangkalpinang"}, "office_code"),
        ({"office_code": "tidak-ada"}, "office_code"),
        ({"topics": ["astrologi"]}, "topics"),
        ({"partners_present": ["presiden"]}, "partners_present"),
        ({"officers": ["siapa"]}, "officers"),
        ({"officers": ["kanim.pangkalpinang"]}, "officers"),
        ({"latitude": 95, "longitude": 115}, "latitude"),
        ({"latitude": -2.9}, "latitude"),
        ({"quiz_slug": "tidak-ada"}, "quiz_slug"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_post_bad_input_is_422_with_field_errors(client, world, change, field):
    response = client.post(
        "/api/v1/activities",
        body(**change),
        content_type="application/json",
        headers=_headers(world["users"]["kanim.banjarmasin"]),
    )
    assert response.status_code == 422, response.content
    payload = response.json()
    assert payload["detail"]
    fields = {e["field"] for e in payload["errors"]}
    assert any(field in f for f in fields), payload
    assert not Activity.objects.exists()


def test_post_body_must_be_an_object(client, world):
    response = client.post(
        "/api/v1/activities",
        "[]",
        content_type="application/json",
        headers=_headers(world["users"]["kanim.banjarmasin"]),
    )
    assert response.status_code == 422


def test_partner_reads_the_activity_but_not_the_officers_notes(client, world, plan):
    activity = plan(MANDURIAN, notes="Kepala desa sulit dihubungi")
    for username, notes in (("mitra.mandurian", ""), ("pimpasa.mandurian", activity.notes)):
        response = client.get(
            f"/api/v1/activities/{activity.pk}", headers=_headers(world["users"][username])
        )
        assert response.status_code == 200 and response.json()["notes"] == notes
