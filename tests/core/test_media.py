"""Corner photos show under the development server (issue 11 item 11)."""

import importlib.util
import sys

import pytest
from django.test import override_settings
from django.urls import clear_url_caches


def _site_urls(name: str, debug: bool):
    """A fresh copy of desabinaan.urls built as it is at start-up with DEBUG on or off."""
    spec = importlib.util.find_spec("desabinaan.urls")
    module = importlib.util.module_from_spec(spec)
    with override_settings(DEBUG=debug):
        spec.loader.exec_module(module)
    sys.modules[name] = module
    return name


@pytest.fixture
def media_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "corners").mkdir()
    (tmp_path / "corners" / "foto.jpg").write_bytes(b"\xff\xd8\xff fake jpeg")
    yield "/media/corners/foto.jpg"
    clear_url_caches()


@pytest.mark.django_db
def test_media_is_served_in_development(client, media_file):
    with override_settings(ROOT_URLCONF=_site_urls("tests_urls_debug", debug=True)):
        response = client.get(media_file)
        assert response.status_code == 200
        assert b"fake jpeg" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_media_is_left_to_the_web_server_in_production(client, media_file):
    with override_settings(ROOT_URLCONF=_site_urls("tests_urls_prod", debug=False)):
        assert client.get(media_file).status_code == 404
