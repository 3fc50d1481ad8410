import pytest
from django.test import override_settings

from desabinaan.accounts.models import ApiToken

from .factories import PASSWORD


def test_login_page_is_indonesian_by_default(client, db):
    page = client.get("/akun/masuk/")
    assert page.status_code == 200
    assert "Masuk petugas" in page.content.decode()
    assert 'lang="id"' in page.content.decode()


def test_login_and_logout(world, client):
    response = client.post(
        "/akun/masuk/", {"username": "kanim.pangkalpinang", "password": PASSWORD}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert "Selamat datang" in home.content.decode()
    assert client.post("/akun/keluar/").status_code == 302
    assert client.get("/akun/profil/").status_code == 302  # back to login


def test_wrong_login_shows_indonesian_error_and_no_session(world, client):
    response = client.post("/akun/masuk/", {"username": "kanim.pangkalpinang", "password": "salah"})
    assert response.status_code == 200
    assert "nama pengguna atau kata sandi salah" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_empty_login_form_is_refused(world, client):
    response = client.post("/akun/masuk/", {})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong" in response.content.decode()


@override_settings(AXES_ENABLED=True)
def test_repeated_failures_lock_the_account_out(world, client):
    for _ in range(5):
        client.post("/akun/masuk/", {"username": "pimpasa.koba", "password": "salah"})
    locked = client.post("/akun/masuk/", {"username": "pimpasa.koba", "password": PASSWORD})
    assert locked.status_code == 429
    assert "dikunci" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change(world, client):
    user = world["users"]["mitra.mandurian"]
    client.force_login(user)
    bad = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": "baru-sekali-99", "new_password2": "beda-99"},
    )
    assert bad.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    good = client.post(
        "/akun/kata-sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": "baru-sekali-99",
            "new_password2": "baru-sekali-99",
        },
    )
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password("baru-sekali-99")


def test_profile_shows_scope_and_manages_tokens(world, client):
    client.force_login(world["users"]["pimpasa.koba"])
    page = client.get("/akun/profil/").content.decode()
    assert "Koba" in page
    created = client.post("/akun/profil/", {"label": "tablet lapangan"})
    raw = ApiToken.objects.get()
    assert 'id="new-token"' in created.content.decode()
    assert raw.label == "tablet lapangan"
    response = client.post(f"/akun/profil/token/{raw.pk}/cabut/")
    assert response.status_code == 302
    raw.refresh_from_db()
    assert raw.revoked_at is not None


def test_cannot_revoke_someone_elses_token(world, client):
    client.force_login(world["users"]["pimpasa.koba"])
    client.post("/akun/profil/", {"label": "milik koba"})
    token = ApiToken.objects.get()
    client.force_login(world["users"]["pimpasa.namang"])
    assert client.post(f"/akun/profil/token/{token.pk}/cabut/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_revoke_needs_post(world, client):
    client.force_login(world["users"]["pimpasa.koba"])
    assert client.get("/akun/profil/token/1/cabut/").status_code == 405


@pytest.mark.parametrize("lang,text", [("en", "Officer login"), ("id", "Masuk petugas")])
def test_language_switch(client, db, lang, text):
    response = client.post(
        "/i18n/setlang/", {"language": lang, "next": "/akun/masuk/"}, follow=True
    )
    assert text in response.content.decode()


def test_browser_language_does_not_override_indonesian_default(client, db):
    page = client.get("/akun/masuk/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Masuk petugas" in page.content.decode()
    assert page.headers["Content-Language"] == "id"


def test_an_english_request_leaves_the_thread_in_indonesian(client, db):
    from django.utils import translation

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Officer login" in client.get("/akun/masuk/").content.decode()
    assert translation.get_language() == "id"
