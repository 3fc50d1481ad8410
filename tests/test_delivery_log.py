"""The notification delivery log page (/akun/pengiriman/): the directorate and administrators
read it in the app; every other role is refused (403); the real address never shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desabinaan.accounts.models import Role
from desabinaan.core.models import Delivery
from tests.factories import UserFactory
from tests.querycount import assert_bounded

URL = "/akun/pengiriman/"


def _delivery(**kw) -> Delivery:
    kw.setdefault("channel", "email")
    kw.setdefault("kind", "new_report")
    kw.setdefault("recipient", "wa***@example.id")
    kw.setdefault("address", "warga.rahasia@example.id")
    return Delivery.objects.create(**kw)


def test_route_is_the_delivery_log():
    assert reverse("accounts:deliveries") == URL


@pytest.mark.django_db
def test_pusat_reads_the_log_masked_with_status_attempts_and_error(client, world):
    _delivery(status="failed", attempts=5, last_error="SMTP 550 mailbox unavailable")
    _delivery(kind="forwarded", channel="webhook", recipient="hooks.example.id", status="sent")
    client.force_login(world["users"]["pusat"])
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "wa***@example.id" in page and "hooks.example.id" in page
    assert "warga.rahasia" not in page
    assert "SMTP 550 mailbox unavailable" in page and "forwarded" in page
    assert reverse("accounts:deliveries") in page  # the navigation links it


@pytest.mark.django_db
def test_admin_reads_it_too(client, db):
    client.force_login(UserFactory(username="admin.pusat", role=Role.ADMIN))
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username", ["kanim.pangkalpinang", "kanwil.babel", "pimpasa.koba", "camat.koba", "norole"]
)
def test_other_roles_are_refused_and_not_linked(client, world, username):
    _delivery()
    client.force_login(world["users"][username])
    response = client.get(URL)
    assert response.status_code == 403
    assert "example.id" not in response.content.decode()
    assert (
        reverse("accounts:deliveries")
        not in client.get(reverse("accounts:profile")).content.decode()
    )


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.django_db
def test_filter_by_status(client, world):
    _delivery(recipient="gagal@example.id", status="failed")
    _delivery(recipient="terkirim@example.id", status="sent")
    client.force_login(world["users"]["pusat"])
    page = client.get(URL, {"status": "failed"}).content.decode()
    assert "gagal@example.id" in page and "terkirim@example.id" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["hilang", "' OR 1=1 --", "x" * 500])
def test_bad_status_filter_is_400_in_indonesian_and_lists_nothing_filtered(client, world, bad):
    _delivery(recipient="ada@example.id")
    client.force_login(world["users"]["pusat"])
    response = client.get(URL, {"status": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Status tidak dikenal. Pilih salah satu dari daftar." in page
    assert "ada@example.id" in page  # the unfiltered log, not an error page


@pytest.mark.django_db
def test_pages_of_fifty_and_a_bad_page_number_is_the_last_page(client, world):
    for i in range(51):
        _delivery(recipient=f"r{i:02d}@example.id")
    client.force_login(world["users"]["pusat"])
    first = client.get(URL).content.decode()
    assert "r50@example.id" in first and "r00@example.id" not in first and "1 / 2" in first
    last = client.get(URL, {"page": "999"})
    assert last.status_code == 200 and "r00@example.id" in last.content.decode()


@pytest.mark.django_db
def test_delivery_log_query_count(client, world):
    _delivery()
    client.force_login(world["users"]["pusat"])
    assert_bounded(
        "delivery log page",
        lambda: client.get(URL),
        lambda: [_delivery(recipient=f"x{i}@example.id") for i in range(30)],
    )
