"""Issue 11 item 4: dates of what already happened (designation, inauguration, a report's
occurrence) cannot be in the future; forms and services refuse them with the reason."""

import datetime as dt

import pytest
from django.utils import timezone

from desabinaan.accounts.models import Role
from desabinaan.core.refusals import DomainError
from desabinaan.programme import services
from desabinaan.programme.models import DesaBinaan, PimpasaAssignment
from desabinaan.regions.models import Region
from tests.factories import SYSTEM

from ..factories import UserFactory
from .conftest import NAMANG_DESA

pytestmark = pytest.mark.django_db


def _future() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def test_designation_in_the_future_is_refused_by_form_and_service(world, client):
    client.force_login(world["users"]["kanim.pangkalpinang"])
    response = client.post(
        "/program/canangkan/", {"desa": NAMANG_DESA, "sk_number": "", "designated_on": "2030-01-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    # Both problems on the first submit.
    assert "Tanggal pencanangan tidak boleh di masa depan" in html and "tidak boleh kosong" in html
    with pytest.raises(DomainError):
        services.desa_binaan_designate(
            region=Region.objects.get(code=NAMANG_DESA),
            office=world["offices"]["pangkalpinang"],
            sk_number="SK-1",
            designated_on=_future(),
            actor=SYSTEM,
        )
    assert not DesaBinaan.objects.exists()


def test_inauguration_in_the_future_is_refused(world, client):
    office = world["offices"]["pangkalpinang"]
    newcomer = UserFactory(role=Role.PIMPASA, office=office)
    client.force_login(world["users"]["kanim.pangkalpinang"])
    data = {
        "officer": newcomer.pk,
        "kecamatan": "19.04.03",
        "sk_number": "SK-B",
        "inaugurated_on": _future().isoformat(),
    }
    response = client.post("/program/pimpasa/tugaskan/", data)
    assert response.status_code == 400
    assert "Tanggal pengukuhan tidak boleh di masa depan" in response.content.decode()
    with pytest.raises(DomainError):
        services.pimpasa_assign(
            officer=newcomer,
            region=Region.objects.get(code="19.04.03"),
            office=office,
            sk_number="SK",
            inaugurated_on=_future(),
            actor=SYSTEM,
        )
    assert not PimpasaAssignment.objects.filter(officer=newcomer).exists()


def test_report_occurrence_in_the_future_is_shown_with_the_other_errors(world, client):
    response = client.post(
        "/lapor/", {"category": "", "description": "", "occurred_on": _future().isoformat()}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tanggal tidak boleh di masa depan." in html
    assert "Pilih jenis laporan Anda." in html
