"""Public pages (form, receipt, status) and the officers' inbox and report page."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from desabinaan.reports import codes, services
from desabinaan.reports.models import Attachment, Channel, Report, Status

from .conftest import KOBA_DESA, MANDURIAN, jpeg_with_gps

pytestmark = pytest.mark.django_db

FORM = {
    "category": "wna_mencurigakan",
    "description": "Tiga orang asing bekerja di tambak tanpa izin sejak bulan lalu.",
    "desa": KOBA_DESA,
    "landmark": "dekat dermaga",
    "submission": "tok-1",
}


def test_form_is_in_indonesian_with_category_explanations(client, world):
    page = client.get("/lapor/").content.decode()
    assert "Laporkan masalah keimigrasian" in page
    assert "Pengungsi atau pencari suaka" in page
    assert "perahu berisi orang asing mendarat di pantai" in page
    assert 'value="pmi_nonprosedural"' in page
    assert 'name="website"' in page  # the honeypot
    assert page.count('class="badge text-bg-primary me-1"') == 3  # three steps


def test_anonymous_report_with_photo_leads_to_a_receipt(client, world):
    photo = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post("/lapor/", {**FORM, "files": [photo]})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lapor/tanda-terima/{report.tracking_code}/"
    receipt = client.get(response["Location"]).content.decode()
    assert codes.grouped(report.tracking_code) in receipt
    assert "Terima kasih, laporan Anda sudah diterima" in receipt
    assert report.channel == Channel.PUBLIC and report.filed_by is None and report.contact == ""
    assert report.attachments.get().content_type == "image/jpeg"


def test_double_submit_of_the_same_form_files_one_report(client, world):
    first = client.post("/lapor/", FORM)
    second = client.post("/lapor/", FORM)
    assert first["Location"] == second["Location"]
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": ""}, "Pilih jenis laporan Anda."),
        ({"category": "narkoba"}, "Masukkan pilihan yang valid"),
        ({"description": ""}, "Ceritakan apa yang terjadi."),
        ({"description": "asing"}, "minimal 10 karakter"),
        ({"desa": ""}, "Pilih tempat"),
        ({"desa": "19.04.01"}, "Tidak ada desa dengan kode 19.04.01"),
        ({"occurred_on": "2099-01-01"}, "Tanggal tidak boleh di masa depan."),
        ({"occurred_on": "kemarin"}, "Isi tanggal seperti 2026-01-31."),
        ({"latitude": "95"}, "lebih kecil dari atau sama dengan 6.5"),
    ],
)
def test_bad_input_on_the_form_is_explained_and_nothing_saved(client, world, change, message):
    response = client.post("/lapor/", {**FORM, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Report.objects.count() == 0


def test_refused_attachment_is_explained_and_nothing_saved(client, world):
    fake = SimpleUploadedFile("foto.jpg", b"<html>bukan foto</html>", content_type="image/jpeg")
    response = client.post("/lapor/", {**FORM, "files": [fake]})
    assert response.status_code == 400
    assert "Berkas 1 bukan foto" in response.content.decode()
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0


def test_honeypot_refuses_bots(client, world):
    response = client.post("/lapor/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400
    assert "Laporan Anda tidak dapat dikirim" in response.content.decode()
    assert Report.objects.count() == 0


def test_rate_limit_on_the_form(client, world, settings):
    settings.REPORTS_RATE_LIMIT = 1
    cache.clear()
    assert client.post("/lapor/", {**FORM, "submission": "a"}).status_code == 302
    refused = client.post("/lapor/", {**FORM, "submission": "b"})
    assert refused.status_code == 429
    assert "Terlalu banyak laporan dari sambungan ini" in refused.content.decode()
    assert Report.objects.count() == 1


def test_cascade_round_trip_without_javascript_keeps_the_answers(client, world):
    response = client.post("/lapor/", {**FORM, "desa": "", "desa__1": "19", "pilih_wilayah": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert ">Kabupaten Bangka Tengah<" in page  # the next level is offered
    assert FORM["description"] in page
    assert "Ada isian yang perlu diperbaiki" not in page
    assert Report.objects.count() == 0


def test_mitra_files_for_own_village_only(client, world):
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.post("/lapor/", {**FORM, "desa": KOBA_DESA}).status_code == 400
    response = client.post("/lapor/", {**FORM, "desa": MANDURIAN, "submission": "m2"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.channel == Channel.MITRA
    assert report.filed_by == world["users"]["mitra.mandurian"]


def test_pimpasa_logs_a_report_received_in_person(client, world):
    client.force_login(world["users"]["pimpasa.koba"])
    client.post("/lapor/", FORM)
    assert Report.objects.get().channel == Channel.IN_PERSON


def test_status_page_shows_public_events_only(client, world, file_report):
    report = file_report()
    koba = world["users"]["pimpasa.koba"]
    services.report_verify(
        report=report,
        actor=koba,
        note="Catatan RAHASIA",
        public_note="Petugas sudah ke lokasi.",
    )
    page = client.get(f"/lapor/status/{report.tracking_code}/").content.decode()
    assert "Diverifikasi" in page
    assert "Petugas sudah ke lokasi." in page
    assert "RAHASIA" not in page and "pimpasa.koba" not in page


def test_status_lookup_normalises_typed_codes_and_explains_typos(client, world, file_report):
    code = file_report().tracking_code
    redirect = client.get("/lapor/status/", {"kode": codes.grouped(code).lower()})
    assert redirect["Location"] == f"/lapor/status/{code}/"
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    response = client.get(f"/lapor/status/{typo}/")
    assert response.status_code == 400
    assert "Kode ini salah ketik" in response.content.decode()
    body = "23456789A" if code[:9] != "23456789A" else "ABCDEFGHJ"
    unknown = client.get(f"/lapor/status/{body}{codes.check_char(body)}/")
    assert unknown.status_code == 404
    assert "Tidak ada laporan dengan kode ini" in unknown.content.decode()


def test_inbox_is_scoped(client, world, file_report):
    koba_report = file_report(code=KOBA_DESA)
    client.force_login(world["users"]["pimpasa.koba"])
    assert koba_report.tracking_code in client.get("/lapor/masuk/").content.decode()
    client.force_login(world["users"]["kanim.banjarmasin"])
    page = client.get("/lapor/masuk/").content.decode()
    assert koba_report.tracking_code not in page
    assert client.get(f"/lapor/masuk/{koba_report.pk}/").status_code == 404


def test_partners_have_no_inbox(client, world, file_report):
    report = file_report(code=MANDURIAN)
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get("/lapor/masuk/").status_code == 403
    assert client.get(f"/lapor/masuk/{report.pk}/").status_code == 403


def test_inbox_puts_urgent_first_and_filters_with_an_htmx_partial(client, world, file_report):
    plain = file_report(category="lainnya")
    urgent = file_report(category="tppo")
    client.force_login(world["users"]["pimpasa.koba"])
    page = client.get("/lapor/masuk/").content.decode()
    assert page.index(urgent.tracking_code) < page.index(plain.tracking_code)
    assert "Mendesak" in page
    partial = client.get("/lapor/masuk/", {"category": "lainnya"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert body.startswith('<section id="inbox-results"')
    assert plain.tracking_code in body and urgent.tracking_code not in body


def test_inbox_query_count_does_not_grow_with_reports(
    client, world, file_report, django_assert_max_num_queries
):
    for i in range(30):
        file_report(category=["tppo", "lainnya", "pengungsi"][i % 3])
    client.force_login(world["users"]["kanim.pangkalpinang"])
    with django_assert_max_num_queries(10):
        response = client.get("/lapor/masuk/")
    assert response.content.decode().count("report-row") == 25


def test_detail_shows_timeline_and_contact_to_the_handler(client, world, file_report):
    report = file_report(contact="0812-1111-2222")
    client.force_login(world["users"]["pimpasa.koba"])
    page = client.get(f"/lapor/masuk/{report.pk}/").content.decode()
    assert "0812-1111-2222" in page
    assert "Laporan masuk melalui: Formulir publik." in page
    assert "Diteruskan kepada" in page and "pimpasa_" not in page
    client.force_login(world["users"]["kanwil.babel"])
    assert "0812-1111-2222" not in client.get(f"/lapor/masuk/{report.pk}/").content.decode()


def test_officer_moves_a_report_and_is_refused_a_forbidden_step(client, world, file_report):
    report = file_report()
    client.force_login(world["users"]["pimpasa.koba"])
    url = f"/lapor/masuk/{report.pk}/status/"
    client.post(url, {"to_status": "selesai"})
    report.refresh_from_db()
    assert report.status == Status.BARU
    page = client.get(f"/lapor/masuk/{report.pk}/").content.decode()
    assert "tidak dapat diubah menjadi" in page
    client.post(url, {"to_status": "diverifikasi", "public_note": "Sudah dicek."})
    report.refresh_from_db()
    assert report.status == Status.DIVERIFIKASI


def test_out_of_scope_officer_cannot_post_steps_notes_or_assignments(client, world, file_report):
    report = file_report()
    client.force_login(world["users"]["kanim.banjarmasin"])
    for path, data in [
        ("status/", {"to_status": "ditolak"}),
        ("catatan/", {"note": "x"}),
        ("tugaskan/", {"assignee": "1"}),
    ]:
        assert client.post(f"/lapor/masuk/{report.pk}/{path}", data).status_code == 404
    report.refresh_from_db()
    assert report.status == Status.BARU and report.events.count() == 2


def test_note_and_assignment_from_the_page(client, world, file_report):
    from tests.factories import officer

    report = file_report(code="19.03.01.2004")
    colleague = officer("kanim", world["offices"]["pangkalpinang"], username="kanim.dua")
    client.force_login(world["users"]["kanim.pangkalpinang"])
    client.post(f"/lapor/masuk/{report.pk}/catatan/", {"note": "Hubungi kepala desa."})
    client.post(f"/lapor/masuk/{report.pk}/tugaskan/", {"assignee": str(colleague.pk)})
    report.refresh_from_db()
    assert report.assigned_to == colleague
    page = client.get(f"/lapor/masuk/{report.pk}/").content.decode()
    assert "Hubungi kepala desa." in page


def test_attachments_are_served_only_to_officers_in_scope(client, world):
    photo = SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg")
    client.post("/lapor/", {**FORM, "files": [photo]})
    attachment = Attachment.objects.get()
    url = f"/lapor/lampiran/{attachment.pk}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous["Location"]
    client.force_login(world["users"]["kanim.banjarmasin"])
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["pimpasa.koba"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert b"PhoneMaker" not in b"".join(response.streaming_content)


def test_signed_in_pimpasa_is_not_rate_limited(client, world, settings):
    settings.REPORTS_RATE_LIMIT = 1
    client.force_login(world["users"]["pimpasa.koba"])
    for i in range(3):
        assert client.post("/lapor/", {**FORM, "submission": f"p{i}"}).status_code == 302
    assert Report.objects.count() == 3
