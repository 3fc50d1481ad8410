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


# --- routing remembered per process (reports/routing.py, issue 17) -----------------------------


def _routing_queries(file_report, code) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        file_report(code=code)
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "programme_pimpasaassignment" in q["sql"] or '"regions_office"' in q["sql"]
    ]


def test_routing_is_remembered_between_reports(file_report, world):
    assert _routing_queries(file_report, KOBA_DESA)  # looked up the first time
    assert _routing_queries(file_report, KOBA_DESA) == []  # then remembered
    assert _routing_queries(file_report, MANDURIAN)  # by desa


def test_an_ended_assignment_routes_the_next_report_to_the_kanim(file_report, world):
    import datetime as dt

    from desabinaan.programme.services import pimpasa_end

    assert file_report(code=KOBA_DESA).routed_via == RoutedVia.PIMPASA_KECAMATAN  # remembered
    pimpasa_end(
        actor=world["users"]["kanim.pangkalpinang"],
        assignment=world["assignments"]["koba"],
        ended_on=dt.date(2026, 1, 1),
    )
    report = file_report(code=KOBA_DESA)
    assert report.routed_via == RoutedVia.KANIM
    assert report.office == world["offices"]["pangkalpinang"]


def test_a_new_assignment_routes_the_next_report_to_the_new_pimpasa(file_report, world):
    import datetime as dt

    from desabinaan.programme.services import pimpasa_assign
    from tests.factories import UserFactory

    assert file_report(code=TAPIN_OTHER).routed_via == RoutedVia.KANIM  # remembered
    office = world["offices"]["banjarmasin"]
    newcomer = UserFactory(role="pimpasa", office=office, username="pimpasa.baru")
    pimpasa_assign(
        actor=world["users"]["kanim.banjarmasin"],
        officer=newcomer,
        region=Region.objects.get(code=TAPIN_OTHER),
        office=office,
        sk_number="SK-1",
        inaugurated_on=dt.date(2026, 1, 5),
    )
    report = file_report(code=TAPIN_OTHER)
    assert report.routed_via == RoutedVia.PIMPASA_DESA
    assert report.assigned_to == newcomer


def test_a_change_in_another_process_routes_the_next_report_correctly(file_report, world):
    """Another process's change reaches this one through the shared cache's generation token,
    written once the change is committed."""
    import datetime as dt

    from django.core.cache import cache

    from desabinaan.programme.models import PimpasaAssignment
    from desabinaan.reports import routing

    assert file_report(code=KOBA_DESA).routed_via == RoutedVia.PIMPASA_KECAMATAN  # remembered
    # The other process's write: no signal reaches this process.
    PimpasaAssignment.objects.filter(pk=world["assignments"]["koba"].pk).update(
        ended_on=dt.date(2026, 1, 1)
    )
    assert file_report(code=KOBA_DESA).routed_via == RoutedVia.PIMPASA_KECAMATAN  # not told yet
    cache.set(routing.GENERATION_KEY, "written-by-the-other-process", timeout=None)
    assert file_report(code=KOBA_DESA).routed_via == RoutedVia.KANIM


def test_a_change_publishes_a_new_generation_once_committed(
    world, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.core.cache import cache

    from desabinaan.reports import routing

    before = cache.get(routing.GENERATION_KEY)
    assignment = world["assignments"]["koba"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assignment.ended_on = dt.date(2026, 1, 1)
        assignment.save(update_fields=["ended_on"])
        # Not before the commit: another process would remember what it still reads.
        assert cache.get(routing.GENERATION_KEY) == before
    for callback in callbacks:
        callback()
    assert cache.get(routing.GENERATION_KEY) != before


def test_a_jurisdiction_change_routes_the_next_report_to_the_new_office(file_report, world):
    from desabinaan.regions.models import Office, OfficeKind

    assert file_report(code=TAPIN_OTHER).office == world["offices"]["banjarmasin"]
    world["offices"]["banjarmasin"].jurisdiction.clear()
    other = Office.objects.create(code="kanim-baru", name="Kanim Baru", kind=OfficeKind.KANIM)
    other.jurisdiction.set(Region.objects.filter(code="63.05"))
    assert file_report(code=TAPIN_OTHER).office == other
