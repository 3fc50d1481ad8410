"""The agency list (issue 17): who sees which agencies, who may add and edit them."""

import pytest
from django.urls import reverse

from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Invalid, NotAllowed
from desabinaan.regions.models import Region
from desabinaan.reports import selectors, services
from desabinaan.reports.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(world):
    return {
        "koba": Agency.objects.create(kind="polri", name="Polsek Koba", region_id="19.04.01"),
        "tapin": Agency.objects.create(kind="polri", name="Polres Tapin", region_id="63.05"),
        "babel": Agency.objects.create(kind="p2mi", name="BP3MI Babel", region_id="19"),
        "iom": Agency.objects.get(kind="iom"),
    }


def test_the_national_agencies_are_seeded():
    assert set(Agency.objects.filter(region__isnull=True).values_list("kind", flat=True)) >= {
        "iom",
        "unhcr",
        "lpsk",
        "p2mi",
    }


def test_each_officer_sees_national_own_area_and_wider_agencies(world, agencies):
    names = {
        u: set(selectors.agencies_for_user(actor=world["users"][u]).values_list("name", flat=True))
        for u in ("kanim.pangkalpinang", "pimpasa.mandurian", "pusat", "mitra.mandurian")
    }
    assert {"Polsek Koba", "BP3MI Babel", agencies["iom"].name} <= names["kanim.pangkalpinang"]
    assert "Polres Tapin" not in names["kanim.pangkalpinang"]
    assert "Polres Tapin" in names["pimpasa.mandurian"]
    assert "Polsek Koba" not in names["pimpasa.mandurian"]
    assert {"Polsek Koba", "Polres Tapin"} <= names["pusat"]
    assert names["mitra.mandurian"] == set()


def test_kanim_edits_only_its_jurisdiction_pusat_everything(world, agencies):
    kanim = world["users"]["kanim.pangkalpinang"]
    pusat = world["users"]["pusat"]
    assert selectors.can_edit_agency(kanim, agencies["koba"])
    for other in ("tapin", "babel", "iom"):
        assert not selectors.can_edit_agency(kanim, agencies[other])
        with pytest.raises(NotAllowed):
            services.agency_update(
                actor=kanim, agency=agencies[other], kind="polri", name="Diubah", region=None
            )
    for a in agencies.values():
        assert selectors.can_edit_agency(pusat, a)
    for who in ("pimpasa.koba", "kanwil.babel", "mitra.mandurian"):
        assert not selectors.can_edit_agency(world["users"][who])
        with pytest.raises(NotAllowed):
            services.agency_create(actor=world["users"][who], kind="polri", name="Polsek X")


def test_kanim_adds_an_agency_only_inside_its_area(world):
    kanim = world["users"]["kanim.pangkalpinang"]
    for region in (None, Region.objects.get(code="63.05")):
        with pytest.raises(Invalid) as refused:
            services.agency_create(actor=kanim, kind="dinsos", name="Dinsos", region=region)
        assert "region" in refused.value.problems
    agency = services.agency_create(
        actor=kanim,
        kind="dinsos",
        name="Dinsos Bangka Tengah",
        region=Region.objects.get(code="19.04"),
    )
    assert agency.office == kanim.office
    assert AuditEvent.objects.filter(action="agency.create").count() == 1
    with pytest.raises(Invalid):
        services.agency_create(
            actor=kanim, kind="dinsos", name="dinsos bangka tengah", region=agency.region
        )


def test_pusat_adds_a_national_agency(world):
    agency = services.agency_create(
        actor=world["users"]["pusat"], kind="lainnya", name="Komnas HAM", email="a@komnasham.go.id"
    )
    assert agency.region is None and agency.office is None


def test_agency_pages(client, world, agencies):
    client.force_login(world["users"]["kanim.pangkalpinang"])
    page = client.get(reverse("reports:agencies")).content.decode()
    assert "Polsek Koba" in page and "Polres Tapin" not in page
    assert reverse("reports:agency_edit", args=[agencies["koba"].pk]) in page
    assert reverse("reports:agency_edit", args=[agencies["iom"].pk]) not in page
    assert (
        client.get(reverse("reports:agency_edit", args=[agencies["tapin"].pk])).status_code == 404
    )
    assert client.get(reverse("reports:agency_edit", args=[agencies["iom"].pk])).status_code == 403
    response = client.post(
        reverse("reports:agency_edit", args=[agencies["koba"].pk]),
        {
            "kind": "polri",
            "name": "Polsek Koba",
            "phone": "0718 555",
            "region_code": "19.04.01",
            "active": "on",
        },
    )
    assert response.status_code == 302
    agencies["koba"].refresh_from_db()
    assert agencies["koba"].phone == "0718 555"
    assert AuditEvent.objects.filter(action="agency.change").count() == 1
    response = client.post(
        reverse("reports:agency_new"),
        {"kind": "tni", "name": "Kodim Bangka Tengah", "region_code": "19.04"},
    )
    assert response.status_code == 302
    assert Agency.objects.get(name="Kodim Bangka Tengah").active


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "polri", "name": "", "region_code": "19.04"}, "This field is required"),
        ({"kind": "entah", "name": "X", "region_code": "19.04"}, "Select a valid choice"),
        (
            {"kind": "polri", "name": "X", "region_code": "99.99"},
            "Tidak ada wilayah dengan kode 99.99",
        ),
        (
            {"kind": "polri", "name": "X", "region_code": "63.05"},
            "di dalam wilayah kerja kantor Anda",
        ),
        ({"kind": "polri", "name": "X", "region_code": ""}, "di dalam wilayah kerja kantor Anda"),
        ({"kind": "polri", "name": "X", "email": "bukan-email", "region_code": "19.04"}, "e-mail"),
        ({"kind": "polri", "name": "Polsek Koba", "region_code": "19.04.01"}, "sudah ada"),
    ],
)
def test_bad_agency_input_is_refused_with_a_reason(client, world, agencies, data, message):
    client.force_login(world["users"]["kanim.pangkalpinang"])
    before = Agency.objects.count()
    response = client.post(reverse("reports:agency_new"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message.lower() in text.lower() or "wajib" in text.lower()
    assert Agency.objects.count() == before


def test_roles_that_only_read_cannot_open_the_add_page(client, world):
    for who in ("pimpasa.koba", "kanwil.babel"):
        client.force_login(world["users"][who])
        assert client.get(reverse("reports:agency_new")).status_code == 403
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get(reverse("reports:agencies")).status_code == 403
