import datetime as dt

import pytest
from django.utils import timezone

from desabinaan.accounts.models import ApiToken

from .factories import PASSWORD


def login(client, username, password=PASSWORD):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_token_is_issued_with_expiry_and_stored_hashed(world, client):
    response = login(client, "kanim.pangkalpinang")
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("dbi_")
    assert timezone.now() < dt.datetime.fromisoformat(body["expires_at"])
    stored = ApiToken.objects.get()
    assert stored.digest != body["token"]
    assert body["token"] not in str(list(ApiToken.objects.values()))


def test_bearer_token_authenticates_scoped_api(world, client):
    token = login(client, "pimpasa.koba").json()["token"]
    response = client.get("/api/v1/pimpasa", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [a["region_code"] for a in response.json()] == ["19.04.01"]


def test_wrong_password_and_unknown_user_get_the_same_401(world, client):
    wrong_password = login(client, "pimpasa.koba", "salah")
    unknown_user = login(client, "tidak.ada", PASSWORD)
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()
    assert wrong_password.json()["detail"] == "Nama pengguna atau kata sandi salah."
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "body", [{}, {"username": "pimpasa.koba"}, {"password": "x"}, {"username": 3, "password": []}]
)
def test_malformed_credentials_are_422(world, client, body):
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not ApiToken.objects.exists()


def test_not_json_is_rejected(world, client):
    response = client.post("/api/v1/auth/token", "bukan json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert not ApiToken.objects.exists()


def test_revoked_token_stops_working(world, client):
    token = login(client, "pimpasa.koba").json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.delete("/api/v1/auth/token", headers=auth).status_code == 204
    assert client.get("/api/v1/pimpasa", headers=auth).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_expired_token_is_refused(world, client):
    token = login(client, "pimpasa.koba").json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/api/v1/pimpasa", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_token_of_inactive_user_is_refused(world, client):
    token = login(client, "pimpasa.koba").json()["token"]
    world["users"]["pimpasa.koba"].__class__.objects.filter(username="pimpasa.koba").update(
        is_active=False
    )
    assert (
        client.get("/api/v1/pimpasa", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


@pytest.mark.parametrize("header", ["Bearer dbi_palsu", "Bearer ", "Token abc", "Basic eDp5"])
def test_garbage_authorization_is_401(world, client, header):
    response = client.get("/api/v1/pimpasa", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"] == "Perlu masuk terlebih dahulu."


def test_anonymous_cannot_list_assignments(world, client):
    assert client.get("/api/v1/pimpasa").status_code == 401
