"""The activity list, calendar, page and API list cost the same number of queries with one row
as with many (tests/querycount.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from desabinaan.accounts.services import token_create
from desabinaan.outreach import services

from ..querycount import assert_bounded
from .conftest import MANDURIAN, SYSTEM

pytestmark = pytest.mark.django_db


def test_list_and_calendar(client, world, plan):
    plan(MANDURIAN)
    client.force_login(world["users"]["kanim.banjarmasin"])
    assert_bounded(
        "kegiatan/",
        lambda: client.get(reverse("outreach:list")),
        lambda: [plan(MANDURIAN, title=f"Kegiatan {i}") for i in range(10)],
    )
    assert_bounded(
        "kegiatan/kalender/",
        lambda: client.get(reverse("outreach:calendar")),
        lambda: [plan(MANDURIAN, title=f"Lagi {i}") for i in range(10)],
    )


def test_api_list(client, world, plan):
    plan(MANDURIAN)
    headers = {
        "Authorization": f"Bearer {token_create(actor=world['users']['pimpasa.mandurian']).raw}"
    }
    assert_bounded(
        "GET /api/v1/activities",
        lambda: client.get("/api/v1/activities", headers=headers),
        lambda: [plan(MANDURIAN, title=f"Kegiatan {i}") for i in range(10)],
    )


def test_detail_page_and_api(client, world, held, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = held()

    def grow():
        for i in range(5):
            out = io.BytesIO()
            Image.new("RGB", (20, 20)).save(out, format="JPEG")
            services.photo_add(
                actor=SYSTEM, activity=activity, upload=SimpleUploadedFile("f.jpg", out.getvalue())
            )
            services.participant_add(
                actor=SYSTEM, activity=activity, name=f"Peserta {i}", consent=True
            )
        activity.officers.add(
            world["users"]["pimpasa.mandurian"], world["users"]["kanim.banjarmasin"]
        )

    client.force_login(world["users"]["kanim.banjarmasin"])
    headers = {
        "Authorization": f"Bearer {token_create(actor=world['users']['pimpasa.mandurian']).raw}"
    }
    url = reverse("outreach:detail", args=[activity.pk])
    assert_bounded("kegiatan/<pk>/", lambda: client.get(url), grow)
    assert_bounded(
        "GET /api/v1/activities/{id}",
        lambda: client.get(f"/api/v1/activities/{activity.pk}", headers=headers),
        grow,
    )
    public = reverse("outreach:public", args=[activity.pk])
    assert_bounded("kegiatan/publik/<pk>/", lambda: client.get(public), grow)
