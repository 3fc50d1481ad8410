"""Outreach services: the status rules, the programme links of pencanangan and pengukuhan and
their refusals, attendance checks, consent of named participants, who may plan and propose."""

import datetime as dt

import pytest
from django.utils import timezone

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import actor_for
from desabinaan.core.refusals import Invalid, NotAllowed
from desabinaan.outreach import services
from desabinaan.outreach.models import Activity, ActivityStatus, Attendance, NamedParticipant
from desabinaan.programme.models import DesaBinaan, DesaBinaanStatus, PimpasaAssignment
from desabinaan.regions.models import Region
from tests.factories import officer

from .conftest import KOBA_DESA, KOBA_KEC, MANDURIAN, SYSTEM, activity_input, counts

pytestmark = pytest.mark.django_db


def _actor(world, username):
    return actor_for(world["users"][username])


# --- planning --------------------------------------------------------------------------------


def test_officer_plans_an_activity_of_their_office(world, plan):
    activity = plan(MANDURIAN, by="pimpasa.mandurian")
    assert activity.status == ActivityStatus.DIRENCANAKAN
    assert activity.office == world["offices"]["banjarmasin"]
    assert activity.proposed_by is None
    assert len(activity.sign_in_token) >= 40


def test_mitra_proposes_for_their_own_desa(world, plan):
    activity = plan(MANDURIAN, by="mitra.mandurian", notice_posted=True)
    assert activity.status == ActivityStatus.DIRENCANAKAN
    assert activity.proposed_by == world["users"]["mitra.mandurian"]
    # The office is the Kanim whose jurisdiction holds the desa; the checklist is the officers'.
    assert activity.office == world["offices"]["banjarmasin"]
    assert activity.notice_posted is False


def test_mitra_cannot_propose_outside_their_desa(world):
    with pytest.raises(Invalid) as exc:
        services.activity_plan(
            actor=_actor(world, "mitra.mandurian"), data=activity_input("63.05.03.2004")
        )
    assert "region" in exc.value.problems
    assert not Activity.objects.exists()


def test_kanwil_cannot_plan(world):
    with pytest.raises(NotAllowed):
        services.activity_plan(actor=_actor(world, "kanwil.kalsel"), data=activity_input())


def test_officer_cannot_plan_for_another_office(world):
    data = activity_input(MANDURIAN, office=world["offices"]["pangkalpinang"])
    with pytest.raises(Invalid) as exc:
        services.activity_plan(actor=_actor(world, "kanim.banjarmasin"), data=data)
    assert "office" in exc.value.problems


def test_every_problem_is_reported_at_once(world):
    data = activity_input(
        kind="pesta",
        title=" ",
        partners_present=["presiden"],
        topics=["astrologi"],
        latitude=1,
    )
    data.ends_at = data.starts_at - dt.timedelta(hours=1)
    with pytest.raises(Invalid) as exc:
        services.activity_plan(actor=_actor(world, "kanim.banjarmasin"), data=data)
    assert {"kind", "title", "ends_at", "partners_present", "topics", "latitude"} <= set(
        exc.value.problems
    )
    assert not Activity.objects.exists()


def test_pencanangan_names_a_desa(world):
    with pytest.raises(Invalid) as exc:
        services.activity_plan(
            actor=_actor(world, "kanim.pangkalpinang"),
            data=activity_input(KOBA_KEC, kind="pencanangan"),
        )
    assert "region" in exc.value.problems


def test_a_kecamatan_activity(world, plan):
    assert plan(KOBA_KEC).region_id == KOBA_KEC


# --- status ----------------------------------------------------------------------------------


def test_mark_held_only_once_begun(world, plan):
    activity = plan(hours=5)
    with pytest.raises(Invalid) as exc:
        services.activity_mark_held(actor=_actor(world, "kanim.banjarmasin"), activity=activity)
    assert exc.value.code == "not_started"
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DIRENCANAKAN


def test_mark_held_then_never_again_nor_cancel(world, plan):
    actor = _actor(world, "pimpasa.mandurian")
    activity = services.activity_mark_held(actor=actor, activity=plan())
    assert activity.status == ActivityStatus.TERLAKSANA and activity.held_at
    with pytest.raises(Invalid):
        services.activity_mark_held(actor=actor, activity=activity)
    with pytest.raises(Invalid):
        services.activity_cancel(actor=actor, activity=activity, reason="Hujan deras sekali")


