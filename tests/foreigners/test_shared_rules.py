"""The import and the registration (`stay_register`) share their rule checks
(foreigners/stay_rules.py, issue 10): the same bad rows, fed to both, are refused for the same
reasons (field and stable code), each worded for its reader."""

import datetime as dt

import pytest
from django.utils import timezone

from desabinaan.core.refusals import DomainError
from desabinaan.foreigners import stay_rules
from desabinaan.foreigners.importer import StayImporter
from desabinaan.foreigners.models import PermitType, Stay
from desabinaan.foreigners.services import PersonInput, StayInput, stay_register
from desabinaan.regions.models import Region

from .conftest import PADANG_MULIA
from .test_import import row, write_csv

pytestmark = pytest.mark.django_db

USER = "kanim.banjarmasin"  # may both import and register, in Banjarmasin's area
# The registration refuses a place before it looks at the values, without a field.
REGION_CODES = {"not_desa", "outside_area"}


def _future(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


BAD_ROWS = {
    "empty given names": ({"given_names": ""}, {("given_names", "required")}),
    "empty address": ({"address": ""}, {("address", "required")}),
    "long family name": ({"family_name": "B" * 300}, {("family_name", "too_long")}),
    "long host name": ({"host_name": "H" * 300}, {("host_name", "too_long")}),
    "sex": ({"sex": "Q"}, {("sex", "invalid_choice")}),
    "nationality": ({"nationality": "XX"}, {("nationality", "invalid_choice")}),
    "passport country": ({"passport_country": "XQ"}, {("passport_country", "invalid_choice")}),
    "host kind": ({"host_kind": "kapal"}, {("host_kind", "invalid_choice")}),
    "purpose": ({"purpose": "liburan"}, {("purpose", "invalid_choice")}),
    "passport sign": ({"passport_number": "C1@#"}, {("passport_number", "passport_number")}),
    "passport short": ({"passport_number": "A1"}, {("passport_number", "passport_number")}),
    "born in future": (
        {"date_of_birth": _future(400)},
        {("date_of_birth", "born_in_future"), ("arrival_date", "arrival_before_birth")},
    ),
    "arrival in future": (
        {"arrival_date": _future(3), "permit_expiry": _future(300)},
        {("arrival_date", "arrival_in_future")},
    ),
    "arrival before birth": (
        {"date_of_birth": "2026-01-05"},
        {("arrival_date", "arrival_before_birth")},
    ),
    "passport expired": (
        {"passport_expiry": "2020-01-01"},
        {("passport_expiry", "passport_expired")},
    ),
    "permit before arrival": (
        {"permit_expiry": "2025-12-01"},
        {("permit_expiry", "permit_before_arrival")},
    ),
    "departure before arrival": (
        {"expected_departure": "2025-12-30"},
        {("expected_departure", "departure_before_arrival")},
    ),
    "several at once": (
        {"sex": "Q", "family_name": "B" * 300, "expected_departure": "2025-12-30"},
        {
            ("sex", "invalid_choice"),
            ("family_name", "too_long"),
            ("expected_departure", "departure_before_arrival"),
        },
    ),
    "a kecamatan": ({"region_code": "63.05.03"}, {("region", "not_desa")}),
    "outside the area": ({"region_code": PADANG_MULIA}, {("region", "outside_area")}),
    "permit out of use": ({"permit_code": "E23"}, {("permit_type", "inactive_permit")}),
}


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def import_refusals(user, values: dict, tmp_path) -> set[tuple[str, str]]:
    _total, errors = StayImporter(actor=user).validate(write_csv(tmp_path / "a.csv", [values]))
    assert len(errors) <= 1
    return set(errors[0].codes) if errors else set()


def register_refusals(user, values: dict) -> set[tuple[str, str]]:
    person = PersonInput(
        given_names=values["given_names"],
        family_name=values["family_name"],
        aliases=values["aliases"],
        sex=values["sex"],
        date_of_birth=_date(values["date_of_birth"]),
        nationality=values["nationality"],
        passport_number=values["passport_number"],
        passport_country=values["passport_country"],
        passport_expiry=_date(values["passport_expiry"]),
    )
    stay = StayInput(
        region=Region.objects.get(code=values["region_code"]),
        address=values["address"],
        host_kind=values["host_kind"],
        purpose=values["purpose"],
        arrival_date=_date(values["arrival_date"]),
        permit_type=PermitType.objects.get(code=values["permit_code"]),
        permit_expiry=_date(values["permit_expiry"]),
        host_name=values["host_name"],
        expected_departure=_date(values["expected_departure"]),
        permit_number=values["permit_number"],
    )
    try:
        stay_register(actor=user, stay=stay, person=person)
    except DomainError as exc:
        if exc.refusals:
            return {(r.field, r.code) for r in exc.refusals}
        assert exc.code in REGION_CODES, exc
        return {("region", exc.code)}
    return set()


@pytest.mark.parametrize("case", BAD_ROWS)
def test_import_and_registration_refuse_the_same_rows_for_the_same_reasons(world, tmp_path, case):
    overrides, expected = BAD_ROWS[case]
    if ("permit_type", "inactive_permit") in expected:
        PermitType.objects.filter(code=overrides["permit_code"]).update(active=False)
    user = world["users"][USER]
    values = row(1, **overrides)
    assert import_refusals(user, values, tmp_path) == expected
    assert register_refusals(user, values) == expected
    assert not Stay.objects.exists()


def test_the_good_row_passes_both(world, tmp_path):
    user = world["users"][USER]
    assert import_refusals(user, row(1), tmp_path) == set()
    assert register_refusals(user, row(2)) == set()


def _good_values() -> dict:
    allowed = stay_rules.choices()
    return {
        "given_names": "Anna",
        "family_name": "Berg",
        "aliases": "",
        "sex": "P",
        "date_of_birth": "1990-01-01",
        "nationality": "DE",
        "passport_number": "C1234567",
        "passport_country": "DE",
        "passport_expiry": "2099-01-01",
        "region": "63.05.03.2003",
        "address": "Jl. Contoh 1",
        "host_name": "",
        "host_kind": sorted(allowed["host_kind"])[0],
        "purpose": sorted(allowed["purpose"])[0],
        "arrival_date": "2025-06-01",
        "expected_departure": None,
        "permit_type": "C1",
        "permit_number": "",
        "permit_expiry": "2026-06-01",
    }


VARIANTS = ("", " ", "\t", None, "Q", "x" * 300, "2099-12-31", "1800-01-01", "C1@#", "A1", "de")


def test_the_imports_quick_check_passes_only_rows_the_shared_rules_accept():
    """The import skips check_values for rows its quick test passes (speed, issue 10): that test
    may doubt a good row, never pass a row check_values refuses."""
    import random

    today = "2026-01-15"
    good = _good_values()
    fields = tuple(good)
    passes = stay_rules.quick_check(fields)
    assert passes(tuple(good.values()), today)  # the fast path is taken for a good row
    assert stay_rules.check_values(good, today=today) == []
    rnd = random.Random(10)
    cases = [{name: value} for name in fields for value in VARIANTS]
    cases += [
        {a: rnd.choice(VARIANTS), b: rnd.choice(VARIANTS)}
        for a, b in (rnd.sample(fields, 2) for _ in range(3000))
    ]
    checked = 0
    for change in cases:
        values = {**good, **change}
        if passes(tuple(values.values()), today):
            assert stay_rules.check_values(values, today=today) == [], change
        else:
            checked += 1
    assert checked > len(fields)  # the bad values were indeed caught by the quick test
