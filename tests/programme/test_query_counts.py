"""Programme pages and endpoints cost a fixed number of queries, however many villages,
partners or PIMPASA are listed (issue 10)."""

import pytest

from desabinaan.accounts.services import token_create
from desabinaan.programme import services
from desabinaan.programme.models import DesaBinaan, PimpasaAssignment
from desabinaan.regions.models import Level, Region
from tests.factories import SYSTEM, pimpasa_for
from tests.querycount import assert_bounded

from .conftest import DAY, KOBA_DESA


def _grow(programme, n=8):
    """n more desa binaan in Koba, each with a partner, and n more desa-level PIMPASA there,
    plus more partners in the first desa."""
    office = programme["offices"]["pangkalpinang"]
    taken = DesaBinaan.objects.values("region_id")
    busy = PimpasaAssignment.objects.values("region_id")
    for i, region in enumerate(
        Region.objects.filter(parent_id="19.04.01", level=Level.DESA).exclude(code__in=taken)[:n]
    ):
        services.desa_binaan_designate(
            region=region, office=office, sk_number=f"SK-{i}", designated_on=DAY, actor=SYSTEM
        )
        services.partner_add(region=region, role="babinsa", name=f"Serda {i}", actor=SYSTEM)
        services.partner_add(
            region=Region.objects.get(code=KOBA_DESA),
            role="agen_literasi",
            name=f"Agen {i}",
            actor=SYSTEM,
        )
    for i, region in enumerate(
        Region.objects.filter(parent_id="19.04.01", level=Level.DESA).exclude(code__in=busy)[:n]
    ):
        pimpasa_for(region.code, office, username=f"pimpasa.extra{i}")


PAGES = [
    ("kanim.pangkalpinang", "/program/kanim/"),
    ("kanim.pangkalpinang", "/program/kanim/?format=csv"),
    ("kanwil.babel", "/program/kanwil/"),
    ("pusat", "/program/kanwil/"),
    ("pimpasa.koba", "/program/desa-saya/"),
    ("kanim.pangkalpinang", "/program/kecamatan/19.04.01/"),
    ("kanim.pangkalpinang", f"/program/desa/{KOBA_DESA}/"),
    (None, f"/desa/{KOBA_DESA}/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "url"), PAGES)
def test_programme_pages(client, programme, username, url):
    if username:
        client.force_login(programme["users"][username])
    assert_bounded(f"{username} {url}", lambda: client.get(url), lambda: _grow(programme))


@pytest.mark.django_db
def test_pimpasa_endpoints(client, programme):
    user = programme["users"]["kanim.pangkalpinang"]
    headers = {"Authorization": f"Bearer {token_create(actor=user).raw}"}
    koba = programme["assignments"]["koba"]
    assert_bounded(
        "GET /api/v1/pimpasa",
        lambda: client.get("/api/v1/pimpasa", headers=headers),
        lambda: _grow(programme),
    )
    assert_bounded(
        "GET /api/v1/pimpasa/{id}",
        lambda: client.get(f"/api/v1/pimpasa/{koba.pk}", headers=headers),
        lambda: None,
    )
