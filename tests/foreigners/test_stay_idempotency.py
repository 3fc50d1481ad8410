"""POST /api/v1/stays with an Idempotency-Key: a retry after a lost answer gets the same stay,
the same key with another body is 409, and parallel retries (PostgreSQL) still make one stay."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from desabinaan.core.models import AuditEvent
from desabinaan.foreigners import services
from desabinaan.foreigners.models import Foreigner, Stay, StayRequestKey

from .conftest import MANDURIAN, person, stay_input
from .test_api import body

pytestmark = pytest.mark.django_db


def post(client, data, key=None):
    headers = dict(client.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.client.post(
        "/api/v1/stays", data, content_type="application/json", headers=headers
    )


def test_same_key_and_body_returns_the_same_stay(api):
    mitra = api("mitra.mandurian")
    first = post(mitra, body(), key="stay-1")
    assert first.status_code == 201, first.content
    # The answer was lost; the field app sends the same request again (not confirm_new: the
    # duplicate check would offer the person just made, the key must win over it).
    retries = [post(mitra, body(), key="stay-1") for _ in range(3)]
    assert {r.status_code for r in retries} == {201}
    assert {r.json()["id"] for r in retries} == {first.json()["id"]}
    assert Stay.objects.count() == 1 and Foreigner.objects.count() == 1
    assert AuditEvent.objects.filter(action="stay.register").count() == 1


def test_same_key_with_another_body_is_a_conflict(api):
    mitra = api("mitra.mandurian")
    post(mitra, body(), key="stay-2")
    response = post(mitra, body(address="Jl. Lain 5"), key="stay-2")
    assert response.status_code == 409
    data = response.json()
    assert data["code"] == "conflict" and "Idempotency-Key" in data["detail"]
    assert Stay.objects.count() == 1


def test_one_users_key_never_finds_another_users_stay(api):
    post(api("mitra.mandurian"), body(), key="shared")
    other = post(
        api("pimpasa.mandurian"), body(passport_number="X7654321", confirm_new=True), "shared"
    )
    assert other.status_code == 201
    assert Stay.objects.count() == 2


def test_a_refused_request_does_not_use_up_its_key(api):
    mitra = api("mitra.mandurian")
    refused = post(mitra, body(arrival_date="2099-01-01"), key="stay-3")
    assert refused.status_code == 422
    assert not StayRequestKey.objects.exists()
    assert post(mitra, body(), key="stay-3").status_code == 201


def test_without_a_key_a_retry_is_answered_as_before(api):
    mitra = api("mitra.mandurian")
    assert post(mitra, body()).status_code == 201
    assert post(mitra, body()).status_code == 409  # the duplicate check offers the person
    assert Stay.objects.count() == 1


def test_a_too_long_key_is_422(api):
    response = post(api("mitra.mandurian"), body(), key="k" * 201)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Stay.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL; SQLite runs one writer at a time",
)
def test_parallel_retries_with_one_key_make_one_stay(world, permit_types):
    user = world["users"]["mitra.mandurian"]
    barrier = threading.Barrier(8)

    def register(_i):
        barrier.wait()
        try:
            return services.stay_register(
                actor=user,
                stay=stay_input(MANDURIAN),
                person=person(),
                idempotency_key="parallel",
                fingerprint="same-body",
            ).pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(register, range(8)))
    assert len(set(ids)) == 1
    assert Stay.objects.count() == 1 and Foreigner.objects.count() == 1
