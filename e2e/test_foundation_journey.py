"""Browser journey in Debian Chromium: an office officer logs in, switches language, picks a desa
with the region picker (cascade and type-to-search), and logs out."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_kanim_officer_logs_in_switches_language_picks_a_desa_and_logs_out(
    live_server, world, page: Page
):
    page.goto(f"{live_server.url}/akun/masuk/")
    expect(page.locator("h1")).to_have_text("Masuk petugas")
    log_in(page, live_server.url, "kanim.pangkalpinang")
    expect(page.locator("h1")).to_contain_text("Selamat datang")

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name="Find a village").first.click()
    # Cascade: each choice re-renders the picker through htmx with the next level filled in.
    page.select_option("#id_desa__1", label="Kalimantan Selatan")
    expect(page.locator("#id_desa__2 option", has_text="Kabupaten Tapin")).to_have_count(1)
    page.select_option("#id_desa__2", label="Kabupaten Tapin")
    expect(page.locator("#id_desa__3 option", has_text="Tapin Tengah")).to_have_count(1)
    page.select_option("#id_desa__3", label="Tapin Tengah")
    expect(page.locator("#id_desa__4 option", has_text="Mandurian Hilir")).to_have_count(1)
    page.select_option("#id_desa__4", label="Mandurian")
    expect(page.locator(".selected-region")).to_have_attribute("data-code", "63.05.03.2003")
    shot(page, "picker-cascade-desktop")
    page.get_by_role("button", name="Show").click()
    result = page.locator("#region-result")
    expect(result).to_contain_text("Mandurian")
    expect(result).to_contain_text("Kantor Imigrasi Kelas I TPI Banjarmasin")
    expect(result).to_contain_text(world["users"]["pimpasa.mandurian"].display_name)

    # Type-to-search: matches appear as choices while typing.
    page.fill("#id_desa__q", "mandurian hil")
    choice = page.locator('#id_desa-candidates input[value="63.05.03.2015"]')
    expect(choice).to_have_count(1)
    choice.check()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#region-result")).to_contain_text("Mandurian Hilir")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Officer login").first).to_be_visible()
    page.goto(f"{live_server.url}/akun/profil/")
    expect(page).to_have_url(f"{live_server.url}/akun/masuk/?next=/akun/profil/")


def test_picker_works_on_a_phone_without_javascript(live_server, world, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/wilayah/")
    page.fill("#id_desa__q", "padang")
    page.get_by_role("button", name="Tampilkan").click()
    # Several desa and kelurahan contain "padang": the page offers them to choose from.
    expect(page.locator("#id_desa-candidates input[type=radio]").first).to_be_visible()
    page.locator("#id_desa-candidates label", has_text="Padang Mulia").locator("input").check()
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#region-result")).to_contain_text("Koba")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page scrolls sideways on a 360 px phone ({width} px)"
    shot(page, "picker-nojs-phone")
    context.close()
