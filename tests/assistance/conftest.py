"""Fixtures for the services pillar: corners in Koba and Mandurian, a published service day at
each, and helpers that go through the real services."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import timezone

from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.assistance import services
from desabinaan.programme import services as programme
from desabinaan.regions.models import Region

KOBA_DESA = "19.04.01.2003"  # Nibung, Kecamatan Koba: pimpasa.koba (kecamatan level)
MANDURIAN = "63.05.03.2003"  # desa-level PIMPASA
TAPIN_OTHER = "63.05.01.2003"  # no PIMPASA: the Kanim Banjarmasin answers
PUBLIC = actor_for(AnonymousUser())
SYSTEM = system_actor("tests")


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ask(world):
    def make(code=MANDURIAN, text="Bagaimana cara membuat paspor untuk umroh?", **kw):
        kw.setdefault("topic", "paspor")
        return services.question_ask(
            actor=PUBLIC, region=Region.objects.get(code=code), text=text, **kw
        ).question

    return make


def _corner(world, code, office):
    desa = programme.desa_binaan_designate(
        region=Region.objects.get(code=code),
        office=world["offices"][office],
        sk_number=f"SK-{code}",
        designated_on=dt.date(2025, 9, 30),
        actor=SYSTEM,
    )
    programme.corner_save(desa=desa, data={"address": "Kantor Desa"}, actor=SYSTEM)
    return desa


@pytest.fixture
def corners(world):
    return {
        "mandurian": _corner(world, MANDURIAN, "banjarmasin"),
        "koba": _corner(world, KOBA_DESA, "pangkalpinang"),
    }


def day_input(code=MANDURIAN, **kw):
    values = {
        "region": Region.objects.get(code=code),
        "date": timezone.localdate() + dt.timedelta(days=14),
        "start_time": dt.time(8, 0),
        "end_time": dt.time(14, 0),
        "place": "Balai Desa",
        "quota": 3,
    }
    values.update(kw)
    return services.DayInput(**values)


@pytest.fixture
def make_day(world, corners):
    def make(area="mandurian", publish=True, **kw):
        kanim = world["users"][
            "kanim.banjarmasin" if area == "mandurian" else "kanim.pangkalpinang"
        ]
        code = MANDURIAN if area == "mandurian" else KOBA_DESA
        day = services.service_day_schedule(
            actor=actor_for(kanim), office=kanim.office, data=day_input(code, **kw)
        )
        if publish:
            services.service_day_publish(actor=actor_for(kanim), day=day)
        return day

    return make


def sign_up(day, name="Siti Aminah", **kw):
    values = {
        "phone": "0812 3456 7890",
        "service": "baru",
        "age_group": "dewasa",
        "sex": "P",
    }
    values.update(kw)
    return services.signup_create(actor=PUBLIC, day=day, name=name, **values)
