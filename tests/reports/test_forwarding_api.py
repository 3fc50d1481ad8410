"""The forwarding endpoints under /api/v1/reports/{tracking_code}/forwardings (issue 17)."""

import pytest

from desabinaan.accounts.services import token_create
from desabinaan.api import api
from desabinaan.reports import services
from desabinaan.reports.models import Agency, Forwarding

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=user, label='test').raw}"}


@pytest.fixture
def setup(world, file_report):
    report = file_report()
    koba = world["users"]["pimpasa.koba"]
    services.report_verify(report=report, actor=koba)
    polres = Agency.objects.create(kind="polri", name="Polres Bangka Tengah", region_id="19.04")
    tapin = Agency.objects.create(kind="polri", name="Polres Tapin", region_id="63.05")
    return report, koba, polres, tapin


def url(report, rest=""):
    return f"/api/v1/reports/{report.tracking_code}/forwardings{rest}"


def test_forward_list_update_and_waive(client, setup):
    report, koba, polres, _tapin = setup
    h = bearer(koba)
    agencies = client.get(url(report, "/agencies"), headers=h).json()
    assert "Polres Bangka Tengah" in [a["name"] for a in agencies]
    assert "Polres Tapin" not in [a["name"] for a in agencies]
    iom = Agency.objects.get(kind="iom")
    created = client.post(
        url(report),
        {"agency_ids": [polres.pk, iom.pk], "note": "Mohon dicek"},
        content_type="application/json",
        headers=h,
    )
    assert created.status_code == 201, created.content
    rows = {r["agency"]["name"]: r for r in created.json()}
    fid = rows["Polres Bangka Tengah"]["id"]
    patched = client.patch(
        url(report, f"/{fid}"),
        {"status": "selesai", "answer": "Sudah ditangani"},
        content_type="application/json",
        headers=h,
    )
    assert patched.status_code == 200
    assert patched.json()["settled"] and patched.json()["answer"] == "Sudah ditangani"
    other = rows[iom.name]["id"]
    waived = client.post(
        url(report, f"/{other}/waive"),
        {"reason": "Tidak perlu"},
        content_type="application/json",
        headers=h,
    )
    assert waived.status_code == 200 and waived.json()["waived"]
    listed = client.get(url(report), headers=h).json()
    assert [r["settled"] for r in listed] == [True, True]
    # a grouped, lower-case code as a person types it finds the same report
    grouped = f"{report.tracking_code[:5]}-{report.tracking_code[5:]}".lower()
    assert len(client.get(f"/api/v1/reports/{grouped}/forwardings", headers=h).json()) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"agency_ids": [], "note": "Mohon"}, "agency_ids"),
        ({"agency_ids": ["x"], "note": "Mohon"}, "agency_ids"),
        ({"agency_ids": [999999], "note": "Mohon"}, "agency_ids"),
        ({"agency_ids": ["tapin"], "note": "Mohon"}, "agency_ids"),
        ({"agency_ids": ["polres"]}, "note"),
        ({"agency_ids": ["polres"], "note": ""}, "note"),
        ({"agency_ids": ["polres"], "note": "Mohon", "officer": "x"}, "officer"),
    ],
)
def test_bad_forward_input_is_422_and_saves_nothing(client, setup, body, field):
    report, koba, polres, tapin = setup
    ids = {"polres": polres.pk, "tapin": tapin.pk}
    if body.get("agency_ids"):
        body = {**body, "agency_ids": [ids.get(a, a) for a in body["agency_ids"]]}
    response = client.post(url(report), body, content_type="application/json", headers=bearer(koba))
    assert response.status_code == 422, response.content
    assert field in str(response.json())
    assert not Forwarding.objects.exists()


def test_bad_update_input(client, setup):
    report, koba, polres, _tapin = setup
    (f,) = services.forwarding_create(actor=koba, report=report, agencies=[polres], note="Mohon")
    h = bearer(koba)
    for body, status in (
        ({"status": "hilang"}, 422),
        ({"status": "selesai"}, 422),  # no answer yet
        ({"status": "diterima", "answer": "x" * 2001}, 422),
        ({}, 422),
    ):
        response = client.patch(
            url(report, f"/{f.pk}"), body, content_type="application/json", headers=h
        )
        assert response.status_code == status, (body, response.content)
    response = client.post(
        url(report, f"/{f.pk}/waive"), {"reason": ""}, content_type="application/json", headers=h
    )
    assert response.status_code == 422
    f.refresh_from_db()
    assert f.status == "dikirim" and not f.waived
    client.patch(
        url(report, f"/{f.pk}"),
        {"status": "ditindaklanjuti"},
        content_type="application/json",
        headers=h,
    )
    response = client.patch(
        url(report, f"/{f.pk}"), {"status": "diterima"}, content_type="application/json", headers=h
    )
    assert response.status_code == 409


def test_forwardings_outside_scope_are_404(client, setup, world):
    report, koba, polres, _tapin = setup
    (f,) = services.forwarding_create(actor=koba, report=report, agencies=[polres], note="Mohon")
    h = bearer(world["users"]["kanim.banjarmasin"])
    assert client.get(url(report), headers=h).status_code == 404
    assert client.get(url(report, "/agencies"), headers=h).status_code == 404
    assert (
        client.patch(
            url(report, f"/{f.pk}"),
            {"status": "diterima"},
            content_type="application/json",
            headers=h,
        ).status_code
        == 404
    )
    assert (
        client.get("/api/v1/reports/ZZZZZZZZZZ/forwardings", headers=bearer(koba)).status_code
        == 404
    )
    # a forwarding of another report under this report's code
    other = services.report_submit(
        actor=koba,
        category="tppo",
        region=report.region,
        description="Ada perekrutan mencurigakan di desa.",
    ).report
    assert (
        client.patch(
            f"/api/v1/reports/{other.tracking_code}/forwardings/{f.pk}",
            {"status": "diterima"},
            content_type="application/json",
            headers=bearer(koba),
        ).status_code
        == 404
    )
    f.refresh_from_db()
    assert f.status == "dikirim"


def test_a_closed_status_via_api_is_refused_with_the_reason(client, setup):
    report, koba, polres, _tapin = setup
    services.report_follow_up(report=report, actor=koba)
    services.forwarding_create(actor=koba, report=report, agencies=[polres], note="Mohon")
    response = client.post(
        f"/api/v1/reports/{report.pk}/complete",
        {},
        content_type="application/json",
        headers=bearer(koba),
    )
    assert response.status_code == 409
    assert "Polres Bangka Tengah" in response.json()["detail"]


def test_the_endpoints_are_in_the_openapi_schema():
    paths = api.get_openapi_schema()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/reports/{tracking_code}/forwardings"])
    assert "patch" in paths["/api/v1/reports/{tracking_code}/forwardings/{forwarding_id}"]
    assert "post" in paths["/api/v1/reports/{tracking_code}/forwardings/{forwarding_id}/waive"]
