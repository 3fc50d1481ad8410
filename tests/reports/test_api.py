"""The reports API: public filing with idempotency, tracking by code, scoped officer endpoints."""

import pytest
from django.core.cache import cache

from desabinaan.accounts.services import token_create
from desabinaan.reports import codes
from desabinaan.reports.models import Report, Status

from .conftest import KOBA_DESA

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports"
GOOD = {
    "category": "pengungsi",
    "region_code": KOBA_DESA,
    "description": "Ada dua puluh orang asing terdampar di pantai Nibung sejak pagi.",
    "occurred_on": "2026-01-10",
    "latitude": -2.45,
    "longitude": 106.4,
}


def post(client, body, **headers):
    return client.post(URL, body, content_type="application/json", headers=headers)


def bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=user, label='test').raw}"}


def test_anonymous_post_files_a_report(client, world):
    response = post(client, GOOD)
    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get()
    assert body["tracking_code"] == report.tracking_code
    assert codes.parse(body["tracking_code"]) == report.tracking_code
    assert body["status"] == "baru"
    assert body["status_label"] == "Baru"
    assert report.channel == "api" and report.contact == "" and report.filed_by is None


def test_same_idempotency_key_and_body_returns_the_same_report(client, world):
    first = post(client, GOOD, **{"Idempotency-Key": "k-123"})
    retries = [post(client, GOOD, **{"Idempotency-Key": "k-123"}) for _ in range(3)]
    assert {r.status_code for r in [first, *retries]} == {201}
    assert {r.json()["tracking_code"] for r in [first, *retries]} == {first.json()["tracking_code"]}
    assert Report.objects.count() == 1


def test_same_idempotency_key_with_another_body_is_a_conflict(client, world):
    post(client, GOOD, **{"Idempotency-Key": "k-9"})
    response = post(client, {**GOOD, "category": "tppo"}, **{"Idempotency-Key": "k-9"})
    assert response.status_code == 409
    assert "sudah dipakai" in response.json()["detail"]
    assert Report.objects.count() == 1


