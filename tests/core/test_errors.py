"""Error pages in the site's layout, both languages, with a way back (issue 11 item 12)."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory, override_settings
from django.urls import path

from desabinaan.core import views
from desabinaan.urls import urlpatterns as site_patterns


def _boom(request):
    raise RuntimeError("boom")


def _suspicious(request):
    raise SuspiciousOperation("bad")


urlpatterns = [path("boom/", _boom), path("suspicious/", _suspicious), *site_patterns]
handler400 = "desabinaan.core.views.bad_request"
handler500 = "desabinaan.core.views.server_error"

pytestmark = pytest.mark.django_db


def test_404_is_in_the_site_layout_in_indonesian_with_a_way_back(client):
    response = client.get("/tidak-ada/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    assert 'class="navbar-brand' in html and 'href="/"' in html


def test_404_in_english(client):
    client.cookies["django_language"] = "en"
    html = client.get("/tidak-ada/").content.decode()
    assert "Page not found" in html and "Back to the home page" in html


def test_role_refusal_is_403_in_words_while_an_area_refusal_stays_404(client, world):
    client.force_login(world["users"]["pimpasa.koba"])
    refused = client.get("/wna/impor/")
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "tidak dapat memakai halaman ini" in html
    assert "Hanya Kanim yang mengimpor" in html
    # A village outside the area: not even its existence is told.
    assert client.get("/program/desa/63.05.03.2003/").status_code == 404


@override_settings(ROOT_URLCONF=__name__)
def test_500_is_a_plain_page_with_the_request_id_and_no_context_processors(settings):
    # A context processor that fails must not take the error page down with it.
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": ["tests.core.test_errors.failing_processor"],
            },
        }
    ]
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan di pihak kami" in html and 'href="/"' in html
    # The request-id middleware's id, the same as in the response header and the log lines.
    assert f'<code class="request-id">{response["X-Request-ID"]}</code>' in html


def failing_processor(request):
    raise RuntimeError("context processor down")


def test_500_shows_the_request_id_when_the_middleware_set_one():
    request = RequestFactory().get("/")
    request.request_id = "req-4f2a9c"
    html = views.server_error(request).content.decode()
    assert "req-4f2a9c" in html


@override_settings(ROOT_URLCONF=__name__)
def test_400_is_a_plain_page_in_the_layout():
    response = Client(raise_request_exception=False).get("/suspicious/")
    assert response.status_code == 400
    assert "Permintaan tidak dapat dibaca" in response.content.decode()
