"""Browser journey: a Kanim officer designates a desa, opens its corner, assigns a PIMPASA and
adds a partner; the public page and the QR poster then show them."""

import datetime as dt
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from desabinaan.accounts.models import Role
from desabinaan.programme.models import Corner
from desabinaan.programme.services import CORNER_FIELDS
from tests.factories import UserFactory

from .auth import log_in
from .test_foundation_journey import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_kanim_runs_the_programme_for_a_village(live_server, world, page: Page):
    officer = UserFactory(
        role=Role.PIMPASA,
        office=world["offices"]["pangkalpinang"],
        first_name="Yusuf",
        last_name="Hidayat",
    )
    base = live_server.url
    log_in(page, base, "kanim.pangkalpinang")

    # Designate Desa Kemingking (Kecamatan Sungai Selan) from the office overview.
    page.get_by_role("link", name="Program").first.click()
    page.get_by_role("link", name="Canangkan desa").click()
    page.fill("#id_desa__q", "kemingking")
    expect(page.locator('#id_desa-candidates input[value="19.04.03.2007"]')).to_be_checked()
    page.fill("#id_sk_number", "W.7-IMI.UM.01/2025")
    page.fill("#id_designated_on", "2025-09-30")
    page.get_by_role("button", name="Canangkan").click()
    expect(page.locator("h1")).to_have_text("Desa Kemingking")
    expect(page.locator("#programme-status")).to_contain_text("Dicanangkan")

    # Open its Imigrasi Corner.
    page.get_by_role("link", name="Buka corner").click()
    page.fill("#id_address", "Balai Desa Kemingking")
    # Tapping the map fills the coordinates (tiles are not needed for that); typing corrects them.
    # The picker stays hidden until Leaflet has drawn it and bound its click handler.
    map_picker = page.locator("[data-map-picker].leaflet-container")
    expect(map_picker).to_be_visible()
    box = map_picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#id_latitude")).not_to_have_value("")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    page.fill("#id_latitude", "-2.3121")
    page.fill("#id_longitude", "106.2050")
    page.fill("#id_opening_hours", "Senin–Jumat 08.00–15.00")
    page.fill("#id_opened_on", "2025-10-01")
    page.get_by_role("button", name="Simpan corner").click()
    expect(page.locator("#corner")).to_contain_text("Balai Desa Kemingking")

    # Editing the corner shows the saved opening date, and saving it unchanged keeps it.
    saved = Corner.objects.get(desa_binaan__region_id="19.04.03.2007")
    before = {f: getattr(saved, f) for f in CORNER_FIELDS}
    page.get_by_role("link", name="Ubah corner").click()
    expect(page.locator("#id_opened_on")).to_have_value("2025-10-01")
    page.get_by_role("button", name="Simpan corner").click()
    expect(page.locator("#corner")).to_contain_text("Balai Desa Kemingking")
    saved.refresh_from_db()
    assert {f: getattr(saved, f) for f in CORNER_FIELDS} == before
    assert saved.opened_on == dt.date(2025, 10, 1)

    # Add a partner.
    add_partner = page.locator("#partners details")
    if add_partner.get_attribute("open") is None:  # open already when the list is empty
        add_partner.locator("summary").click()
    page.select_option("#id_role", "kepala_desa")
    page.fill("#id_name", "Ahmad Sobari")
    page.fill("#id_phone", "0812 7300 1122")
    page.get_by_role("button", name="Tambah mitra").click()
    expect(page.locator("#partners")).to_contain_text("Ahmad Sobari")
    expect(page.locator("#partners")).to_contain_text("+6281273001122")

    # Assign a PIMPASA to Kecamatan Sungai Selan, which has none.
    page.goto(f"{base}/program/kanim/")
    page.get_by_role("link", name="Tugaskan PIMPASA").click()
    page.select_option("#id_officer", label="Yusuf Hidayat")
    page.fill("#id_kecamatan__q", "sungai selan")
    expect(page.locator('#id_kecamatan-candidates input[value="19.04.03"]')).to_be_checked()
    page.fill("#id_sk_number", "W.7-IMI.PIMPASA.03/2025")
    page.fill("#id_inaugurated_on", "2025-09-30")
    page.get_by_role("button", name="Tugaskan", exact=True).click()
    expect(page.locator("main")).to_contain_text("PIMPASA sudah ditugaskan")
    shot(page, "programme-kanim-overview")

    # The public page shows the corner and the new PIMPASA, without partners' details.
    page.goto(f"{base}/desa/19.04.03.2007/")
    expect(page.locator("#corner")).to_contain_text("Balai Desa Kemingking")
    expect(page.locator("#contacts")).to_contain_text(officer.display_name)
    expect(page.locator("main")).not_to_contain_text("+6281273001122")
    page.set_viewport_size({"width": 360, "height": 740})
    shot(page, "programme-public-phone")

    poster = page.request.get(f"{base}/desa/19.04.03.2007/poster.pdf")
    assert poster.ok and poster.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=poster.body(), capture_output=True, check=True
        ).stdout.decode()
        assert "Kemingking" in text and officer.display_name in text
