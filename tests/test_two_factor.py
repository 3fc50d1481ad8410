"""Two-step verification for officers (issue 13): required for every officer role, optional for
partners, recovery codes, admin reset, API tokens only after the second factor, and officer
session limits. settings_test switches enforcement off for the rest of the suite; here it is on."""

import datetime as dt
import re
import time
from base64 import b32encode
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

import desabinaan.settings as real_settings
from desabinaan.accounts import twofactor
from desabinaan.accounts.models import ApiToken, Role
from desabinaan.core.models import AuditEvent

from .factories import PASSWORD, UserFactory
from .twofactor import code_for, enrol, login_verified, two_factor_on  # noqa: F401

pytestmark = pytest.mark.usefixtures("two_factor_on")

OFFICERS = ["pimpasa.koba", "kanim.pangkalpinang", "kanwil.babel", "pusat", "admin"]
OFFICER_PAGE = "/wna/"


@pytest.fixture
def users(world):
    users = dict(world["users"])
    users["admin"] = UserFactory(username="admin", role=Role.ADMIN)
    users["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
    return users


def password_login(client, username):
    """The real login form (not force_login)."""
    return client.post("/akun/masuk/", {"username": username, "password": PASSWORD})


def test_real_settings_enforce_it():
    # settings_test turns enforcement off for force_login; production settings must not.
    assert real_settings.TWO_FACTOR_REQUIRED is True
    middleware = real_settings.MIDDLEWARE
    otp = middleware.index("django_otp.middleware.OTPMiddleware")
    assert middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") < otp
    assert otp < middleware.index("desabinaan.accounts.middleware.OfficerSessionMiddleware")
    assert real_settings.OFFICER_SESSION_MAX_AGE.total_seconds() == 8 * 3600
    assert real_settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True


@pytest.mark.parametrize("username", [*OFFICERS, "superuser"])
def test_officer_without_authenticator_is_sent_to_setup(users, client, username):
    client.force_login(users[username])
    response = client.get(OFFICER_PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/akun/dua-langkah/pasang/?next=%2Fwna%2F"


@pytest.mark.parametrize("username", OFFICERS)
def test_officer_with_authenticator_must_verify_before_any_officer_page(users, client, username):
    enrol(users[username])
    password_login(client, username)
    for page in (OFFICER_PAGE, "/akun/profil/", "/lapor/masuk/", "/program/kanim/", "/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/akun/dua-langkah/?next="), page
    # Session authentication of the API refuses the half-logged-in session as well.
    assert client.get("/api/v1/pimpasa").status_code == 401


def test_verified_officer_reaches_pages_and_api(users, client):
    login_verified(client, users["pimpasa.koba"])
    assert client.get(OFFICER_PAGE).status_code == 200
    assert client.get("/api/v1/pimpasa").status_code == 200


def test_partner_is_not_asked_unless_they_turned_it_on(users, client):
    partner = users["mitra.mandurian"]
    client.force_login(partner)
    assert client.get(OFFICER_PAGE).status_code == 200
    assert client.get("/program/desa-saya/").status_code == 200

    other = type(client)()
    enrol(partner)
    other.force_login(partner)
    response = other.get(OFFICER_PAGE)
    assert response["Location"] == "/akun/dua-langkah/?next=%2Fwna%2F"


def test_public_pages_stay_public(users, client):
    assert client.get("/").status_code == 200
    assert client.get("/lapor/").status_code == 200
    assert client.get("/akun/masuk/").status_code == 200


def test_half_logged_in_officer_can_switch_language_and_log_out(users, client):
    enrol(users["kanim.pangkalpinang"])
    password_login(client, "kanim.pangkalpinang")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/akun/dua-langkah/"})
    assert response.status_code == 302
    assert client.post("/akun/keluar/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_enrolment_through_the_login_form(users, client):
    response = password_login(client, "pimpasa.koba")
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith("/akun/dua-langkah/pasang/")
    page = response.content.decode()
    assert "<script>" not in page and "style=" not in page
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=users["pimpasa.koba"], confirmed=False)
    assert secret == b32encode(device.bin_key).decode()

    qr = client.get("/akun/dua-langkah/pasang/qr.svg")
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert "no-store" in qr["Cache-Control"]
    svg = ElementTree.fromstring(qr.content)
    assert svg.tag.endswith("svg")
    assert b"<script" not in qr.content
    # The same secret on reload: the person may scan more than once.
    assert client.get("/akun/dua-langkah/pasang/qr.svg").content == qr.content

    wrong = client.post("/akun/dua-langkah/pasang/", {"code": "000000", "next": "/wna/"})
    assert wrong.status_code == 400
    assert "Kode salah" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    throttled = client.post("/akun/dua-langkah/pasang/", {"code": code_for(device)})
    assert throttled.status_code == 429
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)

    done = client.post("/akun/dua-langkah/pasang/", {"code": code_for(device), "next": "/wna/"})
    assert done.status_code == 302
    assert done["Location"] == "/akun/dua-langkah/kode-cadangan/?next=%2Fwna%2F"
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", codes_page)
    assert len(codes) == 10 == StaticToken.objects.filter(device__user=device.user).count()
    download = client.get("/akun/dua-langkah/kode-cadangan.txt")
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.content.decode() for code in codes)
    after = client.post("/akun/dua-langkah/kode-cadangan/selesai/", {"next": "/wna/"})
    assert after["Location"] == "/wna/"
    # Shown once: the codes are gone from the session.
    assert client.get("/akun/dua-langkah/kode-cadangan.txt").status_code == 404
    assert client.get("/wna/").status_code == 200
    assert AuditEvent.objects.filter(action="account.two_factor_enrol").count() == 1


