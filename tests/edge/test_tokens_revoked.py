"""API tokens die with the credentials they were issued against (issue 12 item 8)."""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from desabinaan.accounts.models import ApiToken, Role, User
from desabinaan.programme.models import Partner
from desabinaan.programme.services import partner_set_active
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "kata-sandi-baru-2026!"


def works(client, headers) -> bool:
    response = client.get("/api/v1/pimpasa", headers=headers)
    assert response.status_code in (200, 401)
    return response.status_code == 200


@pytest.fixture
def koba(world):
    return world["users"]["pimpasa.koba"]


def test_password_change_on_the_profile_page_revokes_tokens(client, world, bearer, koba):
    headers = bearer("pimpasa.koba")
    other = bearer("kanim.pangkalpinang")
    assert works(client, headers)
    client.force_login(koba)
    response = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    client.logout()
    assert not works(client, headers)
    assert works(client, other)  # someone else's tokens are untouched
    assert not ApiToken.objects.filter(user=koba, revoked_at__isnull=True).exists()


def test_password_set_by_an_administrator_revokes_tokens(client, world, bearer, koba):
    headers = bearer("pimpasa.koba")
    admin = UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/accounts/user/{koba.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:500]
    client.logout()
    assert not works(client, headers)


def test_set_password_in_code_revokes_tokens(client, world, bearer, koba):
    headers = bearer("pimpasa.koba")
    koba.set_password(NEW_PASSWORD)
    koba.save()
    assert not works(client, headers)
    # A token issued after the change works.
    assert works(client, bearer("pimpasa.koba"))


def test_an_unusable_password_revokes_tokens(client, world, bearer, koba):
    headers = bearer("pimpasa.koba")
    koba.set_unusable_password()
    koba.save()
    assert not works(client, headers)


def test_deactivation_revokes_tokens_and_reactivation_does_not_revive_them(
    client, world, bearer, koba
):
    headers = bearer("pimpasa.koba")
    koba.is_active = False
    koba.save(update_fields=["is_active"])
    koba.is_active = True
    koba.save(update_fields=["is_active"])
    assert not works(client, headers)


def test_deactivating_a_partner_revokes_their_account_tokens(client, world, bearer):
    mitra = world["users"]["mitra.mandurian"]
    headers = bearer("mitra.mandurian")
    partner = Partner.objects.create(
        region_id="63.05.03.2003", name="Kepala Desa Mandurian", role="kepala_desa", user=mitra
    )
    partner_set_active(partner=partner, active=False, actor=world["users"]["pusat"])
    User.objects.filter(pk=mitra.pk).update(is_active=True)
    assert not works(client, headers)


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]
)
def test_a_hash_upgrade_at_login_is_not_a_password_change(client, world, bearer, koba):
    User.objects.filter(pk=koba.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha1"))
    headers = bearer("pimpasa.koba")
    koba.refresh_from_db()
    assert koba.check_password(PASSWORD)  # re-hashes with the preferred hasher and saves
    koba.refresh_from_db()
    assert koba.password.startswith("md5$")
    assert works(client, headers)
