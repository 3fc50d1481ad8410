"""Outreach pages: list and calendar in scope, plan/edit forms with bad input, the activity
page's actions (refusals shown on their form), photos without EXIF, the public page and the
village page's link, and the ICS feed of an office's planned activities."""

import datetime as dt
import io
from decimal import Decimal

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from desabinaan.outreach import selectors, services
from desabinaan.outreach.models import Activity, ActivityPhoto, ActivityStatus, Attendance
from desabinaan.programme.models import DesaBinaan
from tests.test_uploaded_images import assert_only_pixels, camera_jpeg

from .conftest import KOBA_DESA, KOBA_KEC, MANDURIAN, SYSTEM, counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _local(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def form_data(code=MANDURIAN, **kw):
    start = timezone.now() + dt.timedelta(days=2)
    kecamatan = code.rsplit(".", 1)[0] if code.count(".") == 3 else code
    data = {
        "kind": "sosialisasi",
        "title": "Sosialisasi TPPO di balai desa",
        "starts_at": _local(start),
        "ends_at": _local(start + dt.timedelta(hours=2)),
        "kecamatan": kecamatan,
        "desa": code if code.count(".") == 3 else "",
        "venue": "Balai Desa",
        "partners_present": ["kepala_desa", "babinsa"],
        "topics": ["tppo_tppm"],
        "public_summary": "Warga mengenal modus perdagangan orang.",
    }
    data.update(kw)
    return data


# --- list and calendar -----------------------------------------------------------------------


def test_list_shows_only_the_area(client, world, plan):
    mine = plan(MANDURIAN, title="Kegiatan Mandurian")
    plan(KOBA_DESA, title="Kegiatan Koba")
    client.force_login(world["users"]["pimpasa.mandurian"])
    html = client.get(reverse("outreach:list")).content.decode()
    assert mine.title in html and "Kegiatan Koba" not in html


def test_list_filters(client, world, plan):
    plan(MANDURIAN, title="Sosialisasi satu")
    plan(MANDURIAN, title="Kunjungan dua", kind="kunjungan")
    client.force_login(world["users"]["kanim.banjarmasin"])
    html = client.get(reverse("outreach:list"), {"kind": "kunjungan"}).content.decode()
    assert "Kunjungan dua" in html and "Sosialisasi satu" not in html
    html = client.get(reverse("outreach:list"), {"wilayah": "63.05.03"}).content.decode()
    assert "Kunjungan dua" in html
    # Only places that hold activities are offered; another code is refused, not ignored.
    response = client.get(reverse("outreach:list"), {"wilayah": "63.05.01"})
    assert response.status_code == 400 and "Pilih wilayah dari daftar" in response.content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    html = client.get(reverse("outreach:list"), {"dari": tomorrow}).content.decode()
    assert "Kunjungan dua" not in html


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "pesta"},
        {"wilayah": "abc"},
        {"dari": "kemarin"},
        {"dari": "2026-03-10", "sampai": "2026-03-01"},
        {"sampai": "9999-12-31"},
    ],
)
def test_bad_filters_are_shown_not_dropped(client, world, query):
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.get(reverse("outreach:list"), query)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()


def test_list_paginates(client, world, plan):
    for i in range(27):
        plan(MANDURIAN, title=f"Kegiatan ke-{i}")
    client.force_login(world["users"]["kanim.banjarmasin"])
    html = client.get(reverse("outreach:list")).content.decode()
    assert html.count("data-activity=") == 25 and "page=2" in html
    html = client.get(reverse("outreach:list"), {"page": 2}).content.decode()
    assert html.count("data-activity=") == 2


def test_calendar_shows_the_month_and_moves(client, world, plan):
    activity = plan(MANDURIAN, title="Di kalender")
    client.force_login(world["users"]["mitra.mandurian"])
    month = timezone.localtime(activity.starts_at).strftime("%Y-%m")
    html = client.get(reverse("outreach:calendar"), {"bulan": month}).content.decode()
    assert "Di kalender" in html and 'id="month-prev"' in html
    y, m = map(int, month.split("-"))
    later = f"{y + (m == 12):04d}-{m % 12 + 1:02d}"
    html = client.get(reverse("outreach:calendar"), {"bulan": later}).content.decode()
    assert "Di kalender" not in html
    # A typo in the month shows the current month rather than an error.
    assert client.get(reverse("outreach:calendar"), {"bulan": "2026-13"}).status_code == 200