def test_password_only_session_cannot_replace_an_existing_authenticator(users, client):
    enrol(users["kanim.pangkalpinang"])
    password_login(client, "kanim.pangkalpinang")
    response = client.get("/akun/dua-langkah/pasang/")
    assert response["Location"].startswith("/akun/dua-langkah/?")
    assert client.get("/akun/dua-langkah/pasang/qr.svg").status_code == 404
    assert TOTPDevice.objects.count() == 1


def test_verify_wrong_code_is_refused_in_indonesian_then_right_code_passes(users, client):
    device = enrol(users["kanim.pangkalpinang"])
    password_login(client, "kanim.pangkalpinang")
    wrong = client.post("/akun/dua-langkah/", {"code": "123456", "next": "/wna/"})
    assert wrong.status_code == 400
    assert "Kode salah atau sudah kedaluwarsa" in wrong.content.decode()
    assert client.get("/wna/").status_code == 302
    # django-otp slows down guessing: right after a wrong code even the right one must wait.
    throttled = client.post("/akun/dua-langkah/", {"code": code_for(device), "next": "/wna/"})
    assert throttled.status_code == 429
    assert "Tunggu" in throttled.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    before = client.session.session_key
    ok = client.post("/akun/dua-langkah/", {"code": code_for(device), "next": "/wna/"})
    assert ok.status_code == 302 and ok["Location"] == "/wna/"
    assert client.session.session_key != before
    assert client.get("/wna/").status_code == 200


def test_empty_code_is_a_clear_400(users, client):
    enrol(users["pusat"])
    password_login(client, "pusat")
    response = client.post("/akun/dua-langkah/", {})
    assert response.status_code == 400
    assert "Ketik kodenya" in response.content.decode()


def test_a_recovery_code_works_once(users, client):
    officer = users["kanwil.babel"]
    enrol(officer)
    static = StaticDevice.objects.create(user=officer, name="cadangan")
    static.token_set.create(token="abcdefgh")
    password_login(client, "kanwil.babel")
    # Typed as shown on the sheet: with the dash, in capitals, with spaces.
    response = client.post("/akun/dua-langkah/", {"code": " ABCD-EFGH ", "next": "/wna/"})
    assert response.status_code == 302 and response["Location"] == "/wna/"
    assert client.get("/wna/").status_code == 200
    assert not StaticToken.objects.exists()

    again = type(client)()
    password_login(again, "kanwil.babel")
    refused = again.post("/akun/dua-langkah/", {"code": "abcd-efgh"})
    assert refused.status_code == 400
    assert again.get("/wna/").status_code == 302


def test_partner_turns_it_on_and_off(users, client):
    partner = users["mitra.mandurian"]
    client.force_login(partner)
    page = client.get("/akun/dua-langkah/pasang/")
    assert "Mulai sekarang setiap kali masuk" in page.content.decode()
    device = TOTPDevice.objects.get(user=partner)
    client.post("/akun/dua-langkah/pasang/", {"code": code_for(device)})
    assert TOTPDevice.objects.get(user=partner).confirmed
    assert client.get(OFFICER_PAGE).status_code == 200
    client.post("/akun/dua-langkah/matikan/")
    assert not TOTPDevice.objects.filter(user=partner).exists()
    assert client.get(OFFICER_PAGE).status_code == 200
    fresh = type(client)()
    fresh.force_login(partner)
    assert fresh.get(OFFICER_PAGE).status_code == 200


