"""load_demo gives the services pillar content, once (issue 15), acting as a named system."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from desabinaan.assistance.models import DayStatus, Question, ServiceDay, SignUp
from desabinaan.core.models import AuditEvent
from desabinaan.regions.services import regions_load
from tests.factories import SYSTEM


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_load_demo_adds_questions_and_a_service_day_once():
    regions_load(actor=SYSTEM, within=("19", "63"))
    call_command("load_demo")
    call_command("load_demo")
    assert Question.objects.filter(region_id="63.05.03.2003").count() == 2
    assert Question.objects.filter(status="dijawab", answer_public=True).count() == 1
    day = ServiceDay.objects.get(region_id="63.05.03.2003")
    assert day.status == DayStatus.PUBLISHED
    assert SignUp.objects.filter(day=day).count() == 4
    assert AuditEvent.objects.filter(
        action="service_day.schedule", actor_name="sistem: load_demo"
    ).exists()