def test_month_grid_spreads_a_multi_day_activity(world, plan):
    activity = plan(MANDURIAN, hours=-50)
    activity.ends_at = activity.starts_at + dt.timedelta(days=2)
    activity.save()
    start = timezone.localtime(activity.starts_at)
    grid = selectors.month_grid(SYSTEM, year=start.year, month=start.month)
    days = [c["day"] for w in grid.weeks for c in w if activity in c["activities"]]
    assert days and days[0] == start.date()
    assert all(len(w) == 7 for w in grid.weeks)


def test_roles_without_an_area_are_refused(client, world):
    client.force_login(world["users"]["norole"])
    assert client.get(reverse("outreach:list")).status_code == 403


# --- plan and edit ---------------------------------------------------------------------------


def test_officer_plans_through_the_form(client, world):
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post(reverse("outreach:new"), form_data())
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.region_id == MANDURIAN and activity.topics == ["tppo_tppm"]
    assert activity.office == world["offices"]["banjarmasin"]


def test_mitra_proposes_through_the_form(client, world):
    client.force_login(world["users"]["mitra.mandurian"])
    page = client.get(reverse("outreach:new")).content.decode()
    assert "Usulkan kegiatan" in page and MANDURIAN in page
    assert client.post(reverse("outreach:new"), form_data()).status_code == 302
    assert Activity.objects.get().proposed_by == world["users"]["mitra.mandurian"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "pesta"}, "kind"),
        ({"title": ""}, "title"),
        ({"starts_at": "besok pagi"}, "starts_at"),
        ({"ends_at": "2000-01-01T10:00"}, "ends_at"),
        ({"kecamatan": "", "desa": ""}, "kecamatan"),
        ({"desa": "63.05.01.2003"}, "desa"),
        ({"topics": ["astrologi"]}, "topics"),
        ({"partners_present": ["presiden"]}, "partners_present"),
        ({"latitude": "-2.9"}, "latitude"),
        ({"latitude": "abc", "longitude": "115"}, "latitude"),
        ({"kind": "pencanangan", "desa": ""}, "kecamatan"),
    ],
)
def test_plan_form_refuses_bad_input(client, world, change, field):
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post(reverse("outreach:new"), form_data(**change))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert not Activity.objects.exists()


def test_plan_outside_the_area_is_refused_on_the_form(client, world):
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post(reverse("outreach:new"), form_data(KOBA_DESA))
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_edit_round_trips_unchanged(client, world, plan):
    # Whole minutes: what a datetime-local field holds.
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=1)
    activity = plan(
        MANDURIAN,
        by="pimpasa.mandurian",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        officers=[world["users"]["pimpasa.mandurian"]],
        latitude=Decimal("-2.905000"),
        longitude=Decimal("115.118000"),
    )
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.get(reverse("outreach:edit", args=[activity.pk]))
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None or value is False:
            continue
        if name in ("starts_at", "ends_at"):
            value = value.strftime("%Y-%m-%dT%H:%M")
        data[name] = value
    before = Activity.objects.values().get(pk=activity.pk)
    assert client.post(reverse("outreach:edit", args=[activity.pk]), data).status_code == 302
    after = Activity.objects.values().get(pk=activity.pk)
    before.pop("updated_at"), after.pop("updated_at")
    assert before == after
    assert list(activity.officers.all()) == [world["users"]["pimpasa.mandurian"]]


def test_edit_bad_input(client, world, plan):
    activity = plan()
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post(reverse("outreach:edit", args=[activity.pk]), form_data(title=""))
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.title == "Sosialisasi keimigrasian"


def test_mitra_cannot_edit(client, world, plan):
    activity = plan()
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get(reverse("outreach:edit", args=[activity.pk])).status_code == 403
    assert client.get(reverse("outreach:detail", args=[activity.pk])).status_code == 200