def test_officers_cannot_turn_it_off(users, client):
    login_verified(client, users["pimpasa.koba"])
    assert client.post("/akun/dua-langkah/matikan/").status_code == 404
    assert TOTPDevice.objects.filter(user=users["pimpasa.koba"]).exists()


def test_regenerated_recovery_codes_replace_the_old_ones(users, client):
    officer = users["pimpasa.koba"]
    login_verified(client, officer)
    response = client.post("/akun/dua-langkah/kode-cadangan/")
    first = set(StaticToken.objects.values_list("token", flat=True))
    assert response.status_code == 302 and len(first) == 10
    client.post("/akun/dua-langkah/kode-cadangan/")
    second = set(StaticToken.objects.values_list("token", flat=True))
    assert len(second) == 10 and not first & second
    assert client.get(OFFICER_PAGE).status_code == 200


# --- API tokens -------------------------------------------------------------------------------


def token_request(client, username, **extra):
    body = {"username": username, "password": PASSWORD, **extra}
    return client.post("/api/v1/auth/token", body, content_type="application/json")


@pytest.mark.parametrize("username", OFFICERS)
def test_token_for_an_officer_needs_the_otp_field(users, client, username):
    device = enrol(users[username])
    missing = token_request(client, username)
    assert missing.status_code == 401
    assert "kolom otp" in missing.json()["detail"]
    wrong = token_request(client, username, otp="000000")
    assert wrong.status_code == 401
    assert "Kode salah" in wrong.json()["detail"]
    assert not ApiToken.objects.exists()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    ok = token_request(client, username, otp=code_for(device))
    assert ok.status_code == 201
    assert set(ok.json()) == {"token", "expires_at"}


def test_token_for_an_officer_without_authenticator_says_to_set_one_up(users, client):
    response = token_request(client, "kanim.pangkalpinang")
    assert response.status_code == 401
    assert "verifikasi dua langkah" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_token_accepts_a_recovery_code_and_partners_need_none(users, client):
    officer = users["pusat"]
    enrol(officer)
    StaticDevice.objects.create(user=officer).token_set.create(token="zzzz2222")
    assert token_request(client, "pusat", otp="zzzz-2222").status_code == 201
    assert token_request(client, "pusat", otp="zzzz-2222").status_code == 401
    assert token_request(client, "mitra.mandurian").status_code == 201


def test_wrong_password_is_still_the_same_401_without_saying_more(users, client):
    enrol(users["pimpasa.koba"])
    response = token_request(client, "pimpasa.koba", password="salah", otp="123456")
    assert response.json() == {"detail": "Nama pengguna atau kata sandi salah."}


# --- Admin reset --------------------------------------------------------------------------------


