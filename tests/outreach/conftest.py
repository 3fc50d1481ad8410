"""Fixtures for outreach activities: helpers that plan through the real services."""

import datetime as dt

import pytest
from django.utils import timezone

from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.outreach import services
from desabinaan.regions.models import Region

KOBA_DESA = "19.04.01.2003"  # Nibung, Kecamatan Koba: pimpasa.koba (kecamatan level)
KOBA_KEC = "19.04.01"
MANDURIAN = "63.05.03.2003"  # desa-level PIMPASA, mitra.mandurian
SYSTEM = system_actor("tests")
KANIM_OF = {"pangkalpinang": "kanim.pangkalpinang", "banjarmasin": "kanim.banjarmasin"}


def activity_input(code=MANDURIAN, *, office=None, hours=-2, **kw) -> services.ActivityInput:
    """An activity at `code`, starting `hours` from now (negative: already begun)."""
    start = timezone.now() + dt.timedelta(hours=hours)
    values = {
        "kind": "sosialisasi",
        "title": "Sosialisasi keimigrasian",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "region": Region.objects.get(code=code),
        "venue": "Balai Desa",
        "office": office,
        "partners_present": ["kepala_desa", "babinsa"],
        "topics": ["paspor", "bekerja"],
        "public_summary": "Warga belajar membuat paspor dan bekerja ke luar negeri dengan aman.",
    }
    values.update(kw)
    return services.ActivityInput(**values)


@pytest.fixture
def plan(world):
    """plan(code, by=username, **fields): an activity planned through activity_plan."""

    def make(code=MANDURIAN, *, by=None, **kw):
        username = by or KANIM_OF["pangkalpinang" if code.startswith("19") else "banjarmasin"]
        user = world["users"][username]
        return services.activity_plan(actor=actor_for(user), data=activity_input(code, **kw))

    return make


@pytest.fixture
def held(plan, world):
    """held(code, **fields): a planned activity already begun, marked held."""

    def make(code=MANDURIAN, **kw):
        activity = plan(code, **kw)
        return services.activity_mark_held(actor=SYSTEM, activity=activity)

    return make


def counts(**kw) -> dict:
    values = {
        "total": 10,
        "male": 4,
        "female": 6,
        "under_18": 1,
        "age_18_30": 3,
        "age_31_59": 5,
        "age_60_plus": 1,
    }
    values.update(kw)
    return values
