"""Logging in through the real forms, second factor included (issue 13)."""

from playwright.sync_api import Page, expect

from desabinaan.accounts import twofactor
from desabinaan.accounts.models import User
from tests.factories import PASSWORD
from tests.twofactor import code_for, enrol


def log_in(page: Page, base: str, username: str) -> Page:
    """Password, then for officers the code their authenticator app would show (an officer
    without one gets it as if set up earlier; test_two_factor_journey walks the setup)."""
    user = User.objects.get(username=username)
    device = None
    if twofactor.is_officer(user):
        device = user.totpdevice_set.filter(confirmed=True).first() or enrol(user)
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    if device is not None:
        expect(page.locator("h1")).to_have_text("Verifikasi dua langkah")
        page.fill("#id_code", code_for(device))
        page.get_by_role("button", name="Verifikasi", exact=True).click()
    return page
