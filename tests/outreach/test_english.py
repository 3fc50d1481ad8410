"""The outreach app's own English catalogue (desabinaan/outreach/locale/en): its msgids are
Indonesian, so without it the English interface would show Indonesian on these pages."""

import pytest
from django.urls import reverse

from tests.outreach_participation.conftest import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_the_activity_list_is_in_english(english, world, plan):
    plan(title="Sosialisasi paspor")
    english.force_login(world["users"]["kanim.banjarmasin"])
    html = english.get(reverse("outreach:list")).content.decode()
    assert "Activities" in html and "Planned" in html and "Information session" in html
    assert ">Kegiatan<" not in html and "Direncanakan" not in html and "Saring" not in html


def test_the_participant_sign_in_is_in_english(english, world):
    activity = make_activity(world, quiz=False)
    html = english.get(reverse("outreach:participate", args=[activity.sign_in_token])).content
    html = html.decode()
    assert "Send sign-in" in html and "Other village" in html and "Age group" in html
    assert "Kirim daftar hadir" not in html and "Desa lain" not in html


def test_indonesian_stays_the_default(client, world):
    activity = make_activity(world, quiz=False)
    html = client.get(reverse("outreach:participate", args=[activity.sign_in_token])).content
    assert "Kirim daftar hadir" in html.decode()
