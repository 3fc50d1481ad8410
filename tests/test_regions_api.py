import pytest

from desabinaan.regions.text import fold

pytestmark = pytest.mark.usefixtures("regions")


def test_search_desa_by_name_finds_mandurian(client):
    body = client.get("/api/v1/regions", {"level": "desa", "q": "Mandurian"}).json()
    codes = [item["code"] for item in body["items"]]
    assert codes[0] == "63.05.03.2003"  # the exact name ranks first
    first = body["items"][0]
    assert first == {
        "code": "63.05.03.2003",
        "name": "Mandurian",
        "level": "desa",
        "parent_code": "63.05.03",
        "path": "Mandurian, Tapin Tengah, Kab. Tapin, Kalimantan Selatan",
        "is_kelurahan": False,
        "postal_code": "71161",
    }


def test_search_is_case_and_accent_insensitive(client):
    for q in ("mandurian", "MANDURIAN", "Mandurían", "  mandurian "):
        body = client.get("/api/v1/regions", {"q": q, "level": "desa"}).json()
        assert "63.05.03.2003" in [i["code"] for i in body["items"]], q


def test_fold_strips_accents_and_spaces():
    assert fold("  Ciléungsi  Hilir") == "cileungsi hilir"


def test_filter_by_level_and_parent(client):
    body = client.get("/api/v1/regions", {"level": "kecamatan", "parent": "19.04"}).json()
    assert body["count"] == 6
    assert {i["name"] for i in body["items"]} >= {"Koba", "Namang", "Lubuk Besar"}
    assert all(i["parent_code"] == "19.04" for i in body["items"])


def test_code_prefix_search(client):
    body = client.get("/api/v1/regions", {"q": "63.05.03.20"}).json()
    assert body["count"] > 1
    assert all(i["code"].startswith("63.05.03.20") for i in body["items"])


def test_pagination(client):
    first = client.get("/api/v1/regions", {"level": "desa", "page": 1}).json()
    second = client.get("/api/v1/regions", {"level": "desa", "page": 2}).json()
    assert first["count"] == second["count"] > 50
    assert first["pages"] >= 2
    assert len(first["items"]) == 50
    assert not {i["code"] for i in first["items"]} & {i["code"] for i in second["items"]}


def test_unknown_level_is_422_in_indonesian(client):
    response = client.get("/api/v1/regions", {"level": "dusun"})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "level"
    assert "Nilai tidak dikenal" in body["detail"]
    assert "desa" in body["detail"]


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "abc"}, {"q": "x" * 101}])
def test_bad_query_parameters_are_422(client, params):
    response = client.get("/api/v1/regions", params)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_region_detail_and_404(client):
    assert client.get("/api/v1/regions/19.04.01").json()["name"] == "Koba"
    missing = client.get("/api/v1/regions/99.99")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Tidak ada wilayah dengan kode ini."


def test_openapi_documents_the_region_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/regions" in schema["paths"]
    assert "/api/v1/regions/{code}" in schema["paths"]
    assert "/api/v1/auth/token" in schema["paths"]
