"""Browser journey (issue 18): pusat imports a watch-list, a kepala desa registers a foreigner
whose name is a spelling variant of an entry (360 px phone), the PIMPASA sees the watch-list
alert and dismisses the match."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from desabinaan.foreigners.models import Alert
from desabinaan.foreigners.watchlist_models import ScreeningHit, WatchlistEntry

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
HEADER = "name,aliases,date_of_birth,nationality,passport_no,reason,source,valid_until"


def login(context, base, username):
    page = log_in(context.new_page(), base, username)
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    return page


def shot(page, name):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: page scrolls sideways on a 360 px phone ({width} px)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_pusat_imports_mitra_registers_a_variant_pimpasa_dismisses(
    live_server, world, browser, tmp_path
):
    call_command("load_permit_types", verbosity=0)
    today = timezone.localdate()
    listing = tmp_path / "daftar.csv"
    listing.write_text(
        f"{HEADER}\nMuhammad Hasan Qureshi,Abu Hasan,1980-05-04,PK,PK7654321,Contoh fiktif,uji,\n",
        encoding="utf-8",
    )
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = login(phone, live_server.url, "pusat")
    page.goto(f"{live_server.url}/wna/daftar-pantauan/")
    expect(page.locator("h1")).to_have_text("Daftar pantauan")
    page.set_input_files("#id_file", str(listing))
    page.get_by_role("button", name="Impor", exact=True).click()
    expect(page.locator("[role=status]").first).to_contain_text("1 ditambahkan")
    expect(page.locator("#watchlist")).to_contain_text("Muhammad Hasan Qureshi")
    expect(page.locator("#watchlist")).not_to_contain_text("PK7654321")
    shot(page, "watchlist-phone")
    phone.close()
    assert WatchlistEntry.objects.count() == 1

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = login(phone, live_server.url, "mitra.mandurian")
    page.goto(f"{live_server.url}/wna/daftar/")
    page.fill("#id_given_names", "Mohammed Hassan")
    page.fill("#id_family_name", "Qureshy")
    page.get_by_label("Laki-laki").check()
    page.fill("#id_date_of_birth", "1980-05-04")
    page.select_option("#id_nationality", "PK")
    page.fill("#id_passport_number", "PK1112223")
    page.select_option("#id_passport_country", "PK")
    page.fill("#id_passport_expiry", "2031-05-01")
    page.fill("#id_address", "Jl. Pasar RT 01 No. 4")
    page.select_option("#id_host_kind", "keluarga")
    page.fill("#id_host_name", "Keluarga Sari")
    page.select_option("#id_purpose", "keluarga")
    page.fill("#id_arrival_date", (today - dt.timedelta(days=20)).isoformat())
    page.select_option("#id_permit_type", label="C1 — Visa Kunjungan (wisata)")
    page.fill("#id_permit_expiry", (today + dt.timedelta(days=40)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    keep = page.get_by_role("button", name="Tetap simpan")
    if keep.count():
        keep.click()
    expect(page.locator("[role=status]").first).to_contain_text("Data tinggal sudah didaftarkan.")
    # The screening ran in a task right after the registration: a watch-list alert and a match,
    # which the village head does not see.
    hit = ScreeningHit.objects.get()
    assert "Mohammed → Muhammad" in hit.explanation
    page.goto(f"{live_server.url}/wna/peringatan/")
    expect(page.locator("main")).not_to_contain_text("Qureshy")
    phone.close()

    officer = browser.new_context(viewport={"width": 360, "height": 740})
    page = login(officer, live_server.url, "pimpasa.mandurian")
    page.goto(f"{live_server.url}/wna/peringatan/")
    expect(page.locator("main")).to_contain_text("Qureshy")
    page.goto(f"{live_server.url}/wna/peringatan/{hit.alert_id}/")
    page.get_by_role("link", name="Periksa kecocokan daftar pantauan").click()
    expect(page.locator("h1")).to_have_text("Kecocokan daftar pantauan")
    expect(page.locator("main")).to_contain_text("penyesuaian ejaan")
    shot(page, "watchlist-match-phone")
    page.get_by_label("Bukan orang yang sama").check()
    page.fill("#id_note", "Tanggal terbit paspor berbeda, orang lain")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator("[role=status]").first).to_contain_text("Keputusan Anda sudah disimpan.")
    hit.refresh_from_db()
    assert hit.status == "dismissed"
    assert Alert.objects.get(pk=hit.alert_id).status == "diabaikan"
    shot(page, "watchlist-dismissed-phone")
    officer.close()
