"""Browser journey in Debian Chromium on a 360 px phone (issue 14): a resident takes a quiz and
reads the explanations, checks a suspicious job offer and sees its findings, sends it as a report
and gets a tracking code. Licensed-agency lookup on the way."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from desabinaan.reports.models import Report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
OFFER = (
    "LOWONGAN ADMIN 🔥 Lokasi Kamboja, gaji 15jt/bln, tanpa pengalaman! Paspor dipegang agen "
    "biar aman. Berangkat minggu ini. Minat hub wa.me/6281234567001"
)


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_resident_takes_a_quiz_checks_an_offer_and_reports_it(live_server, world, browser):
    call_command("load_quizzes", verbosity=0)
    call_command("load_red_flags", verbosity=0)
    call_command("import_agencies", "desabinaan/literacy/data/p3mi-CONTOH-sample.csv", verbosity=0)
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    resident = phone.new_page()

    # A quiz, answered without any script needed.
    resident.goto(f"{live_server.url}/literasi/kuis/")
    resident.get_by_role("link", name="Kenali TPPO dan TPPM").click()
    expect(resident.locator("h1")).to_have_text("Kenali TPPO dan TPPM")
    questions = resident.locator("fieldset.quiz-question")
    for i in range(questions.count()):
        questions.nth(i).locator('input[type="radio"]').nth(1).check()
    shot(resident, "literasi-kuis-phone")
    resident.get_by_role("button", name="Periksa jawaban saya").click()
    expect(resident.locator(".quiz-score")).to_contain_text("Nilai Anda:")
    expect(resident.locator(".quiz-explanation").first).to_be_visible()
    shot(resident, "literasi-kuis-hasil-phone")

    # Is the agency licensed?
    resident.goto(f"{live_server.url}/literasi/p3mi/")
    resident.fill("#id_nama", "PT Bayangan Makmur")
    resident.get_by_role("button", name="Cek").click()
    expect(resident.locator(".agency-answer")).to_contain_text("Tidak ditemukan")

    # The checker: findings quote the offer's own words.
    resident.goto(f"{live_server.url}/literasi/cek-lowongan/")
    resident.fill("#id_text", OFFER)
    resident.fill("#id_agency_name", "PT Bayangan Makmur")
    resident.get_by_role("button", name="Cek lowongan").click()
    expect(resident.locator(".risk")).to_have_text("tinggi")
    findings = resident.locator(".finding")
    expect(findings.first).to_be_visible()
    assert findings.count() >= 4
    expect(resident.locator('.finding[data-code="lokasi-penipuan-online"]')).to_contain_text(
        "Kamboja"
    )
    expect(resident.locator("body")).to_contain_text("Cara menentukan risiko")
    shot(resident, "literasi-cek-lowongan-phone")

    # …and send it as a report.
    form = resident.locator("#offer-report-form")
    expect(form.get_by_label("Perdagangan orang atau perekrutan ilegal (TPPO)")).to_be_checked()
    resident.fill("#id_desa__q", "nibung")
    choice = resident.locator('#id_desa-candidates input[value="19.04.01.2003"]')
    expect(choice).to_have_count(1)
    choice.check()
    shot(resident, "literasi-kirim-laporan-phone")
    resident.get_by_role("button", name="Kirim sebagai laporan").click()
    expect(resident.locator("h1")).to_have_text("Terima kasih, laporan Anda sudah diterima")
    code = resident.locator(".tracking-code").get_attribute("data-code")
    report = Report.objects.get(tracking_code=code)
    assert report.category == "tppo" and report.description == OFFER
    shot(resident, "literasi-laporan-terkirim-phone")
    phone.close()
