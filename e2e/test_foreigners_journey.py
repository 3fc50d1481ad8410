"""Browser journey (Debian Chromium): a village partner registers a foreigner on a 360 px phone,
the PIMPASA verifies the stay, the alert scan finds the permit expiring, the PIMPASA resolves it."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from desabinaan.foreigners.models import Alert, Stay

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def login(context, base, username):
    page = log_in(context.new_page(), base, username)
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    return page


def test_mitra_registers_pimpasa_verifies_and_resolves_the_expiring_permit_alert(
    live_server, world, browser
):
    # Transactional tests flush the tables between tests, so the permit types that a data
    # migration seeds may be gone: load them again (idempotent).
    call_command("load_permit_types", verbosity=0)
    today = timezone.localdate()
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = login(phone, live_server.url, "mitra.mandurian")
    page.goto(f"{live_server.url}/wna/")
    page.get_by_role("link", name="Daftarkan WNA").click()
    expect(page.locator("h1")).to_have_text("Daftarkan WNA")
    page.fill("#id_given_names", "Maria")
    page.fill("#id_family_name", "Schneider")
    page.get_by_label("Perempuan").check()
    page.fill("#id_date_of_birth", "1990-02-03")
    page.select_option("#id_nationality", "DE")
    page.fill("#id_passport_number", "C01X00T47")
    page.select_option("#id_passport_country", "DE")
    page.fill("#id_passport_expiry", "2031-05-01")
    expect(page.locator("#id_region")).to_have_value("63.05.03.2003")
    page.fill("#id_address", "Jl. Pasar RT 01 No. 4")
    page.select_option("#id_host_kind", "keluarga")
    page.fill("#id_host_name", "Keluarga Sari")
    page.select_option("#id_purpose", "keluarga")
    page.fill("#id_arrival_date", (today - dt.timedelta(days=20)).isoformat())
    page.select_option("#id_permit_type", label="C1 — Visa Kunjungan (wisata)")
    page.fill("#id_permit_expiry", (today + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    # The permit ends in 10 days: a warning to read before the record is saved.
    expect(page.locator("#warnings")).to_contain_text("Izin tinggal berakhir pada")
    assert not Stay.objects.exists()
    page.get_by_role("button", name="Tetap simpan").click()
    expect(page.locator("[role=status]").first).to_contain_text("Data tinggal sudah didaftarkan.")
    expect(page.locator("#passports")).to_contain_text("C****47")
    # The rules ran for her at once: the alert is there before any daily scan.
    assert Alert.objects.get().kind == "permit_expiring"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page scrolls sideways on a 360 px phone ({width} px)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "foreigner-registered-phone.png", full_page=True)
    phone.close()

    stay = Stay.objects.get()
    officer = browser.new_context()
    page = login(officer, live_server.url, "pimpasa.mandurian")
    page.goto(f"{live_server.url}/wna/{stay.foreigner_id}/")
    expect(page.locator(".verification")).to_contain_text("Belum diverifikasi")
    page.fill(f"#vw-{stay.pk}", "Paspor asli dan kunjungan rumah")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator("[role=status]")).to_contain_text("Data tinggal sudah diverifikasi.")
    expect(page.locator(".verification")).to_contain_text("Diverifikasi Paspor asli")

    call_command("scan_alerts")
    assert Alert.objects.get().kind == "permit_expiring"

    page.goto(f"{live_server.url}/wna/peringatan/")
    expect(page.locator("#alert-list")).to_contain_text(
        "Izin tinggal Maria Schneider di Desa Mandurian berakhir dalam 10 hari."
    )
    page.get_by_role("link", name="Izin segera berakhir").click()
    page.select_option("#id_status", "selesai")
    page.fill("#id_reason", "WNA sudah memperpanjang izin di Kanim")
    page.get_by_role("button", name="Perbarui peringatan").click()
    expect(page.locator("#alert-status")).to_have_text("Selesai")
    officer.close()
    assert Alert.objects.get().status == "selesai"


def test_registration_shows_every_error_at_once_then_warns_and_alerts_the_pimpasa(
    live_server, world, browser
):
    call_command("load_permit_types", verbosity=0)
    today = timezone.localdate()
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = login(phone, live_server.url, "mitra.mandurian")
    page.goto(f"{live_server.url}/wna/daftar/")
    page.fill("#id_given_names", "A" * 161)
    page.get_by_label("Laki-laki").check()
    page.fill("#id_date_of_birth", "1985-04-12")
    page.select_option("#id_nationality", "AU")
    page.fill("#id_passport_number", "C1@#")
    page.select_option("#id_passport_country", "AU")
    page.fill("#id_passport_expiry", "2020-06-30")
    page.fill("#id_address", "Jl. Pasar RT 03")
    page.select_option("#id_host_kind", "perusahaan")
    page.select_option("#id_purpose", "bekerja")
    page.fill("#id_arrival_date", (today - dt.timedelta(days=5)).isoformat())
    page.select_option("#id_permit_type", label="C1 — Visa Kunjungan (wisata)")
    page.fill("#id_permit_expiry", (today - dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    summary = page.locator("#error-summary li")
    expect(summary).to_have_count(4)  # name, passport number, passport expiry, permit end
    expect(page.locator("#error-summary")).to_contain_text("Hapus “# @”")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "foreigner-register-errors-phone.png", full_page=True)

    page.fill("#id_given_names", "Jack")
    page.fill("#id_family_name", "Taylor")
    page.fill("#id_passport_number", "PA1234567")
    page.fill("#id_passport_expiry", "2031-01-01")
    page.fill("#id_permit_expiry", (today + dt.timedelta(days=50)).isoformat())
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#warnings")).to_contain_text("tidak membolehkan bekerja")
    page.screenshot(path=SHOTS / "foreigner-register-warning-phone.png", full_page=True)
    page.get_by_role("button", name="Tetap simpan").click()
    expect(page.locator("[role=status]").first).to_contain_text("Data tinggal sudah didaftarkan.")
    phone.close()

    stay = Stay.objects.get()
    assert Alert.objects.get().kind == "work_permit"
    officer = browser.new_context(viewport={"width": 360, "height": 740})
    page = login(officer, live_server.url, "pimpasa.mandurian")
    page.goto(f"{live_server.url}/wna/peringatan/")
    item = page.locator(".alert-item").first
    expect(item).to_contain_text("Jack Taylor (paspor P****67)")
    expect(item).to_contain_text("Desa Mandurian")
    expect(item).to_contain_text("Yang perlu dilakukan:")
    expect(page.locator("#last-scan")).to_contain_text("belum pernah berjalan")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "alerts-after-registration-phone.png", full_page=True)
    item.get_by_role("link", name="Verifikasi data tinggal").click()
    expect(page.locator(f"#stay-{stay.pk}")).to_be_visible()
    officer.close()


def test_pimpasa_adds_a_photo_on_a_phone_and_sees_it_on_the_full_record(
    live_server, world, browser, tmp_path, settings
):
    from PIL import Image

    from desabinaan.foreigners.models import PermitType
    from desabinaan.foreigners.services import PersonInput, StayInput, stay_register
    from desabinaan.regions.models import Region

    call_command("load_permit_types", verbosity=0)
    settings.FOREIGNERS_PHOTO_ROOT = tmp_path / "photos"
    today = timezone.localdate()
    stay = stay_register(
        actor=world["users"]["mitra.mandurian"],
        person=PersonInput(
            given_names="Kenji",
            family_name="Sato",
            sex="L",
            date_of_birth=dt.date(1979, 9, 9),
            nationality="JP",
            passport_number="TK1234567",
            passport_country="JP",
            passport_expiry=dt.date(2030, 1, 1),
        ),
        stay=StayInput(
            region=Region.objects.get(code="63.05.03.2003"),
            address="Jl. Pasar RT 02",
            host_kind="perusahaan",
            purpose="bekerja",
            arrival_date=today - dt.timedelta(days=30),
            permit_type=PermitType.objects.get(code="E23"),
            permit_expiry=today + dt.timedelta(days=300),
            host_name="PT Tambang Contoh",
        ),
    )
    photo = tmp_path / "kamera.jpg"
    Image.new("RGB", (900, 1200), (90, 140, 200)).save(photo, format="JPEG")

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = login(phone, live_server.url, "pimpasa.mandurian")
    page.goto(f"{live_server.url}/wna/{stay.foreigner_id}/")
    page.get_by_role("link", name="Tampilkan data lengkap").click()
    page.fill("#id_reason", "Verifikasi lapangan")
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_role("link", name="Tambah foto").click()
    expect(page.locator("#id_photo")).to_have_attribute("capture", "environment")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "foreigner-photo-form-phone.png", full_page=True)
    page.set_input_files("#id_photo", str(photo))
    page.get_by_role("button", name="Simpan foto").click()
    expect(page.locator("[role=status]")).to_contain_text("Foto sudah disimpan.")
    image = page.locator("#photo img.person-photo")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0  # the private photo view served it
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator("#merges")).to_contain_text("Belum ada penggabungan")
    page.screenshot(path=SHOTS / "foreigner-photo-phone.png", full_page=True)
    phone.close()


def test_pusat_marks_a_permit_type_as_allowing_work(live_server, world, browser):
    from desabinaan.foreigners.models import PermitType

    call_command("load_permit_types", verbosity=0)
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = login(desk, live_server.url, "pusat")
    page.goto(f"{live_server.url}/wna/")
    page.get_by_role("link", name="Jenis izin").click()
    expect(page.locator("#permit-E23")).to_contain_text("Boleh bekerja")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "permit-types-desktop.png", full_page=True)
    page.locator("#permit-C1").get_by_role("link", name="C1").click()
    page.select_option("#id_work", "limited")
    page.fill("#id_work_note", "Hanya rapat dan pameran, bukan kerja berbayar")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("[role=status]")).to_contain_text("Jenis izin sudah disimpan.")
    expect(page.locator("#permit-C1")).to_contain_text("Hanya rapat dan pameran")
    desk.close()
    assert PermitType.objects.get(code="C1").work == "limited"

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = login(phone, live_server.url, "pusat")
    page.goto(f"{live_server.url}/wna/jenis-izin/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "permit-types-phone.png")
    phone.close()
