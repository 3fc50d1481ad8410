"""Routing: desa-level PIMPASA first, then the kecamatan's, else the Kanim; the decision is kept."""

import pytest

from desabinaan.accounts.scope import public_actor
from desabinaan.regions.models import Region
from desabinaan.reports import services
from desabinaan.reports.models import EventKind, RoutedVia

from .conftest import KOBA_DESA, MANDURIAN, TAPIN_OTHER

pytestmark = pytest.mark.django_db


def test_desa_level_pimpasa_gets_the_report(file_report, world):
    report = file_report(code=MANDURIAN)
    assert report.routed_via == RoutedVia.PIMPASA_DESA
    assert report.assigned_to == world["users"]["pimpasa.mandurian"]
    assert report.office == world["offices"]["banjarmasin"]


def test_desa_level_assignment_wins_over_kecamatan_level(file_report, world):
    from tests.factories import pimpasa_for

    # A kecamatan-level PIMPASA for Tapin Tengah does not take Mandurian's reports.
    pimpasa_for("63.05.03", world["offices"]["banjarmasin"], username="pimpasa.tapintengah")
    report = file_report(code=MANDURIAN)
    assert report.assigned_to.username == "pimpasa.mandurian"
    other = file_report(code="63.05.03.2015")  # Mandurian Hilir, same kecamatan
    assert other.assigned_to.username == "pimpasa.tapintengah"
    assert other.routed_via == RoutedVia.PIMPASA_KECAMATAN


def test_kecamatan_level_pimpasa_gets_the_report(file_report, world):
    report = file_report(code=KOBA_DESA)
    assert report.routed_via == RoutedVia.PIMPASA_KECAMATAN
    assert report.assigned_to == world["users"]["pimpasa.koba"]


def test_without_pimpasa_the_kanim_of_the_jurisdiction_gets_it(file_report, world):
    report = file_report(code=TAPIN_OTHER)
    assert report.routed_via == RoutedVia.KANIM
    assert report.assigned_to is None
    assert report.office == world["offices"]["banjarmasin"]


def test_ended_assignment_no_longer_routes(file_report, world):
    import datetime as dt

    assignment = world["assignments"]["koba"]
    assignment.ended_on = dt.date(2026, 1, 1)
    assignment.save(update_fields=["ended_on"])
    report = file_report(code=KOBA_DESA)
    assert report.routed_via == RoutedVia.KANIM
    assert report.office == world["offices"]["pangkalpinang"]


def test_no_office_at_all_is_recorded_as_unrouted(regions):
    report = services.report_submit(
        actor=public_actor(),
        category="lainnya",
        region=Region.objects.get(code=KOBA_DESA),
        description="Ada kapal asing bersandar tanpa izin.",
    ).report
    assert report.routed_via == RoutedVia.UNROUTED
    assert report.office is None


def test_routing_decision_is_an_internal_event(file_report):
    report = file_report(code=KOBA_DESA)
    routed = report.events.get(kind=EventKind.ROUTED)
    assert not routed.is_public
    assert "pimpasa.koba" in routed.note
    assert report.events.get(kind=EventKind.SUBMITTED).is_public