# --- the activity page -----------------------------------------------------------------------


def test_mark_held_then_attendance(client, world, plan):
    activity = plan()
    client.force_login(world["users"]["pimpasa.mandurian"])
    url = reverse("outreach:detail", args=[activity.pk])
    assert "hold-form" in client.get(url).content.decode()
    assert client.post(reverse("outreach:hold", args=[activity.pk])).status_code == 302
    response = client.post(reverse("outreach:attendance", args=[activity.pk]), counts())
    assert response.status_code == 302
    assert Attendance.objects.get(activity=activity).total == 10
    assert "10 peserta" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "change",
    [{"male": "-1"}, {"male": "5"}, {"age_60_plus": "3"}, {"total": "x"}, {"total": ""}],
)
def test_attendance_form_refuses_bad_counts(client, world, held, change):
    activity = held()
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post(reverse("outreach:attendance", args=[activity.pk]), counts(**change))
    assert response.status_code == 400
    assert response.context["attendance_form"].errors
    assert not Attendance.objects.exists()


def test_pencanangan_refusal_shows_on_the_hold_form(client, world, plan):
    activity = plan(KOBA_DESA, kind="pencanangan")
    client.force_login(world["users"]["kanim.pangkalpinang"])
    response = client.post(reverse("outreach:hold", args=[activity.pk]), {"sk_number": ""})
    assert response.status_code == 400
    assert "sk_number" in response.context["hold_form"].errors
    # A PIMPASA may not designate: said on the form, not a bare error page.
    client.force_login(world["users"]["pimpasa.koba"])
    response = client.post(reverse("outreach:hold", args=[activity.pk]), {"sk_number": "SK-9"})
    assert response.status_code == 400
    assert response.context["hold_form"].non_field_errors()
    client.force_login(world["users"]["kanim.pangkalpinang"])
    response = client.post(reverse("outreach:hold", args=[activity.pk]), {"sk_number": "SK-9"})
    assert response.status_code == 302
    assert DesaBinaan.objects.get(region_id=KOBA_DESA).sk_number == "SK-9"
    html = client.get(reverse("outreach:detail", args=[activity.pk])).content.decode()
    assert 'id="designated"' in html


def test_pengukuhan_refusal_shows_on_the_hold_form(client, world, plan):
    activity = plan(KOBA_KEC, kind="pengukuhan")
    client.force_login(world["users"]["kanim.pangkalpinang"])
    response = client.post(
        reverse("outreach:hold", args=[activity.pk]),
        {"sk_number": "SK-1", "pimpasa": world["users"]["pimpasa.namang"].pk},
    )
    assert response.status_code == 400
    assert response.context["hold_form"].non_field_errors()  # Koba has its PIMPASA already
    response = client.post(
        reverse("outreach:hold", args=[activity.pk]), {"sk_number": "SK-1", "pimpasa": "999999"}
    )
    assert response.status_code == 400 and "pimpasa" in response.context["hold_form"].errors


