"""Browser journey in Debian Chromium at 360 px (issue 14, guides and search): from the Mandurian
village page a resident opens the guides, reads one (with the Banjarmasin office's local note),
then searches "perpanjang izin" and sees highlighted results."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from desabinaan.accounts.scope import actor_for
from desabinaan.literacy.models import Article
from desabinaan.literacy.services import local_note_save

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
MANDURIAN = "63.05.03.2003"


def test_resident_reads_a_guide_from_the_village_page_and_searches(live_server, world, browser):
    call_command("load_guides", verbosity=0)
    local_note_save(
        actor=actor_for(world["users"]["kanim.banjarmasin"]),
        article=Article.objects.get(slug="membuat-paspor"),
        data={
            "address": "Jl. Catatan Kantor No. 1, Banjarmasin",
            "hours": "Senin–Jumat 08.00–15.00",
        },
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = phone.new_page()

    page.goto(f"{live_server.url}/desa/{MANDURIAN}/")
    page.locator('[data-literacy="literacy:guide_index"]').click()
    expect(page.locator("h1")).to_have_text("Literasi keimigrasian")
    page.screenshot(path=SHOTS / "literacy-index-phone.png", full_page=True)

    page.get_by_role("link", name="Membuat paspor dan jujur soal tujuan perjalanan").click()
    expect(page.locator("h1")).to_have_text("Membuat paspor dan jujur soal tujuan perjalanan")
    expect(page.locator("#local-note")).to_contain_text("Jl. Catatan Kantor No. 1")
    share = page.get_by_role("link", name="Bagikan ke WhatsApp").get_attribute("href")
    assert share.startswith("https://wa.me/?text=Membuat%20paspor")
    page.screenshot(path=SHOTS / "literacy-guide-phone.png", full_page=True)

    page.get_by_role("link", name="Semua panduan").click()
    page.fill("#q", "perpanjang izin")
    page.get_by_role("button", name="Cari").click()
    results = page.locator("#search-results li")
    expect(results.first).to_be_visible()
    expect(page.locator("#search-results mark").first).to_be_visible()
    expect(page.locator("#search-results")).to_contain_text("Izin tinggal ITAS dan ITAP")
    page.screenshot(path=SHOTS / "literacy-search-phone.png", full_page=True)

    results.first.locator("a").click()
    expect(page.locator("h1")).to_be_visible()
    phone.close()
