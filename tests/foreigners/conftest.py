import dataclasses
import datetime as dt
import itertools

import pytest
from django.core.management import call_command
from django.utils import timezone

from desabinaan.foreigners.models import PassportNumber, PermitType
from desabinaan.foreigners.services import PersonInput, StayInput, stay_register
from desabinaan.regions.models import Region

MANDURIAN = "63.05.03.2003"
MANDURIAN_HILIR = "63.05.03.2015"
# A kelurahan in Kecamatan Koba (Bangka Tengah), PIMPASA koba's area.
PADANG_MULIA = "19.04.01.1018"
TODAY = dt.date(2026, 3, 2)

_numbers = itertools.count(1000)


@pytest.fixture(autouse=True)
def permit_types(db):
    """The permit types a data migration seeds. A transactional test elsewhere in the same
    worker flushes every table, so load them again (idempotent) rather than trust the seed."""
    call_command("load_permit_types", verbosity=0)


def person(**overrides) -> PersonInput:
    n = next(_numbers)
    values = {
        "given_names": "John",
        "family_name": f"Walker{n}",
        "sex": "L",
        "date_of_birth": dt.date(1985, 4, 12),
        "nationality": "AU",
        "passport_number": f"PA{n}789",
        "passport_country": "AU",
        "passport_expiry": dt.date(2031, 1, 1),
    }
    values.update(overrides)
    return PersonInput(**values)


def stay_input(region: str = MANDURIAN, **overrides) -> StayInput:
    values = {
        "region": Region.objects.get(code=region),
        "address": "Jl. Mandurian RT 02 No. 5",
        "host_kind": "keluarga",
        "purpose": "keluarga",
        "arrival_date": dt.date(2026, 1, 10),
        "permit_type": PermitType.objects.get(code="C1"),
        "permit_expiry": dt.date(2026, 12, 31),
        "host_name": "Keluarga Rahman",
    }
    if "permit" in overrides:
        values["permit_type"] = PermitType.objects.get(code=overrides.pop("permit"))
    values.update(overrides)
    return StayInput(**values)


@pytest.fixture
def register(world):
    """register(user_key='mitra.mandurian', region=..., person=..., **stay fields) → Stay."""

    def _register(user="mitra.mandurian", region=MANDURIAN, foreigner=None, who=None, **stay):
        # The rule tests describe records as they stand on TODAY. Registration refuses what is
        # wrong on the real day (a permit ending before the arrival, an expired passport), so
        # the person arrived before their permit ended, and a passport that has expired since
        # is registered valid and then given its expiry, as if the days had passed.
        if "permit_expiry" in stay and "arrival_date" not in stay:
            default_arrival = stay_input(region).arrival_date
            stay["arrival_date"] = min(default_arrival, stay["permit_expiry"])
        who = who or person()
        expired = who.passport_expiry
        if expired and expired < timezone.localdate():
            who = dataclasses.replace(who, passport_expiry=None)
        else:
            expired = None
        created = stay_register(
            actor=world["users"][user],
            stay=stay_input(region, **stay),
            person=who,
            foreigner=foreigner,
        )
        if expired:
            PassportNumber.objects.filter(
                foreigner=created.foreigner, number=who.passport_number.upper()
            ).update(expiry_date=expired)
        return created

    return _register


class ApiClient:
    """The Django test client with a bearer token for one user, as the field client calls."""

    def __init__(self, client, user):
        from desabinaan.accounts.services import token_create

        self.client = client
        self.headers = {"Authorization": f"Bearer {token_create(actor=user).raw}"}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, body):
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api(client, world):
    return lambda user_key: ApiClient(client, world["users"][user_key])