def test_without_key_every_post_is_a_new_report(client, world):
    post(client, GOOD)
    post(client, GOOD)
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"category": None}, "category", "tidak boleh kosong"),
        ({"category": "narkoba"}, "category", "tppo"),
        ({"region_code": "99.99.99.9999"}, "region_code", "Tidak ada desa dengan kode"),
        ({"region_code": "19.04.01"}, "region_code", "bukan wilayah yang lebih luas"),
        ({"description": ""}, "description", "Terlalu pendek"),
        ({"description": "x" * 4001}, "description", "Terlalu panjang"),
        ({"description": "          .         "}, "description", "minimal dalam 10 karakter"),
        ({"occurred_on": "2099-01-01"}, "occurred_on", "masa depan"),
        ({"occurred_on": "kemarin"}, "occurred_on", "Tanggal tidak valid"),
        ({"latitude": 48.8}, "latitude", "Angka"),
        ({"contact": "x" * 201}, "contact", "Terlalu panjang"),
    ],
)
def test_bad_input_is_refused_field_by_field(client, world, change, field, message):
    body = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    response = post(client, body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert message in errors[0]["message"]
    assert Report.objects.count() == 0


def test_rate_limit_answers_429_with_a_plain_message(client, world, settings):
    settings.REPORTS_RATE_LIMIT = 2
    cache.clear()
    assert post(client, GOOD).status_code == 201
    assert post(client, GOOD).status_code == 201
    refused = post(client, GOOD)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Terlalu banyak laporan")
    assert Report.objects.count() == 2


def test_track_shows_status_and_public_events_only(client, world, file_report):
    report = file_report(category="tppo")
    from desabinaan.reports import services

    koba = world["users"]["pimpasa.koba"]
    services.report_verify(
        report=report, actor=koba, note="RAHASIA internal", public_note="Sudah dicek."
    )
    response = client.get(f"{URL}/track/{report.tracking_code}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "diverifikasi" and body["status_label"] == "Diverifikasi"
    assert [e["status"] for e in body["events"]] == ["baru", "diverifikasi"]
    text = response.content.decode()
    assert "RAHASIA" not in text
    assert "pimpasa.koba" not in text and koba.first_name not in text
    assert "Sudah dicek." in text


def test_track_tells_a_typo_from_an_unknown_code(client, world, file_report):
    code = file_report().tracking_code
    typo = code[:3] + ("A" if code[3] != "A" else "B") + code[4:]
    assert client.get(f"{URL}/track/{typo}").status_code == 400
    assert "salah ketik" in client.get(f"{URL}/track/{typo}").json()["detail"]
    unknown_body = "ABCDEFGHJ" if code[:9] != "ABCDEFGHJ" else "23456789A"
    unknown = unknown_body + codes.check_char(unknown_body)
    response = client.get(f"{URL}/track/{unknown}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Tidak ada laporan dengan kode ini."
    assert client.get(f"{URL}/track/pendek").status_code == 400


def test_officer_endpoints_need_authentication(client, world, file_report):
    report = file_report()
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/{report.pk}").status_code == 401
    assert (
        client.post(f"{URL}/{report.pk}/verify", {}, content_type="application/json").status_code
        == 401
    )


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("pimpasa.koba", True),
        ("kanim.pangkalpinang", True),
        ("kanwil.babel", True),
        ("pusat", True),
        ("pimpasa.namang", False),
        ("kanim.banjarmasin", False),
        ("kanwil.kalsel", False),
        ("pimpasa.mandurian", False),
        ("camat.koba", False),  # partners file reports but never read them
        ("norole", False),
    ],
)
def test_scope_matrix_on_list_and_detail(client, world, file_report, username, sees):
    report = file_report(code=KOBA_DESA)
    headers = bearer(world["users"][username])
    listed = client.get(URL, headers=headers).json()["items"]
    detail = client.get(f"{URL}/{report.pk}", headers=headers)
    assert ([r["tracking_code"] for r in listed] == [report.tracking_code]) is sees
    assert detail.status_code == (200 if sees else 404)


def test_contact_is_shown_to_handlers_and_masked_for_monitoring(client, world, file_report):
    report = file_report(contact="0812-3456-7890")
    koba = client.get(f"{URL}/{report.pk}", headers=bearer(world["users"]["pimpasa.koba"]))
    kanwil = client.get(f"{URL}/{report.pk}", headers=bearer(world["users"]["kanwil.babel"]))
    assert koba.json()["contact"] == "0812-3456-7890"
    assert kanwil.json()["contact"] == "••••••90"


def test_transition_endpoints_follow_the_workflow(client, world, file_report):
    report = file_report()
    headers = bearer(world["users"]["pimpasa.koba"])
    refused = client.post(
        f"{URL}/{report.pk}/complete", {}, content_type="application/json", headers=headers
    )
    assert refused.status_code == 409
    assert "Baru" in refused.json()["detail"]
    for step, status in [
        ("verify", "diverifikasi"),
        ("follow-up", "ditindaklanjuti"),
        ("unproven", "tidak_terbukti"),
    ]:
        response = client.post(
            f"{URL}/{report.pk}/{step}",
            {"public_note": "Terima kasih."},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
    report.refresh_from_db()
    assert report.status == Status.TIDAK_TERBUKTI


def test_transition_outside_scope_is_404_and_changes_nothing(client, world, file_report):
    report = file_report()
    headers = bearer(world["users"]["kanim.banjarmasin"])
    response = client.post(
        f"{URL}/{report.pk}/reject", {}, content_type="application/json", headers=headers
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == Status.BARU


def test_monitoring_role_in_scope_may_read_but_not_act(client, world, file_report):
    report = file_report()
    headers = bearer(world["users"]["kanwil.babel"])
    response = client.post(
        f"{URL}/{report.pk}/verify", {}, content_type="application/json", headers=headers
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Anda tidak dapat menangani laporan ini."


def test_notes_and_assignment_endpoints(client, world, file_report):
    from tests.factories import officer

    report = file_report(code="19.03.01.2004")
    officer("kanim", world["offices"]["pangkalpinang"], username="kanim.dua")
    headers = bearer(world["users"]["kanim.pangkalpinang"])
    note = client.post(
        f"{URL}/{report.pk}/notes",
        {"note": "Cek lokasi."},
        content_type="application/json",
        headers=headers,
    )
    assert note.status_code == 201 and note.json()["is_public"] is False
    empty = client.post(
        f"{URL}/{report.pk}/notes", {"note": ""}, content_type="application/json", headers=headers
    )
    assert empty.status_code == 422
    assigned = client.post(
        f"{URL}/{report.pk}/assign",
        {"username": "kanim.dua"},
        content_type="application/json",
        headers=headers,
    )
    assert assigned.status_code == 200 and assigned.json()["assigned_to"] == "kanim.dua"
    other_office = client.post(
        f"{URL}/{report.pk}/assign",
        {"username": "kanim.banjarmasin"},
        content_type="application/json",
        headers=headers,
    )
    assert other_office.status_code == 403


def test_list_filters_and_urgent_first(client, world, file_report):
    old = file_report(category="lainnya")
    urgent = file_report(category="pengungsi")
    newest = file_report(category="wna_mencurigakan")
    headers = bearer(world["users"]["pimpasa.koba"])
    codes_in_order = [r["tracking_code"] for r in client.get(URL, headers=headers).json()["items"]]
    assert codes_in_order == [urgent.tracking_code, newest.tracking_code, old.tracking_code]
    only = client.get(URL, {"category": "lainnya"}, headers=headers).json()
    assert [r["tracking_code"] for r in only["items"]] == [old.tracking_code]
    bad = client.get(URL, {"status": "hilang"}, headers=headers)
    assert bad.status_code == 422


def test_openapi_documents_every_error_response(client, world):
    schema = client.get("/api/v1/openapi.json").json()
    post_responses = schema["paths"]["/api/v1/reports"]["post"]["responses"]
    assert {"201", "409", "422", "429"} <= set(post_responses)
    track = schema["paths"]["/api/v1/reports/track/{code}"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(track)


def test_a_new_key_is_looked_up_once_before_the_insert(client, world):
    """The API's own lookup (which exempts a replay from the rate limit) is the only one: the
    service does not look the same key up again (bench_report_submit, issue 17)."""
    from tests.querycount import queries

    sql = queries(lambda: post(client, GOOD, **{"Idempotency-Key": "k-once"}), status=201)
    lookups = [q for q in sql if "idempotency_key" in q.split("WHERE", 1)[-1] and "SELECT" in q]
    assert len(lookups) == 1, lookups
    retry = post(client, GOOD, **{"Idempotency-Key": "k-once"})
    assert retry.status_code == 201 and Report.objects.count() == 1


def test_a_key_taken_after_the_lookup_still_answers_with_its_report(world):
    """`key_unused=True` skips the second lookup; a request with the same key that won the race
    in between is caught by the unique key on insert: the same report, or 409 for another body."""
    from desabinaan.accounts.scope import public_actor
    from desabinaan.core.refusals import Conflict
    from desabinaan.regions.models import Region
    from desabinaan.reports import services

    region = Region.objects.get(code=KOBA_DESA)
    args = {
        "actor": public_actor(),
        "category": "pengungsi",
        "region": region,
        "description": "Ada dua puluh orang asing terdampar di pantai.",
        "idempotency_key": "k-race",
        "fingerprint": "f1",
    }
    first = services.report_submit(**args)
    again = services.report_submit(**args, key_unused=True)
    assert again.created is False and again.report.pk == first.report.pk
    with pytest.raises(Conflict):
        services.report_submit(**{**args, "fingerprint": "f2"}, key_unused=True)
    assert Report.objects.count() == 1
