"""The sign-in a participant fills in on their phone through the activity's QR link (issue 16):
no login, a random device token in a long-lived cookie, bad input refused in Indonesian with
nothing saved, unknown and cancelled activities answering 404."""

import pytest
from django.urls import reverse

from desabinaan.accounts.scope import public_actor
from desabinaan.core.audit import Action
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Invalid, NotFoundInScope
from desabinaan.literacy.services import new_quiz_token
from desabinaan.outreach import participation_services as services
from desabinaan.outreach.models import ActivityStatus
from desabinaan.outreach.participation_models import ActivitySignIn
from desabinaan.outreach.participation_views import DEVICE_COOKIE
from desabinaan.regions.models import Region

from .conftest import KOBA_DESA, MANDURIAN, make_activity, sign_in

pytestmark = pytest.mark.django_db


def url(activity):
    return reverse("outreach:participate", args=[activity.sign_in_token])


def good(**over):
    return {"name": "", "sex": "P", "age_group": "age_18_30", "village": MANDURIAN, **over}


def test_the_qr_link_opens_the_sign_in_without_login_and_gives_the_phone_a_random_token(
    client, activity
):
    response = client.get(url(activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kirim daftar hadir" in html and activity.title in html
    cookie = response.cookies[DEVICE_COOKIE]
    assert services.DEVICE_TOKEN_RE.match(cookie.value)
    assert cookie["httponly"] and cookie["max-age"] >= 365 * 24 * 3600
    # The villages offered: the desa of the activity's kecamatan, then "Desa lain".
    assert "Mandurian" in html and "Desa lain" in html


def test_a_sign_in_is_saved_with_the_phone_token_and_audited_without_the_name(client, activity):
    client.get(url(activity))
    token = client.cookies[DEVICE_COOKIE].value
    response = client.post(url(activity), good(name="Siti Aminah"))
    assert response.status_code == 302
    row = ActivitySignIn.objects.get()
    assert (row.device_token, row.name, row.sex, row.age_group, row.village_id) == (
        token,
        "Siti Aminah",
        "P",
        "age_18_30",
        MANDURIAN,
    )
    event = AuditEvent.objects.get(action=Action.ACTIVITY_SIGN_IN)
    assert event.actor is None and "Siti" not in event.summary
    assert event.region_id == MANDURIAN
    page = client.get(url(activity)).content.decode()
    assert "Kehadiran Anda sudah tercatat" in page and "Kuis sebelum" in page


def test_the_name_may_stay_empty_and_another_village_is_allowed(client, activity):
    response = client.post(url(activity), good(village="lain"))
    assert response.status_code == 302
    row = ActivitySignIn.objects.get()
    assert row.name == "" and row.village is None


def test_signing_in_again_from_the_same_phone_corrects_the_first(client, activity):
    client.post(url(activity), good())
    client.post(url(activity), good(sex="L", age_group="age_60_plus"))
    row = ActivitySignIn.objects.get()
    assert (row.sex, row.age_group) == ("L", "age_60_plus")


@pytest.mark.parametrize(
    "data, field, message",
    [
        (good(sex=""), "sex", "Pilih laki-laki atau perempuan."),
        (good(sex="X"), "sex", "Pilih laki-laki atau perempuan."),
        (good(age_group=""), "age_group", "Pilih kelompok umur."),
        (good(age_group="tua"), "age_group", "Pilih kelompok umur."),
        (good(village=""), "village", "Pilih desa Anda, atau &#x27;Desa lain&#x27;."),
        # A desa of another kecamatan is not on the list.
        (good(village=KOBA_DESA), "village", "Pilih desa dari daftar, atau &#x27;Desa lain&#x27;."),
        (good(name="x" * 121), "name", "Nama terlalu panjang: paling banyak 120 huruf."),
    ],
)
def test_bad_sign_in_input_is_refused_in_indonesian_and_nothing_is_saved(
    client, activity, data, field, message
):
    response = client.post(url(activity), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not ActivitySignIn.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.ACTIVITY_SIGN_IN).exists()


def test_the_service_refuses_a_village_outside_the_list_and_a_forged_token(world, activity):
    with pytest.raises(Invalid) as refused:
        services.activity_sign_in(
            actor=public_actor(),
            activity=activity,
            device_token=new_quiz_token(),
            data={
                "sex": "L",
                "age_group": "age_18_30",
                "village": Region.objects.get(code=KOBA_DESA),
            },
        )
    assert "village" in refused.value.problems
    with pytest.raises(Invalid):
        sign_in(activity, token="pendek")
    assert not ActivitySignIn.objects.exists()


def test_an_unknown_token_is_404(client, activity):
    assert (
        client.get(reverse("outreach:participate", args=["tidak-ada-token-ini"])).status_code == 404
    )
    assert (
        client.post(
            reverse("outreach:participate", args=["tidak-ada-token-ini"]), good()
        ).status_code
        == 404
    )


def test_a_cancelled_activity_is_404_and_takes_no_sign_in(client, world):
    cancelled = make_activity(world, status=ActivityStatus.DIBATALKAN)
    assert client.get(url(cancelled)).status_code == 404
    assert client.post(url(cancelled), good()).status_code == 404
    with pytest.raises(NotFoundInScope):
        sign_in(cancelled)
    assert not ActivitySignIn.objects.exists()


def test_sign_in_still_open_once_the_session_is_held(client, world):
    held = make_activity(world, status=ActivityStatus.TERLAKSANA)
    assert client.post(url(held), good()).status_code == 302
    page = client.get(url(held)).content.decode()
    assert "Kuis sesudah" in page


def test_an_activity_in_a_kecamatan_offers_its_desa(client, world):
    activity = make_activity(world, code="19.04.01")
    villages = [c for c, _ in client.get(url(activity)).context["form"].fields["village"].choices]
    assert KOBA_DESA in villages and all(
        c in ("", "lain") or c.startswith("19.04.01.") for c in villages
    )
