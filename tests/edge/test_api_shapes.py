"""Every API answer is JSON in the documented shape (issue 12 items 9 and 12)."""

import json
import re

import pytest
from django.test import Client, override_settings

from desabinaan.accounts.scope import public_actor
from desabinaan.api import api
from desabinaan.regions.models import Region
from desabinaan.reports import services as report_services
from desabinaan.reports.models import Report, Status
from tests.factories import PASSWORD

SCHEMA_PREFIX = "/api/v1"


def schema():
    return api.get_openapi_schema(path_prefix=SCHEMA_PREFIX)


@pytest.fixture
def report(world):
    return report_services.report_submit(
        actor=public_actor(),
        category="wna_mencurigakan",
        region=Region.objects.get(code="19.04.01.2003"),
        description="Ada orang asing tinggal di rumah kosong dekat pantai.",
    ).report


@override_settings(AXES_ENABLED=True)
def test_api_lock_out_is_json_429_in_the_documented_shape(client, world):
    for _ in range(5):
        client.post(
            "/api/v1/auth/token",
            {"username": "pimpasa.koba", "password": "salah"},
            content_type="application/json",
        )
    locked = client.post(
        "/api/v1/auth/token",
        {"username": "pimpasa.koba", "password": PASSWORD},
        content_type="application/json",
    )
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    assert set(locked.json()) == {"detail"}
    assert "15 menit" in locked.json()["detail"]
    assert "429" in schema()["paths"]["/api/v1/auth/token"]["post"]["responses"]


