import datetime as dt

import pytest

from desabinaan.programme import services
from desabinaan.regions.models import Region
from tests.factories import SYSTEM

KOBA_DESA = "19.04.01.1002"  # Arung Dalam, Kecamatan Koba
NAMANG_DESA = "19.04.05.2001"
MANDURIAN = "63.05.03.2003"
DAY = dt.date(2025, 9, 30)


@pytest.fixture
def programme(world):
    """World plus a designated desa with a corner and partners in Koba and in Mandurian."""
    pangkalpinang = world["offices"]["pangkalpinang"]
    banjarmasin = world["offices"]["banjarmasin"]
    koba = services.desa_binaan_designate(
        region=Region.objects.get(code=KOBA_DESA),
        office=pangkalpinang,
        sk_number="SK-KOBA",
        designated_on=DAY,
        actor=SYSTEM,
    )
    services.corner_save(desa=koba, data={"address": "Kantor Kelurahan"}, actor=SYSTEM)
    koba_partner = services.partner_add(
        region=koba.region,
        role="babinsa",
        name="Serda Koba",
        phone="0812-7100-0002",
        email="koba@example.id",
        actor=SYSTEM,
    )
    mandurian = services.desa_binaan_designate(
        region=Region.objects.get(code=MANDURIAN),
        office=banjarmasin,
        sk_number="SK-MANDURIAN",
        designated_on=DAY,
        actor=SYSTEM,
    )
    mandurian_partner = services.partner_add(
        region=mandurian.region,
        role="kepala_desa",
        name="Kades Mandurian",
        phone="081351000001",
        actor=SYSTEM,
    )
    return {
        **world,
        "desa": {"koba": koba, "mandurian": mandurian},
        "partners": {"koba": koba_partner, "mandurian": mandurian_partner},
    }
