"""Registry pages and endpoints cost a fixed number of queries, however many people, stays or
alerts are in scope (issue 10)."""

import datetime as dt

import pytest
from django.urls import reverse

from desabinaan.accounts.services import token_create
from desabinaan.foreigners.models import Alert
from desabinaan.foreigners.services import alerts_scan, stay_depart
from desabinaan.regions.models import Region
from tests.factories import SYSTEM
from tests.querycount import assert_bounded

from .conftest import MANDURIAN, MANDURIAN_HILIR, TODAY

OFFICER = "kanim.banjarmasin"


def _many(register, n=14):
    # Permits ending soon, so the scan raises an alert for each as well.
    for _ in range(n):
        register(permit_expiry=TODAY + dt.timedelta(days=10))
    alerts_scan(actor=SYSTEM, today=TODAY)


@pytest.fixture
def first(register):
    stay = register(permit_expiry=TODAY + dt.timedelta(days=10))
    alerts_scan(actor=SYSTEM, today=TODAY)
    return stay


@pytest.fixture
def officer_client(client, world):
    client.force_login(world["users"][OFFICER])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["foreigners:list", "foreigners:alerts", "foreigners:access_log", "foreigners:import"]
)
def test_registry_list_pages(officer_client, first, register, name):
    url = reverse(name)
    assert_bounded(name, lambda: officer_client.get(url), lambda: _many(register))


@pytest.mark.django_db
def test_registry_export(officer_client, first, register):
    url = reverse("foreigners:export")
    assert_bounded(
        "foreigners:export",
        lambda: officer_client.get(url, {"alasan": "Pemeriksaan rutin bulanan"}),
        lambda: _many(register),
    )


@pytest.mark.django_db
def test_permit_type_list(client, world, first):
    client.force_login(world["users"]["pusat"])
    url = reverse("foreigners:permit_types")
    assert_bounded("foreigners:permit_types", lambda: client.get(url), lambda: None)


def _moves(register, world, stay, n=4):
    """The same person moves back and forth between two desa n times."""
    codes = [MANDURIAN_HILIR, MANDURIAN]
    current = stay
    for i in range(n):
        day = dt.date(2026, 1, 10) + dt.timedelta(days=3 * (i + 1))
        target = Region.objects.get(code=codes[i % 2])
        stay_depart(
            stay=current,
            actor=world["users"][OFFICER],
            departed_on=day,
            kind="pindah",
            moved_to=target,
        )
        current = register(
            user=OFFICER,
            region=target.code,
            foreigner=current.foreigner,
            arrival_date=day,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["foreigners:detail", "foreigners:full"])
def test_registry_detail_pages(officer_client, world, first, register, name):
    url = reverse(name, args=[first.foreigner_id])
    params = {"alasan": "Pemeriksaan rutin bulanan"} if name == "foreigners:full" else {}
    assert_bounded(
        name, lambda: officer_client.get(url, params), lambda: _moves(register, world, first)
    )


@pytest.mark.django_db
def test_alert_detail_page(officer_client, first, register):
    alert = Alert.objects.first()
    url = reverse("foreigners:alert", args=[alert.pk])
    assert_bounded("foreigners:alert", lambda: officer_client.get(url), lambda: _many(register))


def _bearer(world):
    return {"Authorization": f"Bearer {token_create(actor=world['users'][OFFICER]).raw}"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/foreigners", "/api/v1/alerts"])
def test_registry_list_endpoints(client, world, first, register, path):
    headers = _bearer(world)
    assert_bounded(
        f"GET {path}", lambda: client.get(path, headers=headers), lambda: _many(register)
    )


@pytest.mark.django_db
def test_foreigner_detail_endpoint(client, world, first, register):
    headers = _bearer(world)
    path = f"/api/v1/foreigners/{first.foreigner_id}"
    assert_bounded(
        f"GET {path}",
        lambda: client.get(path, {"reason": "Pemeriksaan rutin bulanan"}, headers=headers),
        lambda: _moves(register, world, first),
    )