@pytest.mark.parametrize("url", ["/api/v1/reports", "/api/v1/foreigners", "/api/v1/alerts"])
@pytest.mark.parametrize("page", ["180000000000000000", "9" * 30, "0", "-1"])
def test_page_out_of_range_is_422_never_500(client, world, bearer, url, page):
    response = client.get(f"{url}?page={page}", headers=bearer("pusat"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"


@pytest.mark.parametrize("url", ["/api/v1/reports", "/api/v1/foreigners", "/api/v1/alerts"])
def test_the_last_allowed_page_is_an_empty_page(client, world, bearer, url):
    response = client.get(f"{url}?page=100000", headers=bearer("pusat"))
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_every_paginated_operation_bounds_page_in_the_schema():
    pages = [
        (path, p["schema"])
        for path, ops in schema()["paths"].items()
        for op in ops.values()
        for p in op.get("parameters", [])
        if p["name"] == "page"
    ]
    assert len(pages) >= 4
    for path, definition in pages:
        assert definition.get("minimum") == 1 and definition.get("maximum"), path


def _integer_path_operations():
    for path, ops in schema()["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                if p["in"] == "path" and p["schema"].get("type") == "integer":
                    yield method, path


INTEGER_PATHS = sorted(set(_integer_path_operations()))


def test_integer_path_operations_are_enumerated():
    assert len(INTEGER_PATHS) >= 10


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999999", "0"])
def test_non_integer_path_parameters_are_json_422_on_every_operation(client, world, bearer, value):
    headers = bearer("pusat")
    for method, path in INTEGER_PATHS:
        url = re.sub(r"\{\w+\}", value, path)
        response = client.generic(method.upper(), url, "{}", "application/json", headers=headers)
        assert response.status_code == 422, (method, url, response.status_code)
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["errors"]


def test_unknown_api_path_and_wrong_method_are_json(client, world):
    missing = client.get("/api/v1/tidak-ada")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Tidak ditemukan."}
    wrong = client.put("/api/v1/regions", "{}", content_type="application/json")
    assert wrong.status_code == 405
    assert "GET" in wrong["Allow"]
    assert wrong.json()["detail"]


TRANSITIONS = ["verify", "follow-up", "complete", "unproven", "reject"]


@pytest.mark.parametrize("body", ["false", "true", '"x"', "[]", "null", "1"])
@pytest.mark.parametrize("step", TRANSITIONS)
def test_transitions_refuse_a_body_that_is_not_an_object(client, world, bearer, report, body, step):
    response = client.post(
        f"/api/v1/reports/{report.pk}/{step}",
        body,
        content_type="application/json",
        headers=bearer("pimpasa.koba"),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Isi permintaan harus berupa objek JSON, misalnya {}."
    report.refresh_from_db()
    assert report.status == Status.BARU
    assert report.events.count() == Report.objects.get(pk=report.pk).events.count()


def test_every_body_operation_refuses_a_non_object(client, world, bearer):
    headers = bearer("pusat")
    checked = 0
    for path, ops in schema()["paths"].items():
        for method, op in ops.items():
            if "requestBody" not in op:
                continue
            url = re.sub(r"\{\w+\}", "1", path)
            response = client.generic(
                method.upper(), url, "false", "application/json", headers=headers
            )
            assert response.status_code in (404, 422), (method, url, response.status_code)
            checked += 1
    assert checked >= 8


def test_every_operation_documents_the_answers_it_can_give():
    for path, ops in schema()["paths"].items():
        for method, op in ops.items():
            responses = op["responses"]
            where = f"{method.upper()} {path}"
            assert {"400", "422"} <= set(responses), where
            assert responses["422"]["content"]["application/json"]["schema"], where
            if op.get("security"):
                assert "401" in responses, where
            if "{" in path:
                assert "404" in responses, where
    post = schema()["paths"]["/api/v1/reports"]["post"]["responses"]
    assert {"401", "429"} <= set(post)


def test_the_served_schema_is_the_documented_one(client, world):
    served = client.get("/api/v1/openapi.json").json()
    assert served["paths"] == json.loads(json.dumps(schema()["paths"]))


def test_session_without_csrf_is_403_json_and_no_session_is_401(world, report):
    browser = Client(enforce_csrf_checks=True)
    assert (
        browser.post(f"/api/v1/reports/{report.pk}/verify", {}, "application/json").status_code
        == 401
    )
    browser.force_login(world["users"]["pimpasa.koba"])
    forged = browser.post(f"/api/v1/reports/{report.pk}/verify", {}, "application/json")
    assert forged.status_code == 403
    assert forged["Content-Type"].startswith("application/json")
    report.refresh_from_db()
    assert report.status == Status.BARU


def test_an_unknown_body_field_is_refused_not_dropped(client, world, bearer, report):
    response = client.post(
        f"/api/v1/reports/{report.pk}/verify",
        {"nota": "salah eja"},
        content_type="application/json",
        headers=bearer("pimpasa.koba"),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "nota", "message": "Bidang tidak dikenal: hapus atau periksa ejaannya."}
    ]
    report.refresh_from_db()
    assert report.status == Status.BARU


def test_control_characters_are_documented_on_input_only():
    documented = schema()
    note = documented["components"]["schemas"]["TransitionIn"]
    assert note["additionalProperties"] is False
    assert "\\u0000" in note["properties"]["note"]["pattern"]
    assert "pattern" not in documented["components"]["schemas"]["Message"]["properties"]["detail"]


def test_every_request_body_is_strict():
    """A new endpoint whose body schema does not derive from core.api_schemas.BodyIn fails here."""
    documented = schema()
    bodies = [
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        for ops in documented["paths"].values()
        for op in ops.values()
        if "requestBody" in op
    ]
    assert len(bodies) >= 8
    for name in bodies:
        assert documented["components"]["schemas"][name].get("additionalProperties") is False, name


@pytest.mark.parametrize(
    "url", ["/api/v1/reports", "/api/v1/foreigners", "/api/v1/alerts", "/api/v1/regions"]
)
def test_every_list_answers_in_the_one_page_shape(client, world, bearer, url):
    # One paginator (core/pagination.py) for all: the fields clients read, the same everywhere.
    body = client.get(f"{url}?page=1", headers=bearer("pusat")).json()
    assert set(body) == {"count", "page", "pages", "items"}
    assert body["page"] == 1 and body["pages"] >= 1
