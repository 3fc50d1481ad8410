"""Agencies and forwardings are visible in the Django admin, read-only: changes go through the
app's scoped, audited services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from desabinaan.reports import services
from desabinaan.reports.models import Agency, Forwarding
from tests.factories import UserFactory
from tests.querycount import assert_bounded


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def forwarded(world, file_report):
    kanim = world["users"]["kanim.pangkalpinang"]
    report = file_report()
    services.report_transition(report=report, to_status="diverifikasi", actor=kanim)
    agency = services.agency_create(
        actor=world["users"]["pusat"], kind="polri", name="Polres Bangka Tengah"
    )
    services.forwarding_create(actor=kanim, report=report, agencies=[agency], note="Mohon dicek")
    return Forwarding.objects.get()


@pytest.mark.django_db
def test_agency_and_forwarding_lists_show_the_rows(client, superuser, forwarded):
    client.force_login(superuser)
    agencies = client.get(reverse("admin:reports_agency_changelist"))
    assert agencies.status_code == 200 and "Polres Bangka Tengah" in agencies.content.decode()
    rows = client.get(reverse("admin:reports_forwarding_changelist"))
    assert rows.status_code == 200
    assert forwarded.report.tracking_code in rows.content.decode()


@pytest.mark.django_db
def test_both_are_read_only(client, superuser, forwarded):
    client.force_login(superuser)
    assert client.get(reverse("admin:reports_agency_add")).status_code == 403
    assert client.get(reverse("admin:reports_forwarding_add")).status_code == 403
    url = reverse("admin:reports_forwarding_change", args=[forwarded.pk])
    assert client.get(url).status_code == 200  # view only
    client.post(url, {"status": "selesai", "answer": "x"})
    forwarded.refresh_from_db()
    assert forwarded.status == "dikirim"
    agency = forwarded.agency
    delete = reverse("admin:reports_agency_delete", args=[agency.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Agency.objects.filter(pk=agency.pk).exists()


@pytest.mark.django_db
def test_officer_with_staff_flag_has_no_access(client, world, forwarded):
    officer = world["users"]["pimpasa.koba"]
    officer.is_staff = True
    officer.save()
    client.force_login(officer)
    assert client.get(reverse("admin:reports_forwarding_changelist")).status_code == 403


@pytest.mark.django_db
def test_forwarding_changelist_query_count(client, world, superuser, forwarded, file_report):
    client.force_login(superuser)
    kanim = world["users"]["kanim.pangkalpinang"]
    agency = forwarded.agency

    def grow():
        for _ in range(5):
            report = file_report()
            services.report_transition(report=report, to_status="diverifikasi", actor=kanim)
            services.forwarding_create(actor=kanim, report=report, agencies=[agency], note="Cek")

    assert_bounded(
        "forwarding admin list",
        lambda: client.get(reverse("admin:reports_forwarding_changelist")),
        grow,
    )
