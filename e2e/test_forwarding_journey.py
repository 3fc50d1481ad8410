"""Browser journey on a 360 px phone (issue 17): pimpasa.koba passes a verified report on to the
Polsek, records the Polsek's answer as completed, and only then closes the report; the
reporter's status page says it was passed on, without the agency or the note."""

import pytest
from playwright.sync_api import expect

from desabinaan.accounts.scope import public_actor
from desabinaan.regions.models import Region
from desabinaan.reports import services
from desabinaan.reports.models import Agency, Report

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "private"


def test_officer_forwards_records_the_answer_then_closes(live_server, world, browser):
    report = services.report_submit(
        actor=public_actor(),
        category="wna_mencurigakan",
        region=Region.objects.get(code="19.04.01.2003"),
        description="Dua orang asing tinggal di gudang dekat dermaga tanpa melapor.",
    ).report
    koba = world["users"]["pimpasa.koba"]
    services.report_verify(report=report, actor=koba)
    services.report_follow_up(report=report, actor=koba)
    polsek = Agency.objects.create(kind="polri", name="Polsek Koba", region_id="19.04.01")

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = log_in(phone.new_page(), live_server.url, "pimpasa.koba")
    page.goto(f"{live_server.url}/lapor/masuk/{report.pk}/")
    page.locator(f'#forward-form input[value="{polsek.pk}"]').check()
    page.fill("#id_forward_note", "Mohon dicek ke gudang dekat dermaga.")
    page.get_by_role("button", name="Teruskan", exact=True).click()
    row = page.locator(".forwarding", has_text="Polsek Koba")
    expect(row.locator(".forwarding-status")).to_have_text("Dikirim")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the report page scrolls sideways on a 360 px phone ({width} px)"

    # Closing while the Polsek has not answered is refused with the reason.
    page.get_by_role("button", name="Selesaikan…").click()
    page.get_by_role("button", name="Ya: Selesaikan").click()
    expect(page.locator("body")).to_contain_text("belum tuntas")
    expect(page.locator("#report-status")).to_have_text("Ditindaklanjuti")

    row = page.locator(".forwarding", has_text="Polsek Koba")
    row.locator("summary").click()
    row.locator("select[name=status]").select_option("selesai")
    row.locator("textarea[name=answer]").fill("Sudah dicek: pekerja proyek, dokumen lengkap.")
    row.get_by_role("button", name="Simpan").click()
    expect(
        page.locator(".forwarding", has_text="Polsek Koba").locator(".forwarding-status")
    ).to_have_text("Selesai oleh instansi")

    page.get_by_role("button", name="Selesaikan…").click()
    page.get_by_role("button", name="Ya: Selesaikan").click()
    expect(page.locator("#report-status")).to_have_text("Selesai")
    assert Report.objects.get(pk=report.pk).status == "selesai"

    page.goto(f"{live_server.url}/lapor/status/{report.tracking_code}/")
    expect(page.locator("#public-events")).to_contain_text(
        "Laporan diteruskan ke instansi yang berwenang"
    )
    expect(page.locator("body")).not_to_contain_text("Polsek")
    expect(page.locator("body")).not_to_contain_text("gudang dekat dermaga.")
    phone.close()


def test_reporter_sees_the_forwarding_line_without_the_agency(live_server, world, browser):
    """The reporter, not signed in, on their own 360 px phone right after the officer forwards
    (the report still open): one line that it was passed on, no agency, note or officer."""
    report = services.report_submit(
        actor=public_actor(),
        category="tppo",
        region=Region.objects.get(code="19.04.01.2003"),
        description="Ada perekrutan kerja ke luar negeri tanpa kontrak di balai desa.",
    ).report
    koba = world["users"]["pimpasa.koba"]
    services.report_verify(report=report, actor=koba)
    Agency.objects.create(kind="p2mi", name="BP3MI Bangka Belitung", region_id="19")

    officer = browser.new_context(viewport={"width": 360, "height": 740})
    page = log_in(officer.new_page(), live_server.url, "pimpasa.koba")
    page.goto(f"{live_server.url}/lapor/masuk/{report.pk}/")
    page.locator("#forward-form label", has_text="BP3MI Bangka Belitung").click()
    page.fill("#id_forward_note", "Calon pekerja dikumpulkan di balai desa Sabtu ini.")
    page.get_by_role("button", name="Teruskan", exact=True).click()
    expect(page.locator(".forwarding", has_text="BP3MI Bangka Belitung")).to_be_visible()
    officer.close()

    reporter = browser.new_context(viewport={"width": 360, "height": 740})
    status = reporter.new_page()
    status.goto(f"{live_server.url}/lapor/status/{report.tracking_code}/")
    expect(status.locator("#public-events")).to_contain_text(
        "Laporan diteruskan ke instansi yang berwenang"
    )
    body = status.locator("body")
    for secret in ("BP3MI", "Bangka Belitung", "balai desa Sabtu", koba.username):
        expect(body).not_to_contain_text(secret)
    if koba.get_full_name():
        expect(body).not_to_contain_text(koba.get_full_name())
    width = status.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the status page scrolls sideways on a 360 px phone ({width} px)"
    reporter.close()


def test_map_draws_the_points_in_scope(live_server, world, browser):
    report = services.report_submit(
        actor=public_actor(),
        category="tppo",
        region=Region.objects.get(code="19.04.01.2003"),
        description="Ada perekrutan kerja ke luar negeri tanpa kontrak di desa.",
    ).report
    Report.objects.filter(pk=report.pk).update(latitude=-2.45, longitude=106.4)
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = log_in(phone.new_page(), live_server.url, "kanim.pangkalpinang")
    page.goto(f"{live_server.url}/lapor/peta/")
    expect(page.locator("#report-map")).to_have_attribute("data-points", "1")
    expect(page.locator("#map-count")).to_contain_text("1")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the map page scrolls sideways on a 360 px phone ({width} px)"
    phone.close()
