"""Report pages and endpoints cost a fixed number of queries, however many reports, officers or
events there are (issue 10: the detail cost 14 queries with 1 officer and 34 with 10)."""

import pytest
from django.urls import reverse

from desabinaan.accounts.services import token_create
from desabinaan.programme.models import PimpasaAssignment
from desabinaan.regions.models import Region
from desabinaan.reports import services
from tests.factories import pimpasa_for
from tests.querycount import assert_bounded


def _more_officers(world, n=9):
    """n more desa-level PIMPASA of Kanim Pangkalpinang, each in a desa of Koba."""
    office = world["offices"]["pangkalpinang"]
    taken = PimpasaAssignment.objects.values("region_id")
    desa = Region.objects.filter(parent_id="19.04.01").exclude(code__in=taken)[:n]
    for i, region in enumerate(desa):
        pimpasa_for(region.code, office, username=f"pimpasa.extra{i}")


def _more_events(report, user, n=10):
    for i in range(n):
        services.report_note_add(report=report, actor=user, note=f"Catatan ke-{i}")


@pytest.mark.django_db
def test_report_detail_page(client, world, file_report):
    kanim = world["users"]["kanim.pangkalpinang"]
    report = file_report()
    client.force_login(kanim)
    url = reverse("reports:detail", args=[report.pk])

    def grow():
        _more_officers(world)
        _more_events(report, kanim)

    assert_bounded("report detail page", lambda: client.get(url), grow)


@pytest.mark.django_db
def test_refugee_report_detail_page_with_its_checklist(client, world, file_report):
    kanim = world["users"]["kanim.pangkalpinang"]
    report = file_report(category="pengungsi")
    client.force_login(kanim)
    url = reverse("reports:detail", args=[report.pk])
    stages = iter(["ditemukan", "diamankan", "diperiksa"])

    def grow():
        _more_officers(world)
        _more_events(report, kanim)
        # Steps done by different officers: their names come with the steps.
        for officer in ("pimpasa.koba", "kanim.pangkalpinang", "pimpasa.koba"):
            services.protocol_stage_mark(
                actor=world["users"][officer], report=report, stage=next(stages)
            )

    assert_bounded("refugee report detail page", lambda: client.get(url), grow)


@pytest.mark.django_db
def test_report_inbox_page(client, world, file_report):
    file_report()
    client.force_login(world["users"]["kanim.pangkalpinang"])
    url = reverse("reports:inbox")
    assert_bounded(
        "report inbox page", lambda: client.get(url), lambda: [file_report() for _ in range(14)]
    )


def _bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=user).raw}"}


@pytest.mark.django_db
def test_report_list_api(client, world, file_report):
    file_report()
    headers = _bearer(world["users"]["kanim.pangkalpinang"])
    assert_bounded(
        "reports API list",
        lambda: client.get("/api/v1/reports", headers=headers),
        lambda: [file_report() for _ in range(14)],
    )


@pytest.mark.django_db
def test_report_detail_api(client, world, file_report):
    kanim = world["users"]["kanim.pangkalpinang"]
    report = file_report()
    headers = _bearer(kanim)
    assert_bounded(
        "reports API detail",
        lambda: client.get(f"/api/v1/reports/{report.pk}", headers=headers),
        lambda: _more_events(report, kanim),
    )


@pytest.mark.django_db
def test_public_status_page(client, world, file_report):
    kanim = world["users"]["kanim.pangkalpinang"]
    report = file_report()
    url = reverse("reports:status", args=[report.tracking_code])

    def grow():
        for to in ("diverifikasi", "ditindaklanjuti"):
            services.report_transition(
                report=report, to_status=to, actor=kanim, public_note="Sedang diperiksa."
            )

    assert_bounded("public status page", lambda: client.get(url), grow)


@pytest.mark.django_db
def test_report_submit_api(client, world):
    """The public submission (issue 17): its key looked up once, the village read, then one
    transaction of three inserts (the report, its two first events in one statement, the audit
    event). Routing is remembered (reports/routing.py), the anonymous call touches no session."""
    from tests.querycount import queries

    def submit(key):
        body = {
            "category": "wna_mencurigakan",
            "region_code": "19.04.01.2003",
            "description": "Ada orang asing tinggal di rumah kosong dekat pantai.",
        }
        return lambda: client.post(
            "/api/v1/reports",
            body,
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )

    queries(submit("k-warm"), status=201)  # the routing is looked up once
    sql = [q for q in queries(submit("k-counted"), status=201) if "SAVEPOINT" not in q]
    print("\n".join(sql))
    assert len(sql) == 5, sql
    assert [q.split()[0] for q in sql] == ["SELECT", "SELECT", "INSERT", "INSERT", "INSERT"]


def _forwarded(world, report, n):
    from desabinaan.reports.models import Agency

    koba = world["users"]["pimpasa.koba"]
    if report.status == "baru":
        services.report_verify(report=report, actor=koba)
    made = [
        Agency.objects.create(
            kind="polri", name=f"Polsek uji {Agency.objects.count()}", region_id="19.04"
        )
        for _ in range(n)
    ]
    services.forwarding_create(actor=koba, report=report, agencies=made, note="Mohon dicek")


@pytest.mark.django_db
def test_forwarding_list_api_and_detail_page(client, world, file_report):
    kanim = world["users"]["kanim.pangkalpinang"]
    report = file_report()
    _forwarded(world, report, 1)
    headers = _bearer(kanim)
    assert_bounded(
        "forwardings API list",
        lambda: client.get(f"/api/v1/reports/{report.tracking_code}/forwardings", headers=headers),
        lambda: _forwarded(world, report, 9),
    )
    client.force_login(kanim)
    url = reverse("reports:detail", args=[report.pk])
    assert_bounded(
        "report detail page with forwardings",
        lambda: client.get(url),
        lambda: _forwarded(world, report, 9),
    )


@pytest.mark.django_db
def test_map_data_and_page(client, world, file_report):
    from desabinaan.reports.models import Report

    def more():
        for i in range(12):
            r = file_report()
            if i % 2:
                Report.objects.filter(pk=r.pk).update(latitude=-2.4, longitude=106.3)

    more()
    client.force_login(world["users"]["kanim.pangkalpinang"])
    assert_bounded("report map data", lambda: client.get(reverse("reports:map_data")), more)
    assert_bounded("report map page", lambda: client.get(reverse("reports:map")), more)


@pytest.mark.django_db
def test_agency_list_page(client, world):
    from desabinaan.reports.models import Agency

    client.force_login(world["users"]["kanim.pangkalpinang"])
    assert_bounded(
        "agency list page",
        lambda: client.get(reverse("reports:agencies")),
        lambda: [
            Agency.objects.create(kind="dinsos", name=f"Dinsos {i}", region_id="19.04")
            for i in range(10)
        ],
    )
