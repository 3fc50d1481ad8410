"""Browser journey (Debian Chromium, 360 px phone): an officer's first login sets up two-step
verification (QR code, typed key, recovery codes), the next login asks for the code, and a
recovery code gets them in when the phone is not at hand."""

import time
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def app_code(secret: str) -> str:
    """What an authenticator app shows for the key typed from the page."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


def password(page, base, username):
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_officer_sets_up_and_uses_two_step_verification_on_a_phone(live_server, world, browser):
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto(f"{base}/wna/")
    password(page, base, "kanim.banjarmasin")

    expect(page.locator("h1")).to_have_text("Pasang verifikasi dua langkah")
    qr = page.locator("img.qr-code")
    expect(qr).to_be_visible()
    # The SVG URL answered and the browser drew it (waits for the load, which may come late).
    page.wait_for_function(
        "() => { const i = document.querySelector('img.qr-code');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "two-factor-setup-phone.png", full_page=True)

    page.fill("#id_code", "000000")
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.locator("#code-error")).to_contain_text("Kode salah")
    time.sleep(1.1)  # django-otp's back-off after a wrong code (1 s), not a timing assertion
    page.fill("#id_code", app_code(page.locator("#secret").inner_text()))
    page.get_by_role("button", name="Konfirmasi").click()

    expect(page.locator("h1")).to_have_text("Kode cadangan")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()  # print.js ran (CSP-safe)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh (.txt)").click()
    saved = Path(download.value.path()).read_text()
    assert all(code in saved for code in codes)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "two-factor-recovery-phone.png", full_page=True)
    page.get_by_role("button", name="Sudah saya simpan: lanjutkan").click()
    expect(page).to_have_url(f"{base}/wna/")

    phone.close()

    # Another day, another browser: the password alone is not enough any more.
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto(f"{base}/akun/masuk/")
    password(page, base, "kanim.banjarmasin")
    expect(page.locator("h1")).to_have_text("Verifikasi dua langkah")
    page.fill("#id_code", "123456")
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(page.locator("#code-error")).to_contain_text("Kode salah atau sudah kedaluwarsa")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "two-factor-verify-phone.png", full_page=True)

    page.get_by_text("Ponsel tidak ada? Pakai kode cadangan").click()
    page.fill("#id_recovery_code", codes[0].upper())
    page.get_by_role("button", name="Pakai kode cadangan").click()
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    expect(page.locator("[role=status]")).to_contain_text("tersisa 9")
    page.goto(f"{base}/akun/profil/")
    expect(page.locator("main")).to_contain_text("9 kode cadangan belum dipakai")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "two-factor-profile-phone.png", full_page=True)
    phone.close()
