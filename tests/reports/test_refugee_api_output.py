"""The officers' report API serves the refugee form's answers and the protocol steps done (issue
17); the public tracking endpoint serves neither (no officer names, no counts)."""

from __future__ import annotations

import pytest

from desabinaan.accounts.services import token_create
from desabinaan.reports import services
from tests.querycount import assert_bounded

from .test_query_counts import _more_events, _more_officers

API = "/api/v1/reports"


def _bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=user).raw}"}


REFUGEE = services.RefugeeInput(
    total=7,
    adults=4,
    children=3,
    women=2,
    location_kind="perahu",
    nationality="MM",
    conditions=("lapar", "luka"),
)


@pytest.fixture
def refugee_report(world, file_report):
    return file_report(category="pengungsi", refugee=REFUGEE)


@pytest.mark.django_db
def test_detail_has_the_refugee_answers_and_the_steps_done(client, world, refugee_report):
    koba = world["users"]["pimpasa.koba"]
    koba.first_name, koba.last_name = "Siti", "Rahma"
    koba.save()
    services.protocol_stage_mark(actor=koba, report=refugee_report, stage="ditemukan")
    services.protocol_stage_mark(
        actor=world["users"]["kanim.pangkalpinang"], report=refugee_report, stage="diamankan"
    )
    body = client.get(
        f"{API}/{refugee_report.pk}", headers=_bearer(world["users"]["kanim.pangkalpinang"])
    ).json()
    assert body["refugee"] == {
        "total": 7,
        "adults": 4,
        "children": 3,
        "women": 2,
        "nationality": "MM",
        "conditions": ["luka", "lapar"],
        "location_kind": "perahu",
    }
    steps = body["protocol_steps"]
    assert [s["stage"] for s in steps] == ["ditemukan", "diamankan"]
    assert steps[0]["done_by"] == "Siti Rahma"
    assert steps[1]["done_by"] == world["users"]["kanim.pangkalpinang"].display_name
    assert all(s["done_at"] for s in steps)


@pytest.mark.django_db
def test_list_has_the_refugee_answers_and_null_for_other_reports(
    client, world, refugee_report, file_report
):
    other = file_report()
    rows = client.get(API, headers=_bearer(world["users"]["kanim.pangkalpinang"])).json()
    by_id = {r["id"]: r for r in rows["items"]}
    assert by_id[refugee_report.pk]["refugee"]["total"] == 7
    assert by_id[other.pk]["refugee"] is None
    assert "protocol_steps" not in by_id[refugee_report.pk]


@pytest.mark.django_db
def test_refugee_report_without_details_has_null_and_no_steps(client, world, file_report):
    report = file_report(category="pengungsi")
    body = client.get(
        f"{API}/{report.pk}", headers=_bearer(world["users"]["kanim.pangkalpinang"])
    ).json()
    assert body["refugee"] is None and body["protocol_steps"] == []


@pytest.mark.django_db
def test_public_tracking_has_no_refugee_answers_and_no_officer(client, world, refugee_report):
    koba = world["users"]["pimpasa.koba"]
    services.protocol_stage_mark(actor=koba, report=refugee_report, stage="ditemukan")
    response = client.get(f"{API}/track/{refugee_report.tracking_code}")
    assert response.status_code == 200
    body = response.json()
    assert "refugee" not in body and "protocol_steps" not in body
    assert koba.username not in response.content.decode()


@pytest.mark.django_db
def test_refugee_detail_api_query_count(client, world, refugee_report):
    kanim = world["users"]["kanim.pangkalpinang"]
    headers = _bearer(kanim)
    stages = iter(["ditemukan", "diamankan", "diperiksa"])

    def grow():
        _more_officers(world)
        _more_events(refugee_report, kanim)
        for officer in ("pimpasa.koba", "kanim.pangkalpinang", "pimpasa.koba"):
            services.protocol_stage_mark(
                actor=world["users"][officer], report=refugee_report, stage=next(stages)
            )

    assert_bounded(
        "refugee report API detail",
        lambda: client.get(f"{API}/{refugee_report.pk}", headers=headers),
        grow,
    )


@pytest.mark.django_db
def test_refugee_list_api_query_count(client, world, file_report, refugee_report):
    headers = _bearer(world["users"]["kanim.pangkalpinang"])
    assert_bounded(
        "refugee reports API list",
        lambda: client.get(API, headers=headers),
        lambda: [file_report(category="pengungsi", refugee=REFUGEE) for _ in range(8)],
    )
