"""Questions residents asked during an activity and the answers given (issue 16): officers
record and correct them on the activity page; "Jadikan FAQ" promotes a pair in one click
through the literacy FAQ service (source sosialisasi, linked to the activity), once only."""

import pytest
from django.urls import reverse

from desabinaan.accounts.scope import actor_for
from desabinaan.core.audit import Action
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Conflict, Invalid, NotAllowed, NotFoundInScope
from desabinaan.literacy.models import Faq, FaqSource
from desabinaan.outreach import participation_services as services
from desabinaan.outreach.participation_models import ActivityQuestion

from .conftest import make_activity

pytestmark = pytest.mark.django_db

PAIR = {
    "question": "Apakah anak umur 10 tahun perlu paspor sendiri?",
    "answer": "Ya. Setiap anak punya paspor sendiri; bawa akta kelahiran dan KK.",
}


def officer(world, name="pimpasa.mandurian"):
    return actor_for(world["users"][name])


def save(world, activity, data=PAIR, **kw):
    return services.activity_question_save(actor=officer(world), activity=activity, data=data, **kw)


def test_an_officer_adds_a_pair_from_the_activity_page(client, world, activity):
    client.force_login(world["users"]["pimpasa.mandurian"])
    response = client.post(reverse("outreach:question_add", args=[activity.pk]), PAIR)
    assert response.status_code == 302
    assert response.url == reverse("outreach:detail", args=[activity.pk]) + "#tanya-jawab"
    question = ActivityQuestion.objects.get()
    assert (question.question, question.created_by.username) == (
        PAIR["question"],
        "pimpasa.mandurian",
    )
    page = client.get(reverse("outreach:detail", args=[activity.pk])).content.decode()
    assert PAIR["question"] in page and "Jadikan FAQ" in page
    event = AuditEvent.objects.get(action=Action.ACTIVITY_QUESTION_SAVE)
    assert (
        event.region_id == activity.region_id and event.changes["question"][1] == PAIR["question"]
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"question": "", "answer": "Jawaban"}, "Tulis pertanyaannya."),
        ({"question": "Pertanyaan?", "answer": "  "}, "Tulis jawaban yang diberikan."),
        ({"question": "x" * 256, "answer": "Jawaban"}, "Terlalu panjang: paling banyak 255 huruf."),
    ],
)
def test_bad_pairs_are_refused_in_indonesian_and_nothing_saved(
    client, world, activity, data, message
):
    client.force_login(world["users"]["pimpasa.mandurian"])
    response = client.post(reverse("outreach:question_add", args=[activity.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ActivityQuestion.objects.exists()
    with pytest.raises(Invalid):
        save(world, activity, data=data)
    assert not AuditEvent.objects.filter(action=Action.ACTIVITY_QUESTION_SAVE).exists()


def test_an_officer_corrects_a_pair_and_the_trail_says_what_changed(client, world, activity):
    question = save(world, activity)
    client.force_login(world["users"]["kanim.banjarmasin"])
    url = reverse("outreach:question_edit", args=[question.pk])
    form = client.get(url)
    assert form.status_code == 200 and PAIR["answer"] in form.content.decode()
    changed = {**PAIR, "answer": "Ya, paspor anak terpisah dari paspor orang tua."}
    assert client.post(url, changed).status_code == 302
    question.refresh_from_db()
    assert question.answer == changed["answer"]
    event = AuditEvent.objects.filter(action=Action.ACTIVITY_QUESTION_SAVE).latest("pk")
    assert set(event.changes) == {"answer"}
    unchanged = client.post(url, changed, follow=True)
    assert "Tidak ada yang diubah." in unchanged.content.decode()
    assert AuditEvent.objects.filter(action=Action.ACTIVITY_QUESTION_SAVE).count() == 2


def test_jadikan_faq_promotes_the_pair_with_its_activity_as_source(client, world, activity):
    question = save(world, activity)
    client.force_login(world["users"]["pimpasa.mandurian"])
    response = client.post(
        reverse("outreach:question_promote", args=[question.pk]), {"topic": "paspor"}
    )
    assert response.status_code == 302
    faq = Faq.objects.get()
    assert (faq.question, faq.answer, faq.topic, faq.published) == (
        PAIR["question"],
        PAIR["answer"],
        "paspor",
        False,  # the directorate reviews and publishes
    )
    assert faq.source_kind == FaqSource.OUTREACH
    assert faq.source_ref == f"outreach.activity:{activity.pk}"
    question.refresh_from_db()
    assert question.promoted_faq == faq and question.promoted_at is not None
    # Two events by design: the FAQ entry's own and the promotion by the officer.
    assert AuditEvent.objects.filter(action=Action.FAQ_CREATE).count() == 1
    promoted = AuditEvent.objects.get(action=Action.ACTIVITY_QUESTION_PROMOTE)
    assert promoted.actor == world["users"]["pimpasa.mandurian"]
    assert promoted.changes == {"promoted_faq": [None, faq.pk]}
    page = client.get(reverse("outreach:detail", args=[activity.pk])).content.decode()
    assert "Sudah menjadi FAQ" in page


def test_promoting_twice_is_refused_and_writes_nothing(client, world, activity):
    question = save(world, activity)
    services.activity_question_promote(actor=officer(world), question=question)
    with pytest.raises(Conflict):
        services.activity_question_promote(actor=officer(world), question=question)
    client.force_login(world["users"]["pimpasa.mandurian"])
    response = client.post(reverse("outreach:question_promote", args=[question.pk]), follow=True)
    assert "Tanya jawab ini sudah menjadi FAQ." in response.content.decode()
    assert Faq.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.ACTIVITY_QUESTION_PROMOTE).count() == 1
    with pytest.raises(Invalid):  # a promoted pair is changed in the FAQ, not here
        save(world, activity, data={**PAIR, "answer": "Lain"}, question=question)


def test_the_topic_defaults_to_the_activitys_and_a_bad_one_is_refused(world):
    activity = make_activity(world, topics=["bekerja"])
    question = save(world, activity)
    with pytest.raises(Invalid):
        services.activity_question_promote(actor=officer(world), question=question, topic="x")
    assert not Faq.objects.exists()
    assert services.activity_question_promote(actor=officer(world), question=question).topic == (
        "bekerja"
    )


def test_kanwil_and_village_partner_read_but_may_not_record_or_promote(client, world, activity):
    question = save(world, activity)
    for name in ("kanwil.kalsel", "mitra.mandurian"):
        with pytest.raises(NotAllowed):
            services.activity_question_save(
                actor=officer(world, name), activity=activity, data=PAIR
            )
        with pytest.raises(NotAllowed):
            services.activity_question_promote(actor=officer(world, name), question=question)
    client.force_login(world["users"]["kanwil.kalsel"])
    assert (
        client.post(reverse("outreach:question_add", args=[activity.pk]), PAIR).status_code == 403
    )
    assert client.get(reverse("outreach:question_edit", args=[question.pk])).status_code == 404
    assert ActivityQuestion.objects.count() == 1 and not Faq.objects.exists()


def test_an_officer_of_another_area_gets_404(world, activity):
    question = save(world, activity)
    with pytest.raises(NotFoundInScope):
        services.activity_question_save(
            actor=officer(world, "pimpasa.koba"), activity=activity, data=PAIR
        )
    with pytest.raises(NotFoundInScope):
        services.activity_question_promote(actor=officer(world, "pimpasa.koba"), question=question)
