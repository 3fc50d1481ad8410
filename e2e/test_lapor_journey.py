"""Browser journey in Debian Chromium: a resident files an anonymous report with a photo from a
360 px phone, pimpasa.koba verifies it and moves it on, and the resident sees the new public
status by tracking code."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from desabinaan.accounts.scope import public_actor
from desabinaan.reports.models import Report
from tests.reports.conftest import jpeg_with_gps

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "private"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_resident_reports_pimpasa_moves_it_on_resident_follows_by_code(
    live_server, world, browser, page: Page, tmp_path
):
    photo = tmp_path / "IMG_20260110.jpg"
    photo.write_bytes(jpeg_with_gps(size=(640, 480)))

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    resident = phone.new_page()
    resident.goto(f"{live_server.url}/lapor/")
    expect(resident.locator("h1")).to_have_text("Laporkan masalah keimigrasian")
    resident.get_by_label("Orang asing mencurigakan").check()
    resident.fill(
        "#id_description", "Lima orang asing tinggal di gudang dekat dermaga tanpa melapor."
    )
    resident.fill("#id_desa__q", "nibung")
    choice = resident.locator('#id_desa-candidates input[value="19.04.01.2003"]')
    expect(choice).to_have_count(1)
    choice.check()
    resident.set_input_files("#id_files", str(photo))
    width = resident.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the form scrolls sideways on a 360 px phone ({width} px)"
    shot(resident, "lapor-form-phone")
    resident.get_by_role("button", name="Kirim laporan").click()

    expect(resident.locator("h1")).to_have_text("Terima kasih, laporan Anda sudah diterima")
    code = resident.locator(".tracking-code").get_attribute("data-code")
    report = Report.objects.get(tracking_code=code)
    assert report.contact == "" and report.attachments.count() == 1
    shot(resident, "lapor-receipt-phone")

    log_in(page, live_server.url, "pimpasa.koba")
    page.goto(f"{live_server.url}/lapor/masuk/")
    page.locator(f'.report-row[data-code="{code}"]').click()
    expect(page.locator("#report-status")).to_have_text("Baru")
    expect(page.locator("img.img-thumbnail")).to_have_count(1)
    page.fill("#id_public_note", "Petugas sudah mendatangi lokasi.")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator("#report-status")).to_have_text("Diverifikasi")
    page.get_by_role("button", name="Tindak lanjuti").click()
    expect(page.locator("#report-status")).to_have_text("Ditindaklanjuti")
    shot(page, "lapor-officer-detail")

    resident.goto(f"{live_server.url}/lapor/status/")
    resident.fill("#id_kode", f"{code[:5]}-{code[5:]}".lower())
    resident.get_by_role("button", name="Cek").click()
    expect(resident.locator(".public-status")).to_have_text("Ditindaklanjuti")
    expect(resident.locator("#public-events")).to_contain_text("Petugas sudah mendatangi lokasi.")
    expect(resident.locator("body")).not_to_contain_text("pimpasa.koba")
    shot(resident, "lapor-status-phone")
    phone.close()


def test_pimpasa_rejects_with_a_reason_and_the_reporter_reads_it(live_server, world, browser):
    from desabinaan.regions.models import Region
    from desabinaan.reports.services import report_submit

    report = report_submit(
        actor=public_actor(),
        category="wna_mencurigakan",
        region=Region.objects.get(code="19.04.01.2003"),
        description="Ada orang asing di rumah kosong, katanya sudah lama tinggal.",
    ).report
    officer_phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = officer_phone.new_page()
    log_in(page, live_server.url, "pimpasa.koba")
    page.goto(f"{live_server.url}/lapor/masuk/{report.pk}/")
    page.get_by_role("button", name="Tolak").click()
    # A confirmation page, not a rejection: the message to the reporter is required.
    expect(page.locator("h1")).to_contain_text("Tolak")
    page.get_by_role("button", name="Ya: Tolak").click()
    expect(page.locator("#confirm-step")).to_contain_text("Tuliskan alasan untuk pelapor")
    report.refresh_from_db()
    assert report.status == "baru"
    reason = "Rumah itu milik keluarga WNI; tidak ada orang asing. Terima kasih sudah melapor."
    page.fill("#id_public_note", reason)
    shot(page, "lapor-reject-confirm-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Ya: Tolak").click()
    expect(page.locator("#report-status")).to_have_text("Ditolak")
    expect(page.locator("#timeline")).to_contain_text("mengubah status dari “Baru” menjadi")
    expect(page.locator("#timeline")).not_to_contain_text("pimpasa_")
    shot(page, "lapor-officer-history-phone")
    officer_phone.close()

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    resident = phone.new_page()
    resident.goto(f"{live_server.url}/lapor/status/{report.tracking_code}/")
    events = resident.locator("#public-events li")
    expect(events).to_have_count(2)
    expect(events.nth(0)).to_contain_text("Laporan terkirim")
    expect(events.nth(1)).to_contain_text("Ditolak")
    expect(events.nth(1)).to_contain_text(reason)
    assert resident.evaluate("document.documentElement.scrollWidth") <= 360
    shot(resident, "lapor-rejected-status-phone")
    phone.close()
