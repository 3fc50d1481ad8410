"""List pages and list endpoints of the services pillar cost the same number of queries with
one row as with many (tests/querycount.py)."""

import pytest
from django.urls import reverse

from desabinaan.accounts.services import token_create

from ..querycount import assert_bounded
from .conftest import MANDURIAN, sign_up

pytestmark = pytest.mark.django_db


def test_question_list_page(client, world, ask):
    ask()
    client.force_login(world["users"]["kanim.banjarmasin"])
    assert_bounded(
        "tanya/masuk",
        lambda: client.get(reverse("assistance:questions")),
        lambda: [ask(text=f"Pertanyaan nomor {i} tentang paspor") for i in range(15)],
    )


def test_question_list_endpoint(client, world, ask):
    ask()
    raw = token_create(actor=world["users"]["pimpasa.mandurian"]).raw
    assert_bounded(
        "GET /api/v1/questions",
        lambda: client.get("/api/v1/questions", headers={"Authorization": f"Bearer {raw}"}),
        lambda: [ask(text=f"Pertanyaan nomor {i} tentang paspor") for i in range(15)],
    )


def test_service_day_list_and_attendance(client, world, make_day):
    day = make_day(quota=40)
    sign_up(day)
    client.force_login(world["users"]["kanim.banjarmasin"])
    assert_bounded(
        "layanan-paspor/<pk>/kelola",
        lambda: client.get(reverse("assistance:day_manage", args=[day.pk])),
        lambda: [sign_up(day, f"Warga {i}") for i in range(20)],
    )
    assert_bounded(
        "layanan-paspor/",
        lambda: client.get(reverse("assistance:days")),
        lambda: [make_day(quota=5) for _ in range(5)],
    )


def test_public_lists(client, world, make_day):
    day = make_day()
    assert_bounded(
        "layanan-paspor/kantor/<code>",
        lambda: client.get(reverse("assistance:office_days", args=[day.office.code])),
        lambda: [make_day() for _ in range(4)],
    )
    assert_bounded(
        "desa/<code>",
        lambda: client.get(f"/desa/{MANDURIAN}/"),
        lambda: [make_day() for _ in range(3)],
    )
