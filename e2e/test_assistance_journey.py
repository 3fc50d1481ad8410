"""Browser journeys of the services pillar (issue 15) on a 360 px phone (Debian Chromium):
a resident of Mandurian asks the PIMPASA and reads the answer by code; a resident signs up for
a passport service day and sees the queue number and the document checklist."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from desabinaan.accounts.scope import actor_for
from desabinaan.assistance import services
from desabinaan.assistance.models import Question, SignUp
from desabinaan.programme import services as programme
from desabinaan.regions.models import Region
from tests.factories import SYSTEM

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
MANDURIAN = "63.05.03.2003"
PHONE = {"width": 360, "height": 740}


def test_resident_asks_the_pimpasa_and_reads_the_answer_by_code(live_server, world, browser):
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.goto(f"{live_server.url}/desa/{MANDURIAN}/")
    page.locator("#layanan").get_by_role("link", name="Tanya PIMPASA").click()
    expect(page.locator("h1")).to_have_text("Tanya PIMPASA")
    page.get_by_label("Paspor", exact=True).check()
    page.fill("#id_question", "Apa saja syarat membuat paspor untuk anak umur 10 tahun?")
    page.get_by_role("button", name="Kirim pertanyaan").click()
    code = page.locator("#question-code").inner_text().strip()
    assert len(code) == 11  # ABCDE-FGHJK
    expect(page.locator("#question-status")).to_contain_text("Menunggu jawaban")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "question-asked-phone.png", full_page=True)

    officer = browser.new_context(viewport=PHONE)
    desk = log_in(officer.new_page(), live_server.url, "pimpasa.mandurian")
    desk.goto(f"{live_server.url}/tanya/masuk/")
    desk.locator("#questions a").first.click()
    expect(desk.locator("#question-text")).to_contain_text("paspor untuk anak")
    desk.fill(
        "#id_answer",
        "Bawa Kartu Keluarga, akta kelahiran dan KTP kedua orang tua. "
        "Panduan: https://www.imigrasi.go.id/",
    )
    desk.get_by_label("Jawaban publik", exact=False).check()
    desk.get_by_role("button", name="Simpan jawaban").click()
    expect(desk.locator("[role=status]").first).to_contain_text("Jawaban tersimpan")
    desk.screenshot(path=SHOTS / "question-answer-officer.png", full_page=True)
    officer.close()

    page.goto(f"{live_server.url}/tanya/cek/")
    page.fill("#id_kode", code.lower())
    page.get_by_role("button", name="Cek").click()
    expect(page.locator("#answer")).to_contain_text("akta kelahiran")
    expect(page.locator("#answer a")).to_have_attribute("href", "https://www.imigrasi.go.id/")
    page.screenshot(path=SHOTS / "question-answered-phone.png", full_page=True)
    assert Question.objects.get().status == "dijawab"
    phone.close()


def test_resident_signs_up_for_a_service_day_and_sees_queue_number_and_checklist(
    live_server, world, browser
):
    desa = programme.desa_binaan_designate(
        region=Region.objects.get(code=MANDURIAN),
        office=world["offices"]["banjarmasin"],
        sk_number="SK-M",
        designated_on=dt.date(2024, 6, 14),
        actor=SYSTEM,
    )
    programme.corner_save(desa=desa, data={"address": "Kantor Desa Mandurian"}, actor=SYSTEM)
    kanim = actor_for(world["users"]["kanim.banjarmasin"])
    day = services.service_day_schedule(
        actor=kanim,
        office=world["offices"]["banjarmasin"],
        data=services.DayInput(
            region=desa.region,
            date=timezone.localdate() + dt.timedelta(days=9),
            start_time=dt.time(8, 0),
            end_time=dt.time(14, 0),
            place="Aula Kantor Desa",
            quota=20,
        ),
    )
    services.service_day_publish(actor=kanim, day=day)

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.goto(f"{live_server.url}/desa/{MANDURIAN}/")
    page.locator("#desa-service-days a").first.click()
    expect(page.locator("h1")).to_contain_text("Layanan paspor kolektif")
    page.fill("#id_name", "Siti Khadijah")
    page.fill("#id_phone", "0812 5100 0102")
    page.get_by_label("Penggantian paspor").check()
    page.get_by_label("Dewasa (17–59 tahun)").check()
    page.get_by_label("Perempuan").check()
    page.fill("#id_nik", "6305034107900002")
    page.get_by_role("button", name="Daftar", exact=True).click()
    expect(page.locator("#queue-number")).to_have_text("1")
    expect(page.locator("#checklist")).to_contain_text("Kartu Keluarga")
    expect(page.locator("#checklist")).to_contain_text("Paspor lama")
    expect(page.locator("#checklist")).not_to_contain_text("orang tua")
    page.screenshot(path=SHOTS / "service-day-signed-up-phone.png", full_page=True)
    signup = SignUp.objects.get()
    assert signup.phone == "+6281251000102" and signup.queue_number == 1
    phone.close()
