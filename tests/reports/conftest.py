"""Fixtures for lapor: a private attachment folder per test, a clean rate-limit cache, and
helpers that file reports through the real service."""

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from PIL import Image

from desabinaan.accounts.scope import public_actor
from desabinaan.regions.models import Region
from desabinaan.reports import services

KOBA_DESA = "19.04.01.2003"  # Nibung, Kecamatan Koba: pimpasa.koba's area
MANDURIAN = "63.05.03.2003"  # desa-level PIMPASA
TAPIN_OTHER = "63.05.01.2003"  # Tungkap, Tapin: no PIMPASA: goes to Kanim Banjarmasin


SEEDS = (
    importlib.import_module(
        "desabinaan.reports.migrations.0002_response_deadlines_and_escalations"
    ).seed_deadlines,
    importlib.import_module("desabinaan.reports.migrations.0004_national_agencies").add,
)


@pytest.fixture(autouse=True)
def _reference_data(db):
    """The data migrations' rows (deadlines, national agencies): a browser test elsewhere
    flushes the database when it ends, so a test that runs after it on the same worker would
    find them gone. Both seeds add only what is missing."""
    for seed in SEEDS:
        seed(django_apps, None)


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "private"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def file_report(world):
    def make(code=KOBA_DESA, category="wna_mencurigakan", **kwargs):
        kwargs.setdefault("description", "Ada orang asing tinggal di rumah kosong dekat pantai.")
        kwargs.setdefault("actor", public_actor())
        return services.report_submit(
            category=category, region=Region.objects.get(code=code), **kwargs
        ).report

    return make


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A JPEG carrying EXIF GPS coordinates, like a phone photo."""
    img = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (2.0, 30.0, 15.0)
    gps[3] = "E"
    gps[4] = (106.0, 10.0, 5.0)
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()
