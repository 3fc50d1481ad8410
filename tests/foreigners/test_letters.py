"""The village's domicile letter (issue 15): validity at its edges, numbering, verification,
revocation, the pages and endpoints with bad input, and the printed PDF."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Invalid, NotAllowed, NotFoundInScope
from desabinaan.foreigners import letters
from desabinaan.foreigners.models import AccessLog, DomicileLetter, Letterhead, Stay
from desabinaan.foreigners.text import add_months
from desabinaan.regions.models import Region

from .conftest import MANDURIAN, PADANG_MULIA, TODAY

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), JAKARTA), tick=False)


@pytest.fixture(autouse=True)
def on_today():
    with at(TODAY):
        yield


HEAD = {
    "government": "PEMERINTAH KABUPATEN TAPIN, KECAMATAN TAPIN TENGAH",
    "village_name": "DESA MANDURIAN",
    "address": "Jl. Desa Mandurian No. 1, Tapin Tengah",
    "head_title": "Kepala Desa",
    "head_name": "H. Ahmad Rasyidi",
    "classification": "474.4",
    "validity_months": 6,
}


def letterhead(code=MANDURIAN, **changes):
    return letters.letterhead_save(
        actor=system_actor("test"), region=Region.objects.get(code=code), data={**HEAD, **changes}
    )


@pytest.fixture
def mitra(world):
    return actor_for(world["users"]["mitra.mandurian"])


@pytest.fixture
def stay(register):
    letterhead()
    return register(permit_number="2C11AB0001", permit_expiry=dt.date(2026, 12, 31))


def issue(actor, stay, **kw):
    return letters.domicile_letter_issue(actor=actor, stay=stay, **kw)


# --- validity at its edges -------------------------------------------------------------------


def test_letter_ends_with_a_permit_ending_tomorrow(register, mitra):
    letterhead()
    stay = register(permit_number="P1", permit_expiry=TODAY + dt.timedelta(days=1))
    letter = issue(mitra, stay)
    assert letter.valid_until == TODAY + dt.timedelta(days=1)
    assert letters.letter_state(letter).valid
    with at(TODAY + dt.timedelta(days=2)):
        assert not letters.letter_state(letter).valid


def test_letter_for_a_permit_ending_today_is_valid_today_only(register, mitra):
    letterhead()
    letter = issue(mitra, register(permit_number="P1", permit_expiry=TODAY))
    assert letter.valid_until == TODAY


def test_permit_already_ended_is_refused(register, mitra):
    letterhead()
    stay = register(permit_number="P1", permit_expiry=TODAY - dt.timedelta(days=1))
    with pytest.raises(Invalid) as refused:
        issue(mitra, stay)
    assert refused.value.code == "permit_ended"
    assert "berakhir pada 1 Maret 2026" in refused.value.message
    assert not DomicileLetter.objects.exists()


def test_no_permit_number_is_refused_unless_read_off_the_permit(register, mitra):
    letterhead()
    stay = register(permit_number="")
    with pytest.raises(Invalid) as refused:
        issue(mitra, stay)
    assert (refused.value.code, refused.value.field) == ("no_permit", "permit_number")
    letter = issue(mitra, stay, permit_number=" 2c11zz0009 ")
    assert letter.permit_number == "2C11ZZ0009"


def test_a_permit_number_other_than_the_registered_one_is_refused(stay, mitra):
    with pytest.raises(Invalid) as refused:
        issue(mitra, stay, permit_number="OTHER123")
    assert refused.value.code == "permit_mismatch"


def test_overdue_stay_is_refused_after_the_grace_days(register, mitra, settings):
    letterhead()
    grace = settings.FOREIGNERS_DEPARTURE_GRACE_DAYS
    on_edge = register(permit_number="P1", expected_departure=TODAY - dt.timedelta(days=grace))
    issue(mitra, on_edge)
    overdue = register(permit_number="P2", expected_departure=TODAY - dt.timedelta(days=grace + 1))
    with pytest.raises(Invalid) as refused:
        issue(mitra, overdue)
    assert refused.value.code == "overdue"


def test_departed_stay_is_refused(stay, mitra):
    Stay.objects.filter(pk=stay.pk).update(departed_on=TODAY, departure_kind="keluar")
    stay.refresh_from_db()
    with pytest.raises(Invalid) as refused:
        issue(mitra, stay)
    assert refused.value.code == "stay_ended"


def test_validity_is_capped_at_the_villages_months(register, mitra):
    letterhead(validity_months=6)
    stay = register(permit_number="P1", permit_expiry=dt.date(2028, 1, 1))
    assert issue(mitra, stay).valid_until == add_months(TODAY, 6) == dt.date(2026, 9, 2)


def test_the_cap_and_the_permit_end_on_the_same_day(register, mitra):
    letterhead(validity_months=6)
    stay = register(permit_number="P1", permit_expiry=dt.date(2026, 9, 2))
    assert issue(mitra, stay).valid_until == dt.date(2026, 9, 2)


def test_the_month_cap_defaults_to_the_setting(settings):
    settings.FOREIGNERS_LETTER_MONTHS = 3
    assert Letterhead().validity_months == 3


def test_a_village_without_letterhead_is_told_to_fill_it(register, mitra):
    stay = register(permit_number="P1")
    with pytest.raises(Invalid) as refused:
        issue(mitra, stay)
    assert refused.value.code == "no_letterhead"


def test_a_second_letter_waits_for_the_first_to_be_revoked(stay, mitra):
    first = issue(mitra, stay)
    with pytest.raises(Invalid) as refused:
        issue(mitra, stay)
    assert refused.value.code == "letter_exists"
    letters.domicile_letter_revoke(actor=mitra, letter=first, reason="Izin diperpanjang")
    assert issue(mitra, stay).sequence == 2


def test_a_letter_ends_when_the_stay_ends(stay, mitra):
    letter = issue(mitra, stay)
    Stay.objects.filter(pk=stay.pk).update(departed_on=TODAY)
    letter.refresh_from_db()
    assert not letters.letter_state(letter).valid


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["kanim.banjarmasin", "kanwil.kalsel", "pusat"])
def test_only_partner_and_pimpasa_issue(stay, world, user):
    with pytest.raises(NotAllowed):
        issue(actor_for(world["users"][user]), stay)


def test_pimpasa_of_the_desa_issues(stay, world):
    assert issue(actor_for(world["users"]["pimpasa.mandurian"]), stay).number


def test_other_area_does_not_see_the_stay(stay, world):
    with pytest.raises(NotFoundInScope):
        issue(actor_for(world["users"]["pimpasa.koba"]), stay)


# --- numbering -------------------------------------------------------------------------------


def test_numbers_run_per_desa_and_year(register, mitra, world):
    letterhead()
    letterhead(PADANG_MULIA, village_name="KELURAHAN PADANG MULIA", classification="470")
    first = issue(mitra, register(permit_number="P1"))
    second = issue(mitra, register(permit_number="P2"))
    koba = issue(
        actor_for(world["users"]["pimpasa.koba"]),
        register(user="pimpasa.koba", region=PADANG_MULIA, permit_number="P3"),
    )
    assert (first.number, second.number) == ("474.4/001/SKD-WNA/2026", "474.4/002/SKD-WNA/2026")
    assert koba.number == "470/001/SKD-WNA/2026"
    with at(dt.date(2027, 1, 4)):
        nxt = issue(mitra, register(permit_number="P5", permit_expiry=dt.date(2027, 6, 1)))
    assert nxt.number == "474.4/001/SKD-WNA/2027" and nxt.year == 2027


def test_token_is_long_random_and_stored_for_lookup_by_hash(stay, mitra):
    letter = issue(mitra, stay)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", letter.token)  # 24 bytes: 192 bits
    assert letter.token_hash == letters.token_digest(letter.token) != letter.token
    other = issue(mitra, Stay.objects.create(**_copy(stay)))
    assert other.token != letter.token


def _copy(stay):
    fields = [f.attname for f in Stay._meta.concrete_fields if f.attname != "id"]
    return {name: getattr(stay, name) for name in fields}


# --- verification ----------------------------------------------------------------------------


def _verify(client, token):
    return client.get(reverse("letter_verify", args=[token]))


def test_verification_of_a_valid_letter(client, stay, mitra):
    letter = issue(mitra, stay)
    page = _verify(client, letter.token)
    html = page.content.decode()
    assert page.status_code == 200
    assert "sah, berlaku sampai 2 September 2026" in html
    assert letter.number in html and "DESA MANDURIAN" in html
    assert page["Cache-Control"].startswith("max-age=0")


def test_verification_after_the_end_says_no_longer_valid(client, stay, mitra):
    letter = issue(mitra, stay)
    with at(letter.valid_until + dt.timedelta(days=1)):
        html = _verify(client, letter.token).content.decode()
    assert "sudah tidak berlaku" in html and letter.number in html
    assert "berlaku sampai" not in html


def test_verification_of_a_revoked_letter(client, stay, mitra):
    letter = issue(mitra, stay)
    letters.domicile_letter_revoke(actor=mitra, letter=letter, reason="Surat hilang")
    html = _verify(client, letter.token).content.decode()
    assert "sudah tidak berlaku" in html and "Surat hilang" not in html


@pytest.mark.parametrize(
    "token",
    ["A" * 32, "abc", "A" * 33, "A" * 31 + "!", "A" * 31 + "%C3%A9", "x" * 300],
)
def test_unknown_or_malformed_tokens_are_unknown(client, stay, mitra, token):
    issue(mitra, stay)
    page = client.get(f"/verifikasi/{token}/")
    assert page.status_code == 404
    assert "tidak dikenal" in page.content.decode()


def test_a_malformed_token_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not letters.verification_for("../../etc").known


def test_verification_page_holds_no_personal_data(client, register, mitra):
    letterhead()
    stay = register(
        permit_number="2C11PD7777", host_name="Keluarga Rahmadi", address="Jl. Rahasia RT 09"
    )
    letter = issue(mitra, stay)
    html = _verify(client, letter.token).content.decode()
    f = stay.foreigner
    passport = f.passports.get().number
    for secret in (
        f.given_names,
        f.family_name,
        passport,
        passport[-4:],
        "2C11PD7777",
        "Keluarga Rahmadi",
        "Rahasia",
        "1985",
        HEAD["head_name"],
        f"#{stay.pk}",
    ):
        assert secret not in html, secret


# --- revocation ------------------------------------------------------------------------------


def test_revocation_is_audited_without_personal_data(stay, mitra):
    letter = issue(mitra, stay)
    letters.domicile_letter_revoke(actor=mitra, letter=letter, reason="Izin tinggal dibatalkan")
    event = AuditEvent.objects.get(action="letter.revoke")
    assert event.actor == mitra.user and event.region_id == MANDURIAN
    assert event.target == f"foreigners.domicileletter:{letter.pk}"
    assert event.changes == {"revoked_reason": ["", "Izin tinggal dibatalkan"]}
    assert stay.foreigner.family_name not in event.summary
    letter.refresh_from_db()
    assert letter.revoked_by == mitra.user and letter.revoked_reason == "Izin tinggal dibatalkan"


@pytest.mark.parametrize(
    ("reason", "code"), [("", "reason"), ("   ab  ", "reason"), ("x" * 256, "too_long")]
)
def test_revocation_needs_a_reason(stay, mitra, reason, code):
    letter = issue(mitra, stay)
    with pytest.raises(Invalid) as refused:
        letters.domicile_letter_revoke(actor=mitra, letter=letter, reason=reason)
    assert refused.value.code == code
    letter.refresh_from_db()
    assert not letter.revoked_at


def test_revoking_twice_is_refused(stay, mitra):
    letter = issue(mitra, stay)
    letters.domicile_letter_revoke(actor=mitra, letter=letter, reason="Surat hilang")
    with pytest.raises(Invalid) as refused:
        letters.domicile_letter_revoke(actor=mitra, letter=letter, reason="Sekali lagi")
    assert refused.value.code == "already_revoked"


def test_kanim_revokes_kanwil_does_not(stay, mitra, world):
    letter = issue(mitra, stay)
    with pytest.raises(NotAllowed):
        letters.domicile_letter_revoke(
            actor=actor_for(world["users"]["kanwil.kalsel"]), letter=letter, reason="Coba cabut"
        )
    with pytest.raises(NotFoundInScope):
        letters.domicile_letter_revoke(
            actor=actor_for(world["users"]["kanim.pangkalpinang"]),
            letter=letter,
            reason="Coba cabut",
        )
    letters.domicile_letter_revoke(
        actor=actor_for(world["users"]["kanim.banjarmasin"]), letter=letter, reason="Izin batal"
    )


# --- letterhead ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("village_name", "   ", "required"),
        ("head_name", "", "required"),
        ("address", "x" * 256, "too_long"),
        ("classification", "470/1", "classification"),
        ("validity_months", 0, "months"),
        ("validity_months", 61, "months"),
        ("validity_months", "12", "months"),
    ],
)
def test_letterhead_bad_values_are_refused(regions, field, value, code):
    with pytest.raises(Invalid) as refused:
        letterhead(**{field: value})
    assert (refused.value.field, refused.value.code) == (field, code)
    assert not Letterhead.objects.exists()


def test_letterhead_only_for_a_desa_of_the_area(world):
    koba = actor_for(world["users"]["pimpasa.koba"])
    with pytest.raises(NotFoundInScope):
        letters.letterhead_save(actor=koba, region=Region.objects.get(code=MANDURIAN), data=HEAD)
    with pytest.raises(Invalid):
        letters.letterhead_save(actor=koba, region=Region.objects.get(code="19.04.01"), data=HEAD)
    with pytest.raises(NotAllowed):
        letters.letterhead_save(
            actor=actor_for(world["users"]["kanwil.kalsel"]),
            region=Region.objects.get(code=MANDURIAN),
            data=HEAD,
        )


def test_a_letter_keeps_the_letterhead_it_was_printed_with(stay, mitra):
    letter = issue(mitra, stay)
    letterhead(head_name="Hj. Siti Baru")
    letter.refresh_from_db()
    assert letter.head_name == HEAD["head_name"]


# --- pages -----------------------------------------------------------------------------------


def test_stay_page_lists_letters_and_issues_one(client, stay, world):
    client.force_login(world["users"]["mitra.mandurian"])
    url = reverse("foreigners:letters", args=[stay.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Terbitkan surat" in page.content.decode()
    done = client.post(url, {})
    assert done.status_code == 302
    letter = DomicileLetter.objects.get()
    html = client.get(url).content.decode()
    assert letter.number in html and "Berlaku" in html
    assert reverse("foreigners:letter_revoke", args=[letter.pk]) in html
    assert 'id="issue-form"' not in html and "masih berlaku" in html
    refused = client.post(url, {})
    assert refused.status_code == 400 and "Cabut dulu" in refused.content.decode()
    assert DomicileLetter.objects.count() == 1


def test_detail_page_links_the_stay_letters(client, stay, world):
    client.force_login(world["users"]["mitra.mandurian"])
    html = client.get(reverse("foreigners:detail", args=[stay.foreigner_id])).content.decode()
    assert reverse("foreigners:letters", args=[stay.pk]) in html


def test_stay_page_shows_why_no_letter_can_be_issued(client, register, world):
    letterhead()
    stay = register(permit_number="P1", permit_expiry=TODAY - dt.timedelta(days=3))
    client.force_login(world["users"]["mitra.mandurian"])
    url = reverse("foreigners:letters", args=[stay.pk])
    html = client.get(url).content.decode()
    assert "overstay" in html and 'id="issue-form"' not in html
    refused = client.post(url, {})
    assert refused.status_code == 400 and "overstay" in refused.content.decode()
    assert not DomicileLetter.objects.exists()


def test_issue_form_bad_input(client, register, world):
    letterhead()
    stay = register(permit_number="")
    client.force_login(world["users"]["mitra.mandurian"])
    url = reverse("foreigners:letters", args=[stay.pk])
    for bad in ({}, {"permit_number": "x" * 41}, {"permit_number": "   "}):
        page = client.post(url, bad)
        assert page.status_code == 400, bad
        assert 'role="alert"' in page.content.decode()
    assert not DomicileLetter.objects.exists()


def test_kanim_sees_the_letters_but_gets_no_issue_button(client, stay, world, mitra):
    issue(mitra, stay)
    client.force_login(world["users"]["kanim.banjarmasin"])
    url = reverse("foreigners:letters", args=[stay.pk])
    html = client.get(url).content.decode()
    assert "Terbitkan surat" not in html and "Cabut" in html
    assert client.post(url, {}).status_code == 403


def test_revoke_page_bad_input_and_success(client, stay, world, mitra):
    letter = issue(mitra, stay)
    client.force_login(world["users"]["mitra.mandurian"])
    url = reverse("foreigners:letter_revoke", args=[letter.pk])
    assert client.get(url).status_code == 200
    for bad in ({}, {"reason": "abc"}, {"reason": "x" * 256}):
        assert client.post(url, bad).status_code == 400, bad
    letter.refresh_from_db()
    assert not letter.revoked_at
    assert client.post(url, {"reason": "Surat hilang"}).status_code == 302
    letter.refresh_from_db()
    assert letter.revoked_reason == "Surat hilang"


def test_letterhead_page_prefills_and_saves(client, world):
    client.force_login(world["users"]["mitra.mandurian"])
    url = reverse("foreigners:letterhead_edit", args=[MANDURIAN])
    html = client.get(url).content.decode()
    assert "KECAMATAN TAPIN TENGAH" in html and "DESA MANDURIAN" in html
    bad = client.post(url, {**HEAD, "validity_months": "nol", "head_name": ""})
    assert bad.status_code == 400 and not Letterhead.objects.exists()
    bad = client.post(url, {**HEAD, "classification": "470/2"})
    assert bad.status_code == 400 and "titik" in bad.content.decode()
    assert client.post(url, HEAD).status_code == 302
    assert Letterhead.objects.get().head_name == HEAD["head_name"]


def test_letterhead_page_for_a_larger_area_or_another_area_is_404(client, world):
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get(reverse("foreigners:letterhead_edit", args=["63.05.03"])).status_code == 404
    assert client.get(reverse("foreigners:letterhead_edit", args=[PADANG_MULIA])).status_code == 404
    client.force_login(world["users"]["kanwil.kalsel"])
    assert client.get(reverse("foreigners:letterhead_edit", args=[MANDURIAN])).status_code == 403


# --- the PDF ---------------------------------------------------------------------------------


def test_pdf_text_qr_and_access_log(client, stay, world, mitra, tmp_path):
    import zxingcpp
    from PIL import Image

    letter = issue(mitra, stay)
    client.force_login(world["users"]["mitra.mandurian"])
    response = client.get(reverse("foreigners:letter_pdf", args=[letter.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info) and "595.276 x 841.89" in info  # one A4 page
    for expected in (
        "SURAT KETERANGAN DOMISILI",
        f"Nomor: {letter.number}",
        "PEMERINTAH KABUPATEN TAPIN, KECAMATAN TAPIN TENGAH",
        "DESA MANDURIAN",
        stay.foreigner.full_name.upper(),
        stay.foreigner.passports.get().number,
        "2C11AB0001",
        "2 September 2026",
        HEAD["head_name"],
        "Australia",
    ):
        assert expected in text, expected
    verify_url = f"http://testserver/verifikasi/{letter.token}/"
    assert verify_url in text.replace("\n", "").replace(" ", "")
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(SHOTS / "letter")],
        check=True,
    )
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(SHOTS / "letter.png"))]
    assert decoded == [verify_url]
    log = AccessLog.objects.get()
    assert (log.kind, log.user, log.foreigner_id) == ("letter", mitra.user, stay.foreigner_id)
    assert letter.number in log.reason


def test_pdf_out_of_area_is_404_and_for_no_role_403(client, stay, world, mitra):
    letter = issue(mitra, stay)
    url = reverse("foreigners:letter_pdf", args=[letter.pk])
    client.force_login(world["users"]["pimpasa.koba"])
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["norole"])
    assert client.get(url).status_code == 404
    assert not AccessLog.objects.exists()


# --- API -------------------------------------------------------------------------------------


def test_api_lists_and_issues_letters(api, stay):
    mitra = api("mitra.mandurian")
    assert mitra.get(f"/stays/{stay.pk}/letters").json() == []
    made = mitra.post(f"/stays/{stay.pk}/letters", {})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["number"] == "474.4/001/SKD-WNA/2026" and body["valid"] is True
    assert body["valid_until"] == "2026-09-02"
    assert body["verify_url"].startswith("http://testserver/verifikasi/")
    listed = mitra.get(f"/stays/{stay.pk}/letters").json()
    assert [x["id"] for x in listed] == [body["id"]]
    again = mitra.post(f"/stays/{stay.pk}/letters", {})
    assert again.status_code == 422 and again.json()["code"] == "letter_exists"
    revoked = mitra.post(f"/letters/{body['id']}/revoke", {"reason": "Izin diperpanjang"})
    assert revoked.status_code == 200 and revoked.json()["revoked"] is True


@pytest.mark.parametrize(
    "body",
    [[], "x", {"permit_number": "x" * 41}, {"permit_number": 5}, {"nomor": "1"}],
)
def test_api_issue_bad_input(api, stay, body):
    answer = api("mitra.mandurian").post(f"/stays/{stay.pk}/letters", body)
    assert answer.status_code in (400, 422), answer.content
    assert not DomicileLetter.objects.exists()


def test_api_issue_refusals(api, register, stay):
    ended = register(permit_number="P1", permit_expiry=TODAY - dt.timedelta(days=1))
    answer = api("mitra.mandurian").post(f"/stays/{ended.pk}/letters", {})
    assert answer.status_code == 422 and answer.json()["code"] == "permit_ended"
    assert api("kanim.banjarmasin").post(f"/stays/{stay.pk}/letters", {}).status_code == 403
    assert api("pimpasa.koba").post(f"/stays/{stay.pk}/letters", {}).status_code == 404
    assert api("pimpasa.koba").get(f"/stays/{stay.pk}/letters").status_code == 404


@pytest.mark.parametrize("body", [{}, {"reason": "abc"}, {"reason": 3}, {"reason": "x" * 256}])
def test_api_revoke_bad_input(api, stay, mitra, body):
    letter = issue(mitra, stay)
    answer = api("mitra.mandurian").post(f"/letters/{letter.pk}/revoke", body)
    assert answer.status_code == 422, answer.content
    letter.refresh_from_db()
    assert not letter.revoked_at


# --- query counts ----------------------------------------------------------------------------


def _replace(mitra, stay, times):
    for _ in range(times):
        letter = issue(mitra, stay)
        letters.domicile_letter_revoke(actor=mitra, letter=letter, reason="Ganti surat")


def test_stay_letters_page_queries_do_not_grow(client, stay, world, mitra):
    from tests.querycount import assert_bounded

    _replace(mitra, stay, 1)
    client.force_login(world["users"]["mitra.mandurian"])
    url = reverse("foreigners:letters", args=[stay.pk])
    assert_bounded("stay letters page", lambda: client.get(url), lambda: _replace(mitra, stay, 8))


def test_stay_letters_endpoint_queries_do_not_grow(api, stay, mitra):
    from tests.querycount import assert_bounded

    _replace(mitra, stay, 1)
    client = api("mitra.mandurian")
    assert_bounded(
        "GET /stays/{id}/letters",
        lambda: client.get(f"/stays/{stay.pk}/letters"),
        lambda: _replace(mitra, stay, 8),
    )
