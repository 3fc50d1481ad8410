"""A village partner (mitra) edits their own proposal while it is planned: not another's, not
once held or cancelled, and never the officers' part of it (officers, quiz, checklist, notes)."""

import dataclasses

import pytest
from django.urls import reverse

from desabinaan.accounts.models import PartnerKind, Role
from desabinaan.accounts.scope import actor_for
from desabinaan.core.audit import Action
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Invalid, NotAllowed
from desabinaan.outreach import services
from desabinaan.outreach.models import Activity
from tests.factories import UserFactory

from .conftest import MANDURIAN, SYSTEM, activity_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(world, plan):
    return plan(MANDURIAN, by="mitra.mandurian", title="Usulan sosialisasi")


def mitra(world):
    return actor_for(world["users"]["mitra.mandurian"])


def test_the_proposer_edits_their_planned_proposal(world, proposal):
    # The officers complete it first: officers, checklist, internal notes.
    officer = world["users"]["pimpasa.mandurian"]
    completed = activity_input(
        title="Usulan sosialisasi",
        officers=[officer],
        notice_posted=True,
        notes="Bawa brosur TPPO",
    )
    services.activity_update(actor=SYSTEM, activity=proposal, data=completed)
    services.activity_update(
        actor=mitra(world),
        activity=proposal,
        data=activity_input(title="Usulan sosialisasi paspor", venue="Masjid desa"),
    )
    activity = Activity.objects.get(pk=proposal.pk)
    assert (activity.title, activity.venue) == ("Usulan sosialisasi paspor", "Masjid desa")
    assert list(activity.officers.all()) == [officer]
    assert activity.notice_posted and activity.notes == "Bawa brosur TPPO"
    event = AuditEvent.objects.filter(action=Action.ACTIVITY_UPDATE).latest("pk")
    assert event.actor == world["users"]["mitra.mandurian"]


def test_another_partners_proposal_is_refused(world, proposal):
    other = UserFactory(
        username="mitra.lain",
        role=Role.MITRA,
        partner_kind=PartnerKind.KEPALA_DESA,
        home_region_id=MANDURIAN,
    )
    with pytest.raises(NotAllowed):
        services.activity_update(
            actor=actor_for(other), activity=proposal, data=activity_input(title="Diubah")
        )
    assert Activity.objects.get(pk=proposal.pk).title == "Usulan sosialisasi"


def test_an_officers_activity_is_refused(world, plan):
    activity = plan(MANDURIAN, by="pimpasa.mandurian")
    with pytest.raises(NotAllowed):
        services.activity_update(
            actor=mitra(world), activity=activity, data=activity_input(title="Diubah")
        )


@pytest.mark.parametrize("step", ["held", "cancelled"])
def test_a_held_or_cancelled_proposal_is_closed_to_the_partner(world, proposal, step):
    if step == "held":
        services.activity_mark_held(actor=SYSTEM, activity=proposal)
    else:
        services.activity_cancel(actor=SYSTEM, activity=proposal, reason="Hujan deras")
    with pytest.raises(NotAllowed) as refused:
        services.activity_update(
            actor=mitra(world), activity=proposal, data=activity_input(title="Diubah")
        )
    assert refused.value.code == "proposal_closed"
    assert "masih direncanakan" in refused.value.message
    assert Activity.objects.get(pk=proposal.pk).title == "Usulan sosialisasi"


def test_the_proposer_stays_in_their_desa(world, proposal):
    with pytest.raises(Invalid) as refused:
        services.activity_update(
            actor=mitra(world), activity=proposal, data=activity_input("63.05.03.2004")
        )
    assert "region" in refused.value.problems
    assert Activity.objects.get(pk=proposal.pk).region_id == MANDURIAN


def test_the_edit_page_is_offered_without_the_officers_notes(client, world, proposal):
    services.activity_update(
        actor=SYSTEM,
        activity=proposal,
        data=dataclasses.replace(activity_input(title="Usulan sosialisasi"), notes="Rahasia"),
    )
    client.force_login(world["users"]["mitra.mandurian"])
    detail = client.get(reverse("outreach:detail", args=[proposal.pk])).content.decode()
    assert reverse("outreach:edit", args=[proposal.pk]) in detail
    page = client.get(reverse("outreach:edit", args=[proposal.pk]))
    assert page.status_code == 200
    assert "notes" not in page.context["form"].fields and "Rahasia" not in page.content.decode()
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = value if isinstance(value, list) else str(value)
    data["title"] = "Usulan lewat formulir"
    response = client.post(reverse("outreach:edit", args=[proposal.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(pk=proposal.pk)
    assert (activity.title, activity.notes) == ("Usulan lewat formulir", "Rahasia")


def test_the_edit_page_is_403_once_held(client, world, proposal):
    services.activity_mark_held(actor=SYSTEM, activity=proposal)
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get(reverse("outreach:edit", args=[proposal.pk])).status_code == 403
