"""Browser journeys of outreach activities (issue 16). On a 360 px phone, a Kanim officer plans
a sosialisasi in Mandurian, marks it held and records its attendance; the village page then
links its public page. Then the issue's journey: a PIMPASA plans a sosialisasi in Mandurian with
the passport quiz, two phones (two browser contexts at 360 px) sign in and take the before quiz
through the QR link, the session is marked held, they take the after quiz, a question is
promoted to the FAQ, and the activity page shows the score change."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from desabinaan.literacy.models import Faq, Quiz
from desabinaan.outreach.models import Activity, Attendance
from desabinaan.outreach.participation_models import ActivityQuizTake, ActivitySignIn

from .auth import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
PHONE = {"width": 360, "height": 740}


def test_officer_plans_marks_held_and_records_attendance(live_server, world, browser):
    phone = browser.new_context(viewport=PHONE)
    page = log_in(phone.new_page(), live_server.url, "kanim.banjarmasin")
    page.goto(f"{live_server.url}/kegiatan/")
    page.get_by_role("link", name="Rencanakan kegiatan").click()
    # It began an hour ago: planned late, it can be marked held at once.
    start = timezone.localtime() - dt.timedelta(hours=1)
    page.select_option("#id_kind", "sosialisasi")
    page.fill("#id_title", "Sosialisasi paspor di Mandurian")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_kecamatan__q", "tapin tengah")
    expect(page.locator('#id_kecamatan-candidates input[value="63.05.03"]')).to_be_checked()
    page.fill("#id_desa__q", "mandurian")
    expect(page.locator('#id_desa-candidates input[value="63.05.03.2003"]')).to_be_checked()
    page.fill("#id_venue", "Balai Desa")
    page.get_by_label("Kepala desa").check()
    page.get_by_label("Passports").or_(page.get_by_label("Paspor", exact=True)).first.check()
    page.fill("#id_public_summary", "Warga belajar membuat paspor sendiri.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#activity-status")).to_have_text("Direncanakan")

    page.get_by_role("button", name="Tandai terlaksana").click()
    expect(page.locator("#activity-status")).to_have_text("Terlaksana")
    # A count that does not add up is refused with its reason, then corrected.
    for field, value in {
        "total": "20",
        "male": "9",
        "female": "10",
        "under_18": "2",
        "age_18_30": "6",
        "age_31_59": "9",
        "age_60_plus": "3",
    }.items():
        page.fill(f"#id_{field}", value)
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.locator("#attendance-form .invalid-feedback").first).to_contain_text(
        "harus berjumlah 20"
    )
    assert not Attendance.objects.exists()
    page.fill("#id_female", "11")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.locator("#attendance-summary")).to_contain_text("20 peserta")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "activity-held-phone.png", full_page=True)

    page.goto(f"{live_server.url}/kegiatan/kalender/")
    expect(page.locator("#calendar")).to_contain_text("Sosialisasi paspor")
    activity = Activity.objects.get()
    page.goto(f"{live_server.url}/desa/63.05.03.2003/")
    page.locator("#kegiatan").get_by_role("link", name="Sosialisasi paspor di Mandurian").click()
    expect(page.locator("h1")).to_have_text(activity.title)
    phone.close()


LAPTOP = {"width": 1024, "height": 900}
QUIZ = "paspor-dan-visa"


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _answer(page, quiz: Quiz, *, right: int) -> None:
    """Tick the right choice of the first `right` questions and a wrong one for the rest."""
    for i, question in enumerate(quiz.questions.order_by("order")):
        choices = list(question.choices.order_by("order"))
        pick = next(c for c in choices if c.is_correct == (i < right))
        page.check(f"input[name='q{question.pk}'][value='{pick.pk}']")


def _phone_takes_quiz(page, quiz: Quiz, *, label: str, right: int) -> None:
    page.get_by_role("link", name=label).click()
    expect(page.locator("h1")).to_contain_text(label)
    _answer(page, quiz, right=right)
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator("#quiz-score")).to_contain_text(f"Skor Anda: {right} dari 8")
    page.get_by_role("link", name="Kembali ke halaman kegiatan").click()


def test_pimpasa_runs_a_sosialisasi_with_before_and_after_quiz_and_promotes_a_question(
    live_server, world, browser
):
    # Transactional tests flush the tables: load the shipped quizzes again (idempotent).
    call_command("load_quizzes", verbosity=0)
    quiz = Quiz.objects.get(slug=QUIZ)
    SHOTS.mkdir(parents=True, exist_ok=True)

    # The PIMPASA plans the session on the laptop at the balai desa; it began an hour ago.
    desk_context = browser.new_context(viewport=LAPTOP)
    desk = log_in(desk_context.new_page(), live_server.url, "pimpasa.mandurian")
    desk.goto(f"{live_server.url}/kegiatan/baru/")
    desk.select_option("#id_kind", "sosialisasi")
    desk.fill("#id_title", "Sosialisasi paspor dan kerja aman ke luar negeri")
    start = timezone.now() - dt.timedelta(hours=1)
    desk.fill("#id_starts_at", _local(start))
    desk.fill("#id_ends_at", _local(start + dt.timedelta(hours=3)))
    desk.fill("#id_kecamatan__q", "Tapin Tengah")
    desk.fill("#id_desa__q", "Mandurian")
    desk.fill("#id_venue", "Balai Desa Mandurian")
    desk.locator("input[name='topics'][value='paspor']").check()
    desk.select_option("#id_quiz", label=quiz.title)
    desk.locator("#activity-form").get_by_role("button", name="Simpan").click()
    expect(desk.locator("h1")).to_have_text("Sosialisasi paspor dan kerja aman ke luar negeri")
    activity = Activity.objects.get()
    assert activity.region_id == "63.05.03.2003" and activity.quiz == quiz
    expect(desk.locator("#sign-in-qr svg")).to_be_visible()
    link = desk.locator("#sign-in-link").get_attribute("href")
    assert link.endswith(f"/kegiatan/ikut/{activity.sign_in_token}/")
    desk.screenshot(path=SHOTS / "outreach-activity-qr.png", full_page=True)

    # Two phones open the QR link, sign in and take the before quiz.
    phones = []
    for sex, age, right in (("Perempuan", "18–30 tahun", 2), ("Laki-laki", "31–59 tahun", 4)):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(link)
        expect(page.locator("h1")).to_have_text(activity.title)
        page.get_by_label(sex, exact=True).check()
        page.get_by_label(age, exact=True).check()
        page.select_option("#id_village", label="Mandurian")
        page.get_by_role("button", name="Kirim daftar hadir").click()
        expect(page.locator("#signed-in")).to_contain_text("Kehadiran Anda sudah tercatat")
        _phone_takes_quiz(page, quiz, label="Kuis sebelum", right=right)
        expect(page.locator("#quiz-done")).to_contain_text("Kuis sebelum sudah Anda kerjakan")
        phones.append((context, page))
    phones[0][1].screenshot(path=SHOTS / "outreach-phone-before.png", full_page=True)
    assert ActivitySignIn.objects.count() == 2
    assert ActivityQuizTake.objects.filter(phase="sebelum").count() == 2

    # The session is over: the PIMPASA marks it held.
    desk.reload()
    desk.locator("#hold-form").get_by_role("button", name="Tandai terlaksana").click()
    expect(desk.locator("#activity-status")).to_have_text("Terlaksana")

    # The same phones take the after quiz through the same link.
    for (context, page), right in zip(phones, (6, 8), strict=True):
        page.goto(link)
        _phone_takes_quiz(page, quiz, label="Kuis sesudah", right=right)
        context.close()

    # A resident's question and the answer given go into the FAQ with one click.
    desk.reload()
    desk.fill("#id_question", "Apakah anak umur 10 tahun perlu paspor sendiri?")
    desk.fill("#id_answer", "Ya. Setiap anak punya paspor sendiri; bawa akta kelahiran dan KK.")
    desk.get_by_role("button", name="Simpan tanya jawab").click()
    expect(desk.locator("#questions")).to_contain_text("anak umur 10 tahun")
    desk.locator("#questions").get_by_role("button", name="Jadikan FAQ").click()
    expect(desk.locator("#questions")).to_contain_text("Sudah menjadi FAQ")
    faq = Faq.objects.get()
    assert faq.source_kind == "sosialisasi" and faq.source_ref == f"outreach.activity:{activity.pk}"

    # 8 questions: before 2 and 4 right (25%, 50%), after 6 and 8 (75%, 100%).
    expect(desk.locator("#mean-before")).to_have_text("37,5%")
    expect(desk.locator("#mean-after")).to_have_text("87,5%")
    expect(desk.locator("#score-change")).to_contain_text("+50,0")
    expect(desk.locator("#paired-count")).to_have_text("2")
    expect(desk.locator("#sign-in-total")).to_have_text("2")
    desk.locator("#peserta").screenshot(path=SHOTS / "outreach-activity-scores.png")
    desk_context.close()
