"""Collective passport service days: scheduling, publishing, sign-up with queue number and
checklist, quota and waiting list, cancellation, attendance, counts, deletion of sign-ups."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from desabinaan.accounts.scope import actor_for
from desabinaan.assistance import selectors, services
from desabinaan.assistance.models import (
    DayStatus,
    DocumentRequirement,
    ServiceDay,
    ServiceTally,
    SignUp,
    SignUpStatus,
)
from desabinaan.core.refusals import Invalid, NotAllowed

from .conftest import KOBA_DESA, MANDURIAN, PUBLIC, SYSTEM, day_input, sign_up

pytestmark = pytest.mark.django_db

VALID_NIK = "6305031201900001"


def test_kanim_schedules_a_draft_with_the_office_documents(world, corners):
    kanim = world["users"]["kanim.banjarmasin"]
    day = services.service_day_schedule(
        actor=actor_for(kanim), office=kanim.office, data=day_input()
    )
    assert day.status == DayStatus.DRAFT and day.region_id == MANDURIAN
    assert DocumentRequirement.objects.filter(office=kanim.office).count() >= 5


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"date": dt.date(2020, 1, 1)}, "date"),
        ({"end_time": dt.time(7, 0)}, "end_time"),
        ({"quota": 0}, "quota"),
        ({"place": " "}, "place"),
        ({"offers_new": False, "offers_replacement": False}, "offers_new"),
    ],
)
def test_bad_schedule_is_refused(world, corners, kw, field):
    kanim = world["users"]["kanim.banjarmasin"]
    with pytest.raises(Invalid) as exc:
        services.service_day_schedule(
            actor=actor_for(kanim), office=kanim.office, data=day_input(**kw)
        )
    assert exc.value.field == field and not ServiceDay.objects.exists()


def test_schedule_only_at_a_corner_of_the_office(world, corners):
    kanim = world["users"]["kanim.banjarmasin"]
    with pytest.raises(Invalid):  # Koba is the other office's
        services.service_day_schedule(
            actor=actor_for(kanim), office=kanim.office, data=day_input(KOBA_DESA)
        )
    with pytest.raises(Invalid):  # a desa of the jurisdiction without a corner
        services.service_day_schedule(
            actor=actor_for(kanim), office=kanim.office, data=day_input("63.05.01.2003")
        )
    with pytest.raises(NotAllowed):  # another office's staff
        services.service_day_schedule(
            actor=actor_for(world["users"]["kanim.pangkalpinang"]),
            office=kanim.office,
            data=day_input(),
        )


def test_sign_up_gives_queue_number_and_checklist_for_the_case(world, make_day):
    day = make_day()
    adult = sign_up(day, service="penggantian").signup
    child = sign_up(day, name="Budi", age_group="anak", service="baru").signup
    assert (adult.queue_number, child.queue_number) == (1, 2)
    adult_docs = {d.name for d in selectors.checklist_for(adult)}
    child_docs = {d.name for d in selectors.checklist_for(child)}
    assert "Paspor lama" in adult_docs and "Paspor lama" not in child_docs
    assert "KTP elektronik" in adult_docs and "KTP elektronik" not in child_docs
    assert any("orang tua" in d for d in child_docs)


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"name": " "}, "name"),
        ({"phone": "123"}, "phone"),
        ({"phone": "abc"}, "phone"),
        ({"service": "visa"}, "service"),
        ({"age_group": "bayi"}, "age_group"),
        ({"sex": "X"}, "sex"),
        ({"nik": "12345"}, "nik"),
        ({"nik": "0000000000000000"}, "nik"),
    ],
)
def test_bad_sign_up_is_refused(world, make_day, kw, field):
    day = make_day()
    with pytest.raises(Invalid) as exc:
        sign_up(day, **kw)
    assert exc.value.field == field and not SignUp.objects.exists()


def test_phone_is_stored_e164_and_nik_validated(world, make_day):
    signup = sign_up(make_day(), nik=VALID_NIK).signup
    assert signup.phone == "+6281234567890" and signup.nik == VALID_NIK


def test_children_refused_when_not_served_and_service_must_be_offered(world, make_day):
    day = make_day(serves_children=False, offers_replacement=False)
    with pytest.raises(Invalid) as exc:
        sign_up(day, age_group="anak")
    assert exc.value.field == "age_group"
    with pytest.raises(Invalid) as exc:
        sign_up(day, service="penggantian")
    assert exc.value.field == "service"


def test_draft_and_past_days_take_no_sign_up(world, make_day):
    draft = make_day(publish=False)
    with pytest.raises(Invalid):
        sign_up(draft)
    day = make_day()
    with time_machine.travel(timezone.now() + dt.timedelta(days=20)), pytest.raises(Invalid):
        sign_up(day)


def test_quota_then_waiting_list_filled_in_order_on_cancel(world, make_day):
    day = make_day(quota=2)
    a, b = sign_up(day, "A").signup, sign_up(day, "B").signup
    w1, w2 = sign_up(day, "W1"), sign_up(day, "W2")
    assert w1.waiting and w2.waiting and w1.signup.queue_number is None
    assert selectors.waiting_position(w2.signup) == 2
    services.signup_cancel(actor=PUBLIC, signup=a)
    w1s, w2s = SignUp.objects.get(pk=w1.signup.pk), SignUp.objects.get(pk=w2.signup.pk)
    assert w1s.status == SignUpStatus.TERDAFTAR and w1s.queue_number == 3
    assert w2s.status == SignUpStatus.MENUNGGU and selectors.waiting_position(w2s) == 1
    assert day.signups.filter(status__in=["terdaftar"]).count() == 2
    with pytest.raises(Invalid):
        services.signup_cancel(actor=PUBLIC, signup=SignUp.objects.get(pk=a.pk))
    assert b.status == SignUpStatus.TERDAFTAR


def test_raising_the_quota_takes_from_the_waiting_list(world, make_day):
    day = make_day(quota=1)
    sign_up(day, "A")
    waiting = sign_up(day, "W").signup
    kanim = world["users"]["kanim.banjarmasin"]
    services.service_day_update(actor=actor_for(kanim), day=day, data=day_input(quota=2))
    assert SignUp.objects.get(pk=waiting.pk).queue_number == 2
    with pytest.raises(Invalid):
        services.service_day_update(actor=actor_for(kanim), day=day, data=day_input(quota=1))


def test_attendance_marked_by_officers_in_scope(world, make_day):
    day = make_day()
    s = sign_up(day).signup
    services.signup_mark(
        actor=actor_for(world["users"]["pimpasa.mandurian"]), signup=s, outcome="dilayani"
    )
    assert SignUp.objects.get(pk=s.pk).status == SignUpStatus.DILAYANI
    with pytest.raises(NotAllowed):
        services.signup_mark(
            actor=actor_for(world["users"]["pimpasa.koba"]), signup=s, outcome="hadir"
        )
    with pytest.raises(Invalid):
        services.signup_mark(
            actor=actor_for(world["users"]["pimpasa.mandurian"]), signup=s, outcome="batal"
        )


def test_purge_keeps_counts_and_deletes_personal_data(world, make_day, settings):
    settings.ASSISTANCE_SIGNUP_RETENTION_DAYS = 30
    day = make_day(quota=5)
    pimpasa = actor_for(world["users"]["pimpasa.mandurian"])
    for name, sex, service in [("A", "P", "baru"), ("B", "L", "baru"), ("C", "P", "penggantian")]:
        services.signup_mark(
            actor=pimpasa,
            signup=sign_up(day, name, sex=sex, service=service, nik=VALID_NIK).signup,
            outcome="dilayani",
        )
    sign_up(day, "D", sex="L")  # signed up, never came
    month = {"year": day.date.year, "month": day.date.month}
    before = selectors.service_counts(world["users"]["kanim.banjarmasin"], **month)
    assert before["served_by_service"] == {"baru": 2, "penggantian": 1}
    assert before["by_sex"] == {"P": 2, "L": 2}
    # Not yet: the event plus 29 days.
    assert services.signups_purge(actor=SYSTEM, today=day.date + dt.timedelta(days=29)).signups == 0
    purged = services.signups_purge(actor=SYSTEM, today=day.date + dt.timedelta(days=30))
    assert purged == services.Purged(days=1, signups=4)
    assert not SignUp.objects.exists() and ServiceTally.objects.exists()
    stored = " ".join(str(v) for row in ServiceTally.objects.values_list() for v in row)
    assert VALID_NIK not in stored
    after = selectors.service_counts(world["users"]["kanim.banjarmasin"], **month)
    assert after["by_service"] == before["by_service"] and after["by_sex"] == before["by_sex"]
    assert after["served_by_service"] == before["served_by_service"]
    # Idempotent; outside the scope nothing is counted.
    assert services.signups_purge(actor=SYSTEM, today=day.date + dt.timedelta(days=31)).days == 0
    assert selectors.service_counts(world["users"]["kanim.pangkalpinang"], **month)["by_sex"] == {}
    call_command("purge_signups", "--date", "2030-01-01", stdout=io.StringIO())


def test_purge_is_for_the_system_only(world):
    with pytest.raises(NotAllowed):
        services.signups_purge(actor=actor_for(world["users"]["pusat"]))


# --- pages -----------------------------------------------------------------------------------


def signup_form(**kw):
    data = {
        "name": "Siti Aminah",
        "phone": "0812 3456 7890",
        "service": "baru",
        "age_group": "dewasa",
        "sex": "P",
        "nik": "",
    }
    data.update(kw)
    return data


def test_public_page_signs_up_and_shows_queue_number_and_checklist(client, world, make_day):
    day = make_day()
    url = reverse("assistance:day", args=[day.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, signup_form(nik=VALID_NIK))
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'id="queue-number">1<' in html and "Kartu Keluarga" in html
    assert "Siti A." in html and "Siti Aminah" not in html and VALID_NIK not in html


@pytest.mark.parametrize(
    "kw",
    [
        {"name": ""},
        {"phone": "12"},
        {"service": "x"},
        {"age_group": ""},
        {"sex": ""},
        {"nik": "123"},
        {"nik": "63050312019000AB"},
    ],
)
def test_public_sign_up_bad_input_400_nothing_saved(client, world, make_day, kw):
    day = make_day()
    response = client.post(reverse("assistance:day", args=[day.pk]), signup_form(**kw))
    assert response.status_code == 400 and not SignUp.objects.exists()


def test_draft_day_page_is_404(client, world, make_day):
    day = make_day(publish=False)
    assert client.get(reverse("assistance:day", args=[day.pk])).status_code == 404


def test_cancel_with_the_code(client, world, make_day):
    day = make_day()
    s = sign_up(day).signup
    url = reverse("assistance:signup_cancel", args=[s.code])
    client.post(url, {})  # without confirmation nothing happens
    assert SignUp.objects.get(pk=s.pk).status == SignUpStatus.TERDAFTAR
    client.post(url, {"confirm": "on"})
    assert SignUp.objects.get(pk=s.pk).status == SignUpStatus.BATAL
    typo = s.code[:-1] + ("2" if s.code[-1] != "2" else "3")
    assert (
        client.post(reverse("assistance:signup_cancel", args=[typo]), {"confirm": "on"}).status_code
        == 400
    )
    assert client.get(reverse("assistance:signup", args=[typo])).status_code == 400


def test_attendance_list_masks_personal_data(client, world, make_day):
    day = make_day()
    sign_up(day, "Siti Aminah Rahmawati", nik=VALID_NIK)
    client.force_login(world["users"]["pimpasa.mandurian"])
    html = client.get(reverse("assistance:day_manage", args=[day.pk])).content.decode()
    assert "Siti A. R." in html
    assert "Aminah" not in html and VALID_NIK not in html and "+6281234567890" not in html
    assert "6305" in html  # the NIK's first digits, masked


def test_mark_view(client, world, make_day):
    day = make_day()
    s = sign_up(day).signup
    client.force_login(world["users"]["pimpasa.mandurian"])
    url = reverse("assistance:signup_mark", args=[s.pk])
    client.post(url, {"outcome": "nonsense"})
    assert SignUp.objects.get(pk=s.pk).status == SignUpStatus.TERDAFTAR
    client.post(url, {"outcome": "hadir"})
    assert SignUp.objects.get(pk=s.pk).status == SignUpStatus.HADIR


def test_schedule_page_and_publish(client, world, corners):
    client.force_login(world["users"]["kanim.banjarmasin"])
    url = reverse("assistance:day_new")
    assert client.get(url).status_code == 200
    date = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    data = {
        "desa": MANDURIAN,
        "date": date,
        "start_time": "08:00",
        "end_time": "13:00",
        "place": "Balai Desa Mandurian",
        "quota": "30",
        "offers_new": "on",
        "serves_children": "on",
    }
    for bad in (
        {"desa": KOBA_DESA},
        {"date": "2026-13-45"},
        {"quota": "0"},
        {"end_time": "07:00"},
        {"offers_new": ""},
    ):
        response = client.post(url, {**data, **bad})
        assert response.status_code == 400, bad
    assert not ServiceDay.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    day = ServiceDay.objects.get()
    client.post(reverse("assistance:day_publish", args=[day.pk]))
    day.refresh_from_db()
    assert day.status == DayStatus.PUBLISHED and not day.offers_replacement
    client.logout()
    html = client.get(f"/desa/{MANDURIAN}/").content.decode()
    assert reverse("assistance:day", args=[day.pk]) in html
    office = client.get(reverse("assistance:office_days", args=[day.office.code])).content.decode()
    assert reverse("assistance:day", args=[day.pk]) in office


def test_a_pimpasa_cannot_schedule(client, world, corners):
    client.force_login(world["users"]["pimpasa.mandurian"])
    assert client.get(reverse("assistance:day_new")).status_code == 403


def test_announcement_pdf(client, world, make_day):
    day = make_day()
    response = client.get(reverse("assistance:day_pdf", args=[day.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_documents_are_edited_by_the_kanim(client, world, make_day):
    make_day()
    client.force_login(world["users"]["kanim.banjarmasin"])
    url = reverse("assistance:documents")
    assert client.post(url, {"name": "", "applies_to": "semua", "position": "1"}).status_code == 400
    response = client.post(
        url, {"name": "Surat nikah", "applies_to": "dewasa", "position": "9", "active": "on"}
    )
    assert response.status_code == 302
    doc = DocumentRequirement.objects.get(name="Surat nikah")
    edit = reverse("assistance:document_edit", args=[doc.pk])
    client.post(edit, {"name": "Buku nikah", "applies_to": "dewasa", "position": "9"})
    doc.refresh_from_db()
    assert doc.name == "Buku nikah" and not doc.active
    client.force_login(world["users"]["kanim.pangkalpinang"])
    assert client.get(edit).status_code == 404


def test_public_sign_up_stores_no_address_and_shares_the_rate_limit(
    client, world, make_day, settings
):
    from .test_public_questions import every_stored_value

    day = make_day()
    url = reverse("assistance:day", args=[day.pk])
    address, agent = "203.0.113.79", "Mozilla/5.0 DaftarAgenUnik/1.0"
    settings.REPORTS_RATE_LIMIT = 1
    response = client.post(url, signup_form(), REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    assert response.status_code == 302
    stored = every_stored_value()
    assert address not in stored and agent not in stored
    assert client.post(url, signup_form(name="Budi"), REMOTE_ADDR=address).status_code == 429
    assert SignUp.objects.count() == 1
