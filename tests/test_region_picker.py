"""The region picker without JavaScript (plain round trips) and through its htmx endpoint."""

import pytest
from django import forms

from desabinaan.regions.forms import RegionField
from desabinaan.regions.models import Level

pytestmark = pytest.mark.usefixtures("regions")


class KecamatanForm(forms.Form):
    area = RegionField(level=Level.KECAMATAN)


def test_lookup_page_without_a_choice_shows_the_province_list(client):
    page = client.get("/wilayah/").content.decode()
    assert 'name="desa__1"' in page
    assert ">Kalimantan Selatan<" in page
    assert 'id="region-result"' not in page


def test_typed_unique_name_resolves_without_javascript(client):
    page = client.get("/wilayah/", {"desa__q": "mandurian"}).content.decode()
    assert 'id="region-result"' in page
    assert "63.05.03.2003" in page
    assert "Tapin Tengah" in page


def test_typed_ambiguous_name_offers_radio_choices(client):
    page = client.get("/wilayah/", {"desa__q": "mandurian hi"}).content.decode()
    # one match: resolves; a wider text offers the matches to choose from
    assert 'id="region-result"' in page
    page = client.get("/wilayah/", {"desa__q": "sungai"}).content.decode()
    assert 'id="region-result"' not in page
    assert 'type="radio" name="desa"' in page
    assert "pilih salah satu" in page


def test_choosing_a_radio_result_resolves(client):
    page = client.get("/wilayah/", {"desa__q": "sungai", "desa": "63.05.03.2003"}).content.decode()
    assert 'id="region-result"' in page
    assert "Mandurian" in page


def test_unknown_name_says_what_to_do(client):
    page = client.get("/wilayah/", {"desa__q": "zzzqqq"}).content.decode()
    assert "Tidak ada desa yang cocok" in page
    assert 'id="region-result"' not in page


def test_cascade_round_trip_fills_the_next_level(client):
    page = client.get("/wilayah/", {"desa__1": "63"}).content.decode()
    assert ">Kabupaten Tapin<" in page
    assert "Pilih tempat" in page  # not chosen yet
    page = client.get(
        "/wilayah/", {"desa__1": "63", "desa__2": "63.05", "desa__3": "63.05.03"}
    ).content.decode()
    assert ">Mandurian<" in page
    page = client.get(
        "/wilayah/",
        {"desa__1": "63", "desa__2": "63.05", "desa__3": "63.05.03", "desa__4": "63.05.03.2003"},
    ).content.decode()
    assert 'id="region-result"' in page


def test_forged_code_is_refused(client):
    page = client.get("/wilayah/", {"desa": "63.05.03"}).content.decode()  # a kecamatan, not a desa
    assert 'id="region-result"' not in page
    assert "Pilih dari daftar" in page


def test_htmx_endpoint_returns_the_picker_with_children(client):
    response = client.get(
        "/wilayah/pilih/",
        {
            "field": "desa",
            "id": "id_desa",
            "desa__level": "desa",
            "desa__1": "19",
            "desa__2": "19.04",
        },
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_desa-picker"' in html
    assert ">Koba<" in html and ">Namang<" in html
    assert "<html" not in html


def test_htmx_search_returns_candidates(client):
    html = client.get(
        "/wilayah/pilih/",
        {"field": "desa", "id": "id_desa", "desa__level": "desa", "desa__q": "sungai"},
    ).content.decode()
    assert 'type="radio" name="desa" value="63.05.' in html


@pytest.mark.parametrize(
    "params",
    [
        {"field": 'x"><script>', "id": "id_x"},
        {"field": "desa", "id": "bad id"},
        {"field": "desa", "id": "id_desa", "desa__level": "dusun"},
    ],
)
def test_htmx_endpoint_rejects_bad_parameters(client, params):
    assert client.get("/wilayah/pilih/", params).status_code == 404


def test_picker_at_kecamatan_level_in_any_form():
    form = KecamatanForm({"area__q": "Koba"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"].code == "19.04.01"
    assert 'name="area__3"' in str(form["area"])
    assert 'name="area__4"' not in str(form["area"])


def test_required_picker_left_empty():
    form = KecamatanForm({})
    assert not form.is_valid()
    assert form.errors["area"] == ["Pilih tempat."]
