"""Home pages show the work waiting for each role (issue 11 item 8), at a bounded query cost."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from desabinaan.foreigners.services import alerts_scan
from desabinaan.reports.models import Report
from tests.factories import SYSTEM
from tests.reports.conftest import KOBA_DESA, MANDURIAN

pytestmark = pytest.mark.django_db

# The home page's query budget: session, user, office, the scope (looked up per selector until
# it is computed once per request), assignments, counts and the area table. It must not grow
# with the number of reports, alerts or kabupaten.
HOME_QUERIES = 16


def _page(client, user):
    client.force_login(user)
    return client.get("/")


def _age(report: Report, days: int) -> None:
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_pimpasa_home_counts_urgent_overdue_reports_and_open_alerts(
    client, world, file_report, register, django_assert_max_num_queries
):
    file_report(code=KOBA_DESA)
    file_report(code=KOBA_DESA, category="tppo")
    _age(file_report(code=KOBA_DESA, category="pengungsi"), 10)
    file_report(code=MANDURIAN)  # someone else's area
    register(user="pimpasa.koba", region="19.04.01.1018", permit_expiry=dt.date(2020, 1, 1))
    alerts_scan(actor=SYSTEM, today=timezone.localdate())
    client.force_login(world["users"]["pimpasa.koba"])
    with django_assert_max_num_queries(HOME_QUERIES):
        response = client.get("/")
    html = response.content.decode()
    assert response.context["reports_waiting"].open == 3
    assert response.context["reports_waiting"].urgent == 2
    assert response.context["reports_waiting"].overdue == 1
    assert response.context["open_alerts"] >= 1
    assert 'id="waiting-overdue"' in html and "?age=terlambat" in html
    # The overdue link opens the inbox on exactly those reports.
    inbox = client.get("/lapor/masuk/", {"age": "terlambat"})
    assert len(inbox.context["page"].object_list) == 1


def test_home_query_count_does_not_grow_with_data(
    client, world, file_report, django_assert_max_num_queries
):
    client.force_login(world["users"]["kanim.pangkalpinang"])
    with CaptureQueriesContext(connection) as empty:
        client.get("/")
    for _ in range(15):
        file_report(code=KOBA_DESA)
    for code in ("19.03.01.2004", "19.71.01.1004"):
        file_report(code=code)
    client.force_login(world["users"]["kanim.pangkalpinang"])
    with django_assert_max_num_queries(HOME_QUERIES):
        response = client.get("/")
    with CaptureQueriesContext(connection) as full:
        client.get("/")
    assert len(full) == len(empty)
    rows = {r["name"]: r for r in response.context["area_rows"]}
    assert sum(r["reports"] for r in rows.values()) == 17
    assert 'id="area-waiting"' in response.content.decode()


def test_kanim_home_lists_its_kabupaten_only(client, world, file_report):
    file_report(code=MANDURIAN)
    html = _page(client, world["users"]["kanim.pangkalpinang"]).content.decode()
    assert "Bangka Tengah" in html and "Tapin" not in html


def test_kepala_desa_home_offers_register_lapor_and_the_village_alerts(client, world, register):
    register(permit_expiry=dt.date(2020, 1, 1))
    alerts_scan(actor=SYSTEM, today=timezone.localdate())
    response = _page(client, world["users"]["mitra.mandurian"])
    html = response.content.decode()
    assert 'href="/wna/daftar/"' in html
    assert f'href="/lapor/?desa={MANDURIAN}"' in html
    assert 'id="village-alerts"' in html and "/wna/peringatan/" in html
    assert response.context["village_alerts"]
    # A partner reads no reports: no inbox counts on their home.
    assert 'id="work-waiting"' not in html


def test_public_home_shows_lapor_as_a_button_outside_the_menu(client):
    html = client.get("/").content.decode()
    main = html[html.index("<main") :]
    assert 'id="home-lapor"' in main and 'href="/lapor/"' in main
