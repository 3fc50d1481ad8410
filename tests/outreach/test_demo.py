"""load_demo gives outreach content once (issue 16): a held and a planned activity in Mandurian
and the Koba pencanangan linked to its designation."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from desabinaan.literacy.models import Faq
from desabinaan.outreach.models import Activity, ActivityStatus, Attendance
from desabinaan.outreach.participation_models import (
    ActivityQuestion,
    ActivityQuizTake,
    ActivitySignIn,
)
from desabinaan.outreach.participation_selectors import quiz_pairing
from desabinaan.regions.services import regions_load
from tests.factories import SYSTEM


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_load_demo_adds_activities_once(client):
    regions_load(actor=SYSTEM, within=("19", "63"))
    call_command("load_demo")
    call_command("load_demo")
    mandurian = Activity.objects.filter(region_id="63.05.03.2003")
    assert mandurian.count() == 2
    held = mandurian.get(status=ActivityStatus.TERLAKSANA)
    assert Attendance.objects.get(activity=held).total == 42
    # Its participant side, made once through the services: QR sign-ins, before/after quizzes
    # of seven phones (six paired), two questions, one promoted to the FAQ as a draft.
    assert held.quiz is not None
    assert ActivitySignIn.objects.filter(activity=held).count() == 8
    assert ActivityQuizTake.objects.filter(activity=held).count() == 13
    pairing = quiz_pairing(held)
    assert (pairing.paired, pairing.before_count, pairing.after_count) == (6, 7, 6)
    # 43.75 % and 81.25 % before rounding (quiz of 8 questions).
    assert (pairing.mean_before, pairing.mean_after) == (43.8, 81.2)
    questions = ActivityQuestion.objects.filter(activity=held)
    assert questions.count() == 2 and questions.filter(promoted_faq__isnull=False).count() == 1
    faq = Faq.objects.get(source_ref=f"outreach.activity:{held.pk}")
    assert not faq.published
    assert mandurian.filter(status=ActivityStatus.DIRENCANAKAN).count() == 1
    pencanangan = Activity.objects.get(kind="pencanangan")
    assert pencanangan.designated.region_id == pencanangan.region_id
    assert "Kegiatan di desa ini" in client.get("/desa/63.05.03.2003/").content.decode()
