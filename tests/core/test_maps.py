"""Maps open on the village's area and refuse a point far outside its kabupaten (issue 11
item 10); Indonesia's bounding box is defined once."""

import pathlib
import re

import pytest

from desabinaan.accounts.scope import public_actor
from desabinaan.programme.models import Corner
from desabinaan.regions.geo import INDONESIA, map_view, point_problem
from desabinaan.regions.models import Region
from desabinaan.reports import services as report_services
from tests.factories import SYSTEM
from tests.programme.conftest import KOBA_DESA

pytestmark = pytest.mark.django_db

NEAR_KOBA = ("-2.487000", "106.408000")
OTHER_KOBA_DESA = "19.04.01.2003"  # Nibung, the same kecamatan
# Inside Indonesia, in the Java Sea: hundreds of kilometres from Bangka Tengah.
FAR = ("-5.500000", "110.000000")


@pytest.fixture
def located(programme):
    Corner.objects.update(latitude=NEAR_KOBA[0], longitude=NEAR_KOBA[1])
    return programme


def test_without_anything_located_the_map_shows_indonesia(programme):
    view = map_view(Region.objects.get(code=KOBA_DESA))
    assert view.zoom == 4 and view.basis == ""


def test_the_map_opens_on_the_kecamatan_of_a_located_corner(located):
    view = map_view(Region.objects.get(code=OTHER_KOBA_DESA))
    assert view.basis == "19.04.01" and view.zoom == 12
    assert (round(view.lat, 3), round(view.lng, 3)) == (-2.487, 106.408)
    assert map_view(Region.objects.get(code=KOBA_DESA)).zoom == 14


def test_public_maps_never_centre_on_a_report(programme):
    report_services.report_submit(
        actor=public_actor(),
        category="wna_mencurigakan",
        region=Region.objects.get(code=OTHER_KOBA_DESA),
        description="Ada orang asing tinggal di rumah kosong dekat pantai.",
        latitude="-2.45",
        longitude="106.40",
    )
    region = Region.objects.get(code=OTHER_KOBA_DESA)
    assert map_view(region).zoom == 4
    assert map_view(region, with_reports=True).zoom == 14


def test_the_corner_form_and_the_report_form_open_on_the_area(located, client):
    client.force_login(located["users"]["pimpasa.koba"])
    form = client.get(f"/program/desa/{KOBA_DESA}/corner/").content.decode()
    assert 'data-center-lat="-2.487000"' in form and 'data-zoom="14"' in form
    public = client.get(f"/lapor/?desa={OTHER_KOBA_DESA}").content.decode()
    assert 'data-center-lng="106.408000"' in public and 'data-zoom="12"' in public
    assert 'data-region-input="id_desa"' in public


def test_the_centre_endpoint(located, client):
    reply = client.get("/wilayah/peta/", {"kode": OTHER_KOBA_DESA}).json()
    assert reply["zoom"] == 12 and round(reply["lat"], 3) == -2.487
    assert client.get("/wilayah/peta/", {"kode": "99.99"}).status_code == 404


def test_a_far_point_is_refused_by_the_report_form(located, client):
    response = client.post(
        "/lapor/",
        {
            "category": "wna_mencurigakan",
            "desa": OTHER_KOBA_DESA,
            "description": "Ada orang asing tinggal di rumah kosong dekat pantai.",
            "latitude": FAR[0],
            "longitude": FAR[1],
        },
    )
    assert response.status_code == 400
    assert "jauh di luar" in response.content.decode()
    near = point_problem(Region.objects.get(code=OTHER_KOBA_DESA), -2.40, 106.30)
    assert near == ""


def test_a_far_point_is_refused_for_a_corner(located, client):
    client.force_login(located["users"]["pimpasa.koba"])
    response = client.post(
        f"/program/desa/{KOBA_DESA}/corner/",
        {"address": "Balai Desa", "latitude": FAR[0], "longitude": FAR[1]},
    )
    assert response.status_code == 400
    assert "jauh di luar" in response.content.decode()
    assert str(Corner.objects.get().latitude) == NEAR_KOBA[0]


def test_indonesia_bounding_box_is_defined_once():
    root = pathlib.Path(__file__).resolve().parents[2] / "desabinaan"
    literal = re.compile(r"(?<![\d.])(-11\.5|141\.5|6\.5|94\.0|94\.5)(?![\d])")
    found = [
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.suffix in {".py", ".js", ".html"}
        and "migrations" not in p.parts
        and p.name != "geo.py"
        and literal.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert INDONESIA.contains(-6.2, 106.8) and not INDONESIA.contains(45, 106.4)


def test_with_nothing_located_the_office_of_the_kabupaten_is_the_fallback(programme, client):
    from desabinaan.regions.models import Office

    Office.objects.filter(code="kanim-pangkalpinang").update(
        latitude="-2.129000", longitude="106.113000"
    )
    view = map_view(Region.objects.get(code=KOBA_DESA))
    assert (view.basis, view.zoom) == ("office", 10)
    assert (round(view.lat, 3), round(view.lng, 3)) == (-2.129, 106.113)
    # A point in Papua is refused for a Bangka village even with nothing located there.
    assert "jauh di luar" in point_problem(Region.objects.get(code=KOBA_DESA), -4.0, 138.0)
    assert point_problem(Region.objects.get(code=KOBA_DESA), -2.9, 106.5) == ""


def test_offices_file_reads_an_optional_location(regions, tmp_path):
    from desabinaan.regions.models import Office
    from desabinaan.regions.services import OfficeImportError, offices_load

    header = "code,name,kind,class,kanwil,jurisdiction,address,phone,email,latitude,longitude\n"
    good = tmp_path / "o.csv"
    good.write_text(header + "kanim-x,Kanim X,kanim,I_TPI,,19.04,,,,-2.129,106.113\n")
    offices_load(actor=SYSTEM, path=good)
    assert str(Office.objects.get(code="kanim-x").latitude) == "-2.129000"
    bad = tmp_path / "b.csv"
    bad.write_text(header + "kanim-y,Kanim Y,kanim,I_TPI,,19.04,,,,45,106.1\n")
    with pytest.raises(OfficeImportError, match="Baris 2: lokasinya di luar Indonesia"):
        offices_load(actor=SYSTEM, path=bad)
