"""Browser journey in Debian Chromium (issue 17): a resident on a 360 px phone reports a boat of
refugees with the short refugee form; the Kanim, the Kanwil and the PIMPASA are e-mailed at once;
pimpasa.koba logs in (password and second factor) and ticks the first protocol stages."""

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from desabinaan.reports.models import ProtocolStep, RefugeeDetails, Report

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "private"


def test_refugee_report_reaches_the_officers_checklist(live_server, world, browser, page: Page):
    users = world["users"]
    for name in ("pimpasa.koba", "kanim.pangkalpinang", "kanwil.babel"):
        users[name].email = f"{name}@example.id"
        users[name].save()
    mail.outbox.clear()

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    resident = phone.new_page()
    resident.goto(f"{live_server.url}/lapor/")
    fields = resident.locator("#refugee-fields")
    expect(fields).to_be_hidden()  # only once "pengungsi" is chosen
    resident.get_by_label("Pengungsi atau pencari suaka").check()
    expect(fields).to_be_visible()
    resident.fill(
        "#id_description", "Perahu kayu berisi orang asing terdampar di pantai sejak subuh."
    )
    resident.fill("#id_refugee_total", "9")
    resident.fill("#id_refugee_adults", "6")
    resident.fill("#id_refugee_children", "2")  # 6 + 2 is not 9: refused, in Indonesian
    resident.fill("#id_refugee_women", "4")
    resident.get_by_label("Lapar atau haus").check()
    resident.get_by_label("Di perahu di tepi pantai").check()
    resident.fill("#id_refugee_nationality", "MM")
    resident.fill("#id_desa__q", "nibung")
    choice = resident.locator('#id_desa-candidates input[value="19.04.01.2003"]')
    expect(choice).to_have_count(1)
    choice.check()
    width = resident.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the refugee form scrolls sideways on a 360 px phone ({width} px)"
    resident.get_by_role("button", name="Kirim laporan").click()
    expect(resident.locator("#refugee-fields")).to_contain_text("harus berjumlah sama")
    assert not Report.objects.exists()

    resident.fill("#id_refugee_children", "3")
    resident.get_by_role("button", name="Kirim laporan").click()
    expect(resident.locator("h1")).to_have_text("Terima kasih, laporan Anda sudah diterima")
    code = resident.locator(".tracking-code").get_attribute("data-code")
    report = Report.objects.get(tracking_code=code)
    details = RefugeeDetails.objects.get(report=report)
    assert (details.total, details.children, details.hungry, details.location_kind) == (
        9,
        3,
        True,
        "perahu",
    )
    phone.close()

    told = sorted(m.to[0] for m in mail.outbox)
    assert told == [
        "kanim.pangkalpinang@example.id",
        "kanwil.babel@example.id",
        "pimpasa.koba@example.id",
    ]
    assert any(m.subject.startswith("MENDESAK") for m in mail.outbox)

    log_in(page, live_server.url, "pimpasa.koba")
    page.goto(f"{live_server.url}/lapor/masuk/{report.pk}/")
    expect(page.locator("#refugee-details")).to_contain_text("9")
    checklist = page.locator("#protocol-checklist")
    expect(checklist.locator(".protocol-done")).to_have_count(0)
    page.fill("#note-ditemukan", "Sembilan orang di perahu, pantai Nibung")
    page.get_by_role("button", name="Tandai selesai").click()
    expect(checklist.locator(".protocol-done")).to_have_count(1)
    expect(checklist).to_contain_text("Sembilan orang di perahu")
    page.get_by_role("button", name="Tandai selesai").click()
    expect(checklist.locator(".protocol-done")).to_have_count(2)
    steps = list(ProtocolStep.objects.filter(report=report).values_list("stage", flat=True))
    assert steps == ["ditemukan", "diamankan"]
