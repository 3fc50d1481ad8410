"""Browser journey (Debian Chromium, 360 px): the kepala desa of Mandurian fills in the village
letterhead, issues a domicile letter for a registered foreigner, prints it, and the URL its QR
code encodes opens the public verification page, which says the letter is valid."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from desabinaan.foreigners.models import DomicileLetter
from desabinaan.foreigners.services import stay_register
from tests.foreigners.conftest import MANDURIAN, person, stay_input

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def test_kepala_desa_issues_a_domicile_letter_and_its_qr_verifies(
    live_server, world, browser, tmp_path
):
    import zxingcpp
    from PIL import Image

    call_command("load_permit_types", verbosity=0)
    today = timezone.localdate()
    stay = stay_register(
        actor=world["users"]["mitra.mandurian"],
        stay=stay_input(
            MANDURIAN,
            arrival_date=today - dt.timedelta(days=40),
            permit="ITAS",
            permit_number="2C31AD0047",
            permit_expiry=today + dt.timedelta(days=200),
        ),
        person=person(given_names="Maria", family_name="Schneider", nationality="DE"),
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = log_in(phone.new_page(), live_server.url, "mitra.mandurian")
    expect(page.locator("h1")).to_contain_text("Selamat datang")

    page.goto(f"{live_server.url}/wna/{stay.foreigner_id}/")
    page.get_by_role("link", name="Surat domisili").click()
    expect(page.locator("h1")).to_have_text("Surat domisili")
    # No letterhead yet: the page says so and leads to the form, already filled from the names.
    expect(page.locator("#refusal")).to_contain_text("Kop surat desa belum diisi")
    page.get_by_role("link", name="Isi kop surat").click()
    expect(page.locator("#id_village_name")).to_have_value("DESA MANDURIAN")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#id_head_name + .form-text, [role=alert]").first).to_be_visible()
    page.fill("#id_head_name", "Suparman")
    page.fill("#id_address", "Jl. Desa Mandurian No. 1, Tapin Tengah")
    page.screenshot(path=SHOTS / "letterhead-phone.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()

    expect(page.locator("h1")).to_have_text("Surat domisili")
    page.get_by_role("button", name="Terbitkan surat").click()
    expect(page.locator("[role=status]").first).to_contain_text("sudah diterbitkan")
    letter = DomicileLetter.objects.get()
    expect(page.locator("#letters")).to_contain_text(letter.number)
    expect(page.locator(f"#letter-{letter.pk}")).to_contain_text("Berlaku")
    page.screenshot(path=SHOTS / "letters-phone.png", full_page=True)

    # The printed letter, fetched with the kepala desa's session; its QR code read back.
    href = page.get_by_role("link", name="Cetak (PDF)").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "letter.pdf").write_bytes(pdf.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(tmp_path / "letter.pdf"),
         str(SHOTS / "letter-journey")],
        check=True,
    )  # fmt: skip
    (url,) = [r.text for r in zxingcpp.read_barcodes(Image.open(SHOTS / "letter-journey.png"))]
    assert url == f"{live_server.url}/verifikasi/{letter.token}/"

    # Anyone (a new, signed-out phone) scans it.
    stranger = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    stranger.goto(url)
    answer = stranger.locator("#verification")
    expect(answer).to_contain_text("sah, berlaku sampai")
    expect(answer).to_contain_text(letter.number)
    expect(answer).to_contain_text("DESA MANDURIAN")
    expect(answer).not_to_contain_text("Schneider")
    stranger.screenshot(path=SHOTS / "letter-verify-phone.png", full_page=True)

    # Revoked, the same QR code says the letter is no longer valid.
    page.get_by_role("link", name="Cabut").click()
    page.fill("#id_reason", "Izin tinggal diperpanjang, surat diganti")
    page.get_by_role("button", name="Cabut").click()
    expect(page.locator("[role=status]").first).to_contain_text("Surat sudah dicabut")
    stranger.goto(url)
    expect(stranger.locator("#verification")).to_contain_text("sudah tidak berlaku")
