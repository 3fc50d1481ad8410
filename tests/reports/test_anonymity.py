"""An anonymous report leaves no address and no user agent anywhere: not in any table, not in
the log output, even with logging turned all the way up."""

import logging

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from desabinaan.reports.models import Report

from .conftest import KOBA_DESA, jpeg_with_gps

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 9) UjiAgenUnik/4.2"
CONTACT = "0813-9999-0001"


def every_stored_value() -> str:
    """All text in all tables of all installed apps, as one string."""
    chunks = []
    for model in apps.get_models():
        for row in model._default_manager.all().values_list():
            chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks)


@pytest.fixture
def loud_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_anonymous_form_report_stores_no_address_or_user_agent(client, world, loud_logs):
    photo = SimpleUploadedFile("IMG.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(
        "/lapor/",
        {
            "category": "tppo",
            "description": "Perekrut menahan paspor tiga warga desa.",
            "desa": KOBA_DESA,
            "files": [photo],
        },
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
        HTTP_X_FORWARDED_FOR=ADDRESS,
    )
    assert response.status_code == 302
    assert Report.objects.count() == 1
    stored = every_stored_value()
    logged = loud_logs.text
    for secret in (ADDRESS, AGENT, "UjiAgenUnik"):
        assert secret not in stored
        assert secret not in logged
    # The log line exists, and it names only the id.
    assert f"report {Report.objects.get().pk} filed" in logged


def test_api_report_with_contact_keeps_the_contact_out_of_logs(client, world, loud_logs):
    response = client.post(
        "/api/v1/reports",
        {
            "category": "tppm",
            "region_code": KOBA_DESA,
            "description": "Perahu berangkat malam membawa orang tanpa dokumen.",
            "contact": CONTACT,
        },
        content_type="application/json",
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    assert response.status_code == 201
    stored = every_stored_value()
    assert CONTACT in stored  # kept, because the reporter chose to give it
    for secret in (ADDRESS, AGENT):
        assert secret not in stored
    for secret in (ADDRESS, AGENT, CONTACT):
        assert secret not in loud_logs.text


def test_refused_submissions_log_no_address_either(client, world, loud_logs, settings):
    settings.REPORTS_RATE_LIMIT = 0
    response = client.post(
        "/api/v1/reports",
        {"category": "tppo", "region_code": KOBA_DESA, "description": "x" * 20},
        content_type="application/json",
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    assert response.status_code == 429
    assert ADDRESS not in loud_logs.text and AGENT not in loud_logs.text