def test_admin_reset_forces_re_enrolment_and_is_audited(users, client):
    officer = users["pimpasa.koba"]
    officer_client = type(client)()
    login_verified(officer_client, officer)
    StaticDevice.objects.create(user=officer).token_set.create(token="aaaabbbb")
    assert officer_client.get(OFFICER_PAGE).status_code == 200

    login_verified(client, users["admin"])
    response = client.post("/akun/dua-langkah/reset/", {"username": "pimpasa.koba"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action="account.two_factor_reset")
    assert event.actor == users["admin"]
    assert event.target == f"accounts.user:{officer.pk}"

    # The officer's open session ends (a stolen phone's session cannot enrol a new app) ...
    response = officer_client.get(OFFICER_PAGE)
    assert response["Location"].startswith("/akun/masuk/")
    assert "_auth_user_id" not in officer_client.session
    # ... and the next login sets up a new authenticator.
    password_login(officer_client, "pimpasa.koba")
    assert officer_client.get(OFFICER_PAGE)["Location"].startswith("/akun/dua-langkah/pasang/")


def test_reset_of_an_unknown_user_is_a_clear_400(users, client):
    login_verified(client, users["admin"])
    response = client.post("/akun/dua-langkah/reset/", {"username": "tidak.ada"})
    assert response.status_code == 400
    assert "Tidak ada akun" in response.content.decode()
    assert not AuditEvent.objects.filter(action="account.two_factor_reset").exists()


@pytest.mark.parametrize("username", ["kanim.pangkalpinang", "pusat", "mitra.mandurian"])
def test_only_administrators_reset(users, client, username):
    enrol(users["pimpasa.koba"])
    login_verified(client, users[username])
    assert client.get("/akun/dua-langkah/reset/").status_code == 404
    assert client.post("/akun/dua-langkah/reset/", {"username": "pimpasa.koba"}).status_code == 404
    assert TOTPDevice.objects.filter(user=users["pimpasa.koba"]).exists()


def test_django_admin_action_resets(users, client):
    enrol(users["kanwil.babel"])
    login_verified(client, users["superuser"])
    response = client.post(
        "/admin/accounts/user/",
        {
            "action": "reset_two_factor",
            "_selected_action": [users["kanwil.babel"].pk],
        },
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=users["kanwil.babel"]).exists()
    assert AuditEvent.objects.get(action="account.two_factor_reset").actor == users["superuser"]


def test_django_admin_needs_the_second_factor_too(users, client):
    enrol(users["superuser"])
    client.force_login(users["superuser"])
    assert client.get("/admin/")["Location"].startswith("/akun/dua-langkah/?next=%2Fadmin%2F")


# --- Session limits -----------------------------------------------------------------------------


def test_officer_session_lasts_a_working_day(users, client):
    login_verified(client, users["kanim.pangkalpinang"])
    assert client.session.get_expiry_age() == 8 * 3600
    partner = type(client)()
    partner.force_login(users["mitra.mandurian"])
    assert partner.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def _age_session(client, key, seconds):
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_officer_session_ends_after_eight_hours(users, client):
    login_verified(client, users["kanim.pangkalpinang"])
    _age_session(client, twofactor.SEEN_AT, 0)
    _age_session(client, twofactor.LOGIN_AT, 8 * 3600 - 60)
    assert client.get(OFFICER_PAGE).status_code == 200
    _age_session(client, twofactor.LOGIN_AT, 8 * 3600 + 1)
    response = client.get(OFFICER_PAGE)
    assert response["Location"] == "/akun/masuk/?next=/wna/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Sesi Anda telah berakhir" in page


@override_settings(OFFICER_SESSION_IDLE=dt.timedelta(minutes=30))
def test_officer_session_ends_after_a_long_pause(users, client):
    login_verified(client, users["pimpasa.koba"])
    _age_session(client, twofactor.SEEN_AT, 29 * 60)
    assert client.get(OFFICER_PAGE).status_code == 200
    # That request counted as activity.
    assert time.time() - client.session[twofactor.SEEN_AT] < 5
    _age_session(client, twofactor.SEEN_AT, 31 * 60)
    assert client.get(OFFICER_PAGE)["Location"].startswith("/akun/masuk/")
    # The API answers an ended session as anonymous.
    login_verified(client, users["pimpasa.koba"])
    _age_session(client, twofactor.SEEN_AT, 31 * 60)
    assert client.get("/api/v1/pimpasa").status_code == 401


def test_partner_session_has_no_officer_limit(users, client):
    client.force_login(users["mitra.mandurian"])
    _age_session(client, twofactor.LOGIN_AT, 3 * 24 * 3600)
    _age_session(client, twofactor.SEEN_AT, 3 * 24 * 3600)
    assert client.get(OFFICER_PAGE).status_code == 200


# --- Demo ---------------------------------------------------------------------------------------


def test_demo_otp_prints_a_code_only_for_the_demo_secret(users, client, capsys):
    from desabinaan.demo.management.commands.load_demo import DEMO_TOTP_KEY

    koba = users["pimpasa.koba"]
    TOTPDevice.objects.create(user=koba, key=DEMO_TOTP_KEY, confirmed=True)
    call_command("demo_otp", "pimpasa.koba")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    password_login(client, "pimpasa.koba")
    assert client.post("/akun/dua-langkah/", {"code": code})["Location"] == "/"

    enrol(users["kanim.pangkalpinang"])
    with pytest.raises(CommandError, match="demo"):
        call_command("demo_otp", "kanim.pangkalpinang")


def test_reset_from_the_shell_for_a_locked_out_administrator(users, capsys):
    enrol(users["admin"])
    call_command("reset_two_factor", "admin")
    assert "reset" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=users["admin"]).exists()
    event = AuditEvent.objects.get(action="account.two_factor_reset")
    assert event.actor is None
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_two_factor", "tidak.ada")


def test_readme_documents_the_demo_secret_and_how_to_get_a_code():
    from desabinaan.demo.management.commands.load_demo import DEMO_TOTP_SECRET

    readme = (settings.BASE_DIR / "README.md").read_text()
    assert DEMO_TOTP_SECRET in readme
    assert "manage.py demo_otp pimpasa.koba" in readme
    assert '"otp"' in readme
