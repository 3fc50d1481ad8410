"""Control characters are refused at the edge with a reason (issue 12 item 1); what a person may
legitimately type (line breaks, tabs in a description) still goes through."""

import pytest

from desabinaan.reports.models import Report

KOBA_DESA = "19.04.01.2003"
REPORT = {
    "category": "wna_mencurigakan",
    "region_code": KOBA_DESA,
    "description": "Ada orang asing tinggal di rumah kosong dekat pantai.",
}


def test_page_path_with_nul_is_a_400_page_in_indonesian(client, world):
    response = client.get("/desa/%00/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Permintaan ditolak" in page and "karakter kendali" in page
    assert "\x00" not in page


def test_page_query_with_nul_is_a_400(client, world):
    response = client.get("/lapor/?desa=%00")
    assert response.status_code == 400
    assert "karakter kendali" in response.content.decode()


def test_form_field_with_nul_is_refused_and_nothing_saved(client, world):
    response = client.post("/lapor/", {**REPORT, "description": "Ada orang asing\x00 di sini."})
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/regions?q=%00", "q"),
        ("/api/v1/regions?parent=19%00", "parent"),
        ("/api/v1/regions/%00", "path"),
    ],
)
def test_api_answers_422_naming_the_field(client, world, url, field):
    response = client.get(url)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [{"field": field, "message": body["errors"][0]["message"]}]
    assert "karakter kendali" in body["detail"]


def test_escaped_nul_in_a_json_body_is_refused_and_nothing_saved(client, world):
    response = client.post(
        "/api/v1/reports",
        {**REPORT, "landmark": "dekat masjid\u0000"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "landmark"
    assert not Report.objects.exists()


def test_nul_in_credentials_is_422_not_a_server_error(client, world):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "pimpasa.koba\x00", "password": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "username"


def test_uploaded_file_name_with_a_control_character_is_refused(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("foto\x01.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    response = client.post("/lapor/", {**REPORT, "files": upload})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_line_breaks_and_tabs_in_text_are_kept(client, world):
    text = "Baris pertama tentang orang asing.\r\nBaris kedua:\tdi rumah kosong."
    response = client.post(
        "/api/v1/reports", {**REPORT, "description": text}, content_type="application/json"
    )
    assert response.status_code == 201
    assert Report.objects.get().description == text


def test_a_line_break_in_a_path_is_refused(client, world):
    assert client.get("/desa/19%0A/").status_code == 400


def test_a_body_that_is_not_json_is_left_to_the_view(client, world):
    response = client.post("/api/v1/reports", "bukan json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Isi permintaan bukan JSON yang valid."