def test_cancel_needs_a_reason(world, plan):
    activity = plan(hours=24)
    actor = _actor(world, "kanim.banjarmasin")
    with pytest.raises(Invalid) as exc:
        services.activity_cancel(actor=actor, activity=activity, reason="huj")
    assert exc.value.field == "reason"
    cancelled = services.activity_cancel(
        actor=actor, activity=activity, reason="Balai desa dipakai untuk posyandu"
    )
    assert cancelled.status == ActivityStatus.DIBATALKAN
    with pytest.raises(Invalid):
        services.activity_mark_held(actor=actor, activity=cancelled)
    with pytest.raises(Invalid):
        services.activity_update(actor=actor, activity=cancelled, data=activity_input())


def test_officer_outside_the_area_cannot_change_it(world, plan):
    activity = plan()
    for username in ("pimpasa.koba", "kanim.pangkalpinang", "mitra.mandurian", "kanwil.kalsel"):
        with pytest.raises(NotAllowed):
            services.activity_mark_held(actor=_actor(world, username), activity=activity)


def test_held_activity_keeps_its_place(world, held):
    activity = held()
    data = activity_input("63.05.03.2004", title="Dipindah")
    with pytest.raises(Invalid) as exc:
        services.activity_update(
            actor=_actor(world, "kanim.banjarmasin"), activity=activity, data=data
        )
    assert "region" in exc.value.problems


def test_update_records_what_changed(world, plan):
    activity = plan()
    data = activity_input(title="Dialog warga tentang TPPO")
    data.starts_at, data.ends_at = activity.starts_at, activity.ends_at
    services.activity_update(actor=_actor(world, "kanim.banjarmasin"), activity=activity, data=data)
    activity.refresh_from_db()
    assert activity.title == "Dialog warga tentang TPPO"


# --- pencanangan and pengukuhan --------------------------------------------------------------


def test_pencanangan_held_designates_the_desa(world, plan):
    activity = plan(KOBA_DESA, kind="pencanangan")
    held = services.activity_mark_held(
        actor=_actor(world, "kanim.pangkalpinang"), activity=activity, sk_number="W7-IMI.1/2026"
    )
    desa = DesaBinaan.objects.get(region_id=KOBA_DESA)
    assert desa.status == DesaBinaanStatus.DICANANGKAN
    assert desa.sk_number == "W7-IMI.1/2026"
    assert desa.designated_on == timezone.localdate(activity.starts_at)
    assert held.designated == desa


def test_pencanangan_refusals_leave_it_planned(world, plan):
    activity = plan(KOBA_DESA, kind="pencanangan")
    kanim = _actor(world, "kanim.pangkalpinang")
    # The programme's refusals, as refusals of the activity's form.
    with pytest.raises(Invalid) as exc:
        services.activity_mark_held(actor=kanim, activity=activity, sk_number="")
    assert exc.value.field == "sk_number"
    with pytest.raises(Invalid) as exc:
        services.activity_mark_held(
            actor=_actor(world, "pimpasa.koba"), activity=activity, sk_number="SK-1"
        )
    assert exc.value.code == "not_office_staff"
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DIRENCANAKAN
    assert not DesaBinaan.objects.filter(region_id=KOBA_DESA).exists()
    # A desa already designated is refused the second time.
    services.activity_mark_held(actor=kanim, activity=activity, sk_number="SK-1")
    again = plan(KOBA_DESA, kind="pencanangan")
    with pytest.raises(Invalid) as exc:
        services.activity_mark_held(actor=kanim, activity=again, sk_number="SK-2")
    assert exc.value.code == "exists"
    again.refresh_from_db()
    assert again.status == ActivityStatus.DIRENCANAKAN


def test_pengukuhan_held_inaugurates_the_pimpasa(world, plan):
    new = officer(Role.PIMPASA, world["offices"]["pangkalpinang"], username="pimpasa.baru")
    activity = plan("19.04.02", kind="pengukuhan")
    held = services.activity_mark_held(
        actor=_actor(world, "kanim.pangkalpinang"),
        activity=activity,
        sk_number="W7-IMI.9/2026",
        pimpasa=new,
    )
    assignment = PimpasaAssignment.objects.get(region_id="19.04.02", ended_on__isnull=True)
    assert assignment.officer == new
    assert held.inaugurated == assignment