def test_cancel_form_needs_a_reason(client, world, plan):
    activity = plan(hours=24)
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post(reverse("outreach:cancel", args=[activity.pk]), {"reason": "huj"})
    assert response.status_code == 400 and "reason" in response.context["cancel_form"].errors
    response = client.post(
        reverse("outreach:cancel", args=[activity.pk]),
        {"reason": "Balai desa dipakai untuk posyandu"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DIBATALKAN


def test_hold_before_start_is_refused_on_the_page(client, world, plan):
    activity = plan(hours=24)
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post(reverse("outreach:hold", args=[activity.pk]))
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DIRENCANAKAN


def test_photo_loses_its_exif(client, world, held):
    activity = held()
    client.force_login(world["users"]["kanim.banjarmasin"])
    upload = SimpleUploadedFile("IMG_2024_rumah_pak_budi.jpg", camera_jpeg(), "image/jpeg")
    response = client.post(
        reverse("outreach:photo_add", args=[activity.pk]), {"image": upload, "caption": "Balai"}
    )
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    assert "budi" not in photo.image.name
    with photo.image.open("rb") as f:
        assert_only_pixels(f.read())


def test_photo_form_refuses_a_non_image(client, world, held):
    activity = held()
    client.force_login(world["users"]["kanim.banjarmasin"])
    for data in ({"image": SimpleUploadedFile("a.jpg", b"not an image", "image/jpeg")}, {}):
        response = client.post(reverse("outreach:photo_add", args=[activity.pk]), data)
        assert response.status_code == 400
        assert "image" in response.context["photo_form"].errors
    assert not ActivityPhoto.objects.exists()


def test_photo_remove(client, world, held):
    activity = held()
    out = io.BytesIO()
    Image.new("RGB", (30, 20)).save(out, format="JPEG")
    photo = services.photo_add(
        actor=SYSTEM, activity=activity, upload=SimpleUploadedFile("f.jpg", out.getvalue())
    )
    client.force_login(world["users"]["pimpasa.mandurian"])
    url = reverse("outreach:photo_remove", args=[activity.pk, photo.pk])
    assert client.post(url).status_code == 302
    assert not ActivityPhoto.objects.exists()


def test_participant_form_needs_consent(client, world, held):
    activity = held()
    client.force_login(world["users"]["kanim.banjarmasin"])
    url = reverse("outreach:participant_add", args=[activity.pk])
    response = client.post(url, {"name": "Siti Aminah"})
    assert response.status_code == 400 and "consent" in response.context["participant_form"].errors
    assert client.post(url, {"name": "", "consent": "on"}).status_code == 400
    assert client.post(url, {"name": "Siti Aminah", "consent": "on"}).status_code == 302
    assert activity.participants.get().name == "Siti Aminah"


# --- public page, village page, feed ---------------------------------------------------------


def test_public_page_of_a_held_activity_has_no_names(client, world, held, plan):
    activity = held()
    services.participant_add(actor=SYSTEM, activity=activity, name="Siti Aminah", consent=True)
    html = client.get(reverse("outreach:public", args=[activity.pk])).content.decode()
    assert activity.public_summary in html and "Siti Aminah" not in html
    planned = plan()
    assert client.get(reverse("outreach:public", args=[planned.pk])).status_code == 404


def test_village_page_links_its_activities(client, world, held, plan):
    activity = held(title="Sosialisasi paspor di Mandurian")
    plan(title="Belum terlaksana")
    html = client.get(f"/desa/{MANDURIAN}/").content.decode()
    assert "Kegiatan di desa ini" in html
    assert reverse("outreach:public", args=[activity.pk]) in html
    assert "Belum terlaksana" not in html


def test_ics_feed_holds_only_the_offices_planned_activities(client, world, plan, held):
    mine = plan(MANDURIAN, title="Direncanakan Banjarmasin", hours=48)
    held(MANDURIAN, title="Sudah terlaksana")
    cancelled = plan(MANDURIAN, title="Dibatalkan", hours=48)
    services.activity_cancel(actor=SYSTEM, activity=cancelled, reason="Balai desa dipakai")
    plan(KOBA_DESA, title="Kantor lain", hours=48)
    client.force_login(world["users"]["kanim.banjarmasin"])
    html = client.get(reverse("outreach:list")).content.decode()
    feed = selectors.office_feed(world["offices"]["banjarmasin"])
    assert f"/kegiatan/feed/{feed.token}.ics" in html
    client.logout()
    response = client.get(reverse("outreach:feed", args=[feed.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = [c for c in cal.walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == [f"Sosialisasi: {mine.title}"]
    assert events[0].decoded("dtstart") == mine.starts_at.replace(microsecond=0)
    assert client.get("/kegiatan/feed/salah-token.ics").status_code == 404


def test_feed_token_is_unguessable_and_rotates(client, world):
    client.force_login(world["users"]["kanim.banjarmasin"])
    old = selectors.office_feed(world["offices"]["banjarmasin"]).token
    assert len(old) >= 40
    assert client.post(reverse("outreach:feed_rotate")).status_code == 302
    assert client.get(reverse("outreach:feed", args=[old])).status_code == 404
    client.force_login(world["users"]["pimpasa.mandurian"])
    assert client.post(reverse("outreach:feed_rotate")).status_code == 403
