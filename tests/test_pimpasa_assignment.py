import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from desabinaan.accounts.models import Role
from desabinaan.core.refusals import DomainError
from desabinaan.programme.models import PimpasaAssignment
from desabinaan.programme.selectors import active_pimpasa_for_region
from desabinaan.programme.services import pimpasa_assign, pimpasa_end
from desabinaan.regions.models import Region
from tests.factories import SYSTEM

from .factories import UserFactory

TODAY = dt.date(2026, 1, 5)


@pytest.fixture
def pangkalpinang(world):
    return world["offices"]["pangkalpinang"]


def new_officer(office):
    return UserFactory(role=Role.PIMPASA, office=office)


def test_database_allows_one_active_assignment_per_area(world, pangkalpinang):
    with pytest.raises(IntegrityError), transaction.atomic():
        PimpasaAssignment.objects.create(
            officer=new_officer(pangkalpinang),
            region_id="19.04.01",
            office=pangkalpinang,
            sk_number="SK-2",
            inaugurated_on=TODAY,
        )


def test_service_refuses_second_active_assignment_with_a_message(world, pangkalpinang):
    with pytest.raises(DomainError, match="sudah memiliki PIMPASA aktif"):
        pimpasa_assign(
            actor=SYSTEM,
            officer=new_officer(pangkalpinang),
            region=Region.objects.get(code="19.04.01"),
            office=pangkalpinang,
            sk_number="SK-2",
            inaugurated_on=TODAY,
        )
    assert PimpasaAssignment.objects.filter(region_id="19.04.01").count() == 1


def test_ended_assignment_stays_as_history_and_frees_the_area(world, pangkalpinang):
    old = world["assignments"]["koba"]
    pimpasa_end(actor=SYSTEM, assignment=old, ended_on=TODAY)
    new = pimpasa_assign(
        actor=SYSTEM,
        officer=new_officer(pangkalpinang),
        region=Region.objects.get(code="19.04.01"),
        office=pangkalpinang,
        sk_number="SK-3",
        inaugurated_on=TODAY,
    )
    assert list(PimpasaAssignment.objects.filter(region_id="19.04.01").order_by("pk")) == [old, new]
    assert active_pimpasa_for_region(Region.objects.get(code="19.04.01.1002")) == new


def test_an_officer_may_hold_several_areas(world, pangkalpinang):
    officer = world["users"]["pimpasa.koba"]
    pimpasa_assign(
        actor=SYSTEM,
        officer=officer,
        region=Region.objects.get(code="19.04.02"),
        office=pangkalpinang,
        sk_number="SK-4",
        inaugurated_on=TODAY,
    )
    assert officer.pimpasa_assignments.filter(ended_on__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("63.05.03", "di luar wilayah kerja"),  # other office's kabupaten
        ("19.04", "satu kecamatan atau satu desa"),  # a kabupaten is not an area
    ],
)
def test_area_must_be_kecamatan_or_desa_in_jurisdiction(world, pangkalpinang, code, message):
    with pytest.raises(DomainError, match=message):
        pimpasa_assign(
            actor=SYSTEM,
            officer=new_officer(pangkalpinang),
            region=Region.objects.get(code=code),
            office=pangkalpinang,
            sk_number="SK-5",
            inaugurated_on=TODAY,
        )


def test_officer_must_belong_to_the_office(world, pangkalpinang):
    with pytest.raises(DomainError, match="PIMPASA dari kantor ini"):
        pimpasa_assign(
            actor=SYSTEM,
            officer=world["users"]["pimpasa.mandurian"],
            region=Region.objects.get(code="19.04.02"),
            office=pangkalpinang,
            sk_number="SK-6",
            inaugurated_on=TODAY,
        )


def test_end_date_before_inauguration_is_refused(world):
    with pytest.raises(DomainError, match="sebelum tanggal pengukuhan"):
        pimpasa_end(
            actor=SYSTEM, assignment=world["assignments"]["koba"], ended_on=dt.date(2020, 1, 1)
        )


def test_desa_level_pimpasa_wins_over_kecamatan(world):
    mandurian = Region.objects.get(code="63.05.03.2003")
    assert active_pimpasa_for_region(mandurian) == world["assignments"]["mandurian"]
    neighbour = Region.objects.get(code="63.05.03.2015")
    assert active_pimpasa_for_region(neighbour) is None