def test_pengukuhan_refusals(world, plan):
    kanim = _actor(world, "kanim.pangkalpinang")
    new = officer(Role.PIMPASA, world["offices"]["pangkalpinang"], username="pimpasa.baru")
    activity = plan(KOBA_KEC, kind="pengukuhan")
    with pytest.raises(Invalid) as exc:
        services.activity_mark_held(actor=kanim, activity=activity, sk_number="SK-1")
    assert exc.value.field == "pimpasa"
    # Koba already has its PIMPASA: the programme refuses unless replacing.
    with pytest.raises(Invalid) as exc:
        services.activity_mark_held(actor=kanim, activity=activity, sk_number="SK", pimpasa=new)
    assert exc.value.code == "occupied"
    with pytest.raises(Invalid) as exc:
        services.activity_mark_held(
            actor=kanim,
            activity=activity,
            sk_number="SK",
            pimpasa=world["users"]["kanim.pangkalpinang"],
        )
    assert exc.value.field == "pimpasa"
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DIRENCANAKAN
    services.activity_mark_held(
        actor=kanim, activity=activity, sk_number="SK", pimpasa=new, replace=True
    )
    assert PimpasaAssignment.objects.get(region_id=KOBA_KEC, ended_on__isnull=True).officer == new


# --- attendance and participants -------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"male": -1, "female": 11}, "male"),
        ({"male": 5}, "male"),
        ({"age_60_plus": 2}, "under_18"),
        ({"total": "sepuluh"}, "total"),
        ({"total": 1.5}, "total"),
    ],
)
def test_attendance_must_add_up(world, held, change, field):
    activity = held()
    with pytest.raises(Invalid) as exc:
        services.attendance_record(actor=SYSTEM, activity=activity, counts=counts(**change))
    assert field in exc.value.problems
    assert not Attendance.objects.exists()


def test_attendance_recorded_and_corrected(world, held):
    activity = held()
    actor = _actor(world, "pimpasa.mandurian")
    services.attendance_record(actor=actor, activity=activity, counts=counts())
    services.attendance_record(
        actor=actor, activity=activity, counts=counts(total=12, female=8, age_31_59=7)
    )
    attendance = Attendance.objects.get(activity=activity)
    assert (attendance.total, attendance.female, attendance.age_31_59) == (12, 8, 7)


def test_attendance_only_for_held_activity(world, plan):
    with pytest.raises(Invalid):
        services.attendance_record(actor=SYSTEM, activity=plan(), counts=counts())


def test_attendance_refused_on_invalid_correction_keeps_the_old_counts(world, held):
    activity = held()
    services.attendance_record(actor=SYSTEM, activity=activity, counts=counts())
    with pytest.raises(Invalid):
        services.attendance_record(actor=SYSTEM, activity=activity, counts=counts(total=11))
    assert Attendance.objects.get(activity=activity).total == 10


def test_named_participant_needs_consent(world, held):
    activity = held()
    with pytest.raises(Invalid) as exc:
        services.participant_add(actor=SYSTEM, activity=activity, name="Siti Aminah")
    assert "consent" in exc.value.problems
    assert not NamedParticipant.objects.exists()
    services.participant_add(
        actor=SYSTEM, activity=activity, name="Siti Aminah", institution="PKK", consent=True
    )
    assert NamedParticipant.objects.get().consent is True


def test_feed_rotation_is_for_the_office_staff(world):
    office = world["offices"]["banjarmasin"]
    feed = services.office_feed_rotate(actor=_actor(world, "kanim.banjarmasin"), office=office)
    old = feed.token
    assert services.office_feed_rotate(actor=SYSTEM, office=office).token != old
    with pytest.raises(NotAllowed):
        services.office_feed_rotate(actor=_actor(world, "kanim.pangkalpinang"), office=office)


def test_region_lookup_uses_real_regions(world):
    assert Region.objects.filter(code=MANDURIAN).exists()
