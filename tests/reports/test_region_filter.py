"""The region filter on the inbox page and the reports API narrows through the scope rule's own
prefix match (it once answered 500: "Unsupported lookup 'startswith'")."""

import pytest

from desabinaan.accounts.services import token_create

from .conftest import KOBA_DESA, MANDURIAN, TAPIN_OTHER

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=user, label='test').raw}"}


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("63.05", {MANDURIAN, TAPIN_OTHER}),
        ("63.05.", {MANDURIAN, TAPIN_OTHER}),
        ("63.05.03", {MANDURIAN}),
        (MANDURIAN, {MANDURIAN}),
        ("19", {KOBA_DESA}),
        ("63.0", set()),  # segment-wise: 63.0 holds nothing
        ("99", set()),
    ],
)
def test_api_region_filter_narrows_by_code_prefix(client, world, file_report, region, expected):
    reports = {code: file_report(code=code) for code in (KOBA_DESA, MANDURIAN, TAPIN_OTHER)}
    response = client.get(
        "/api/v1/reports", {"region": region}, headers=bearer(world["users"]["pusat"])
    )
    assert response.status_code == 200
    codes = {item["tracking_code"] for item in response.json()["items"]}
    assert codes == {reports[c].tracking_code for c in expected}


def test_api_region_filter_never_widens_the_scope(client, world, file_report):
    file_report(code=KOBA_DESA)
    response = client.get(
        "/api/v1/reports", {"region": "19"}, headers=bearer(world["users"]["kanim.banjarmasin"])
    )
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_inbox_desa_filter_shows_that_village_only(client, world, file_report):
    mandurian = file_report(code=MANDURIAN)
    other = file_report(code=TAPIN_OTHER)
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.get("/lapor/masuk/", {"desa": MANDURIAN})
    assert response.status_code == 200
    page = response.content.decode()
    assert mandurian.tracking_code in page
    assert other.tracking_code not in page
