"""load_demo gives outreach content once (issue 16): a held and a planned activity in Mandurian
and the Koba pencanangan linked to its designation."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from desabinaan.outreach.models import Activity, ActivityStatus, Attendance
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
    assert mandurian.filter(status=ActivityStatus.DIRENCANAKAN).count() == 1
    pencanangan = Activity.objects.get(kind="pencanangan")
    assert pencanangan.designated.region_id == pencanangan.region_id
    assert "Kegiatan di desa ini" in client.get("/desa/63.05.03.2003/").content.decode()
