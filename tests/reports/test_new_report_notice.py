"""A new report tells the officers covering its village (issue 17), by a task enqueued after the
submission's commit: those who switched the notice off and officers of other areas hear nothing,
and the mail names the report by code and village only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from desabinaan.accounts.models import NotificationPreference
from desabinaan.reports.models import Report

from .conftest import KOBA_DESA

OFFICERS = ("pimpasa.koba", "kanim.pangkalpinang", "kanwil.babel", "kanim.banjarmasin")


@pytest.fixture
def officers_with_mail(world):
    for name in OFFICERS:
        user = world["users"][name]
        user.email = f"{name}@example.id"
        user.save()
    return world


def file_report(client):
    return client.post(
        reverse("reports:new"),
        {
            "category": "wna_mencurigakan",
            "description": "Orang asing menginap berminggu-minggu di rumah kosong dekat pantai.",
            "desa": KOBA_DESA,
            "contact": "warga@example.id",
        },
    )


def test_officers_covering_the_village_are_told_after_the_commit(
    client, officers_with_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = file_report(client)
    assert response.status_code == 302
    report = Report.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kanim.pangkalpinang@example.id",
        "kanwil.babel@example.id",
        "pimpasa.koba@example.id",
    ]
    notice = mail.outbox[0]
    assert report.region.name in notice.subject
    assert report.description not in notice.body and "warga@example.id" not in notice.body


def test_nothing_is_sent_before_the_commit(client, officers_with_mail):
    """Without the commit callbacks run (the test's transaction never commits) no mail leaves."""
    assert file_report(client).status_code == 302
    assert mail.outbox == []


def test_an_officer_who_switched_the_notice_off_is_not_told(
    client, officers_with_mail, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=officers_with_mail["users"]["kanwil.babel"], new_report=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        file_report(client)
    assert "kanwil.babel@example.id" not in {m.to[0] for m in mail.outbox}
    assert "pimpasa.koba@example.id" in {m.to[0] for m in mail.outbox}
