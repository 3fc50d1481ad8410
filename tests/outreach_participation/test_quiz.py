"""The before/after quiz of an activity (issue 16): the literacy quiz taken through the QR link,
"Kuis sebelum" while the session is planned, "Kuis sesudah" once it is held, one of each per
phone (a second one is refused with 409), paired by the phone's random token only."""

import pytest
from django.urls import reverse

from desabinaan.accounts.scope import public_actor
from desabinaan.core.audit import Action
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import Conflict, Invalid, NotFoundInScope
from desabinaan.literacy.models import QuizAttempt
from desabinaan.literacy.services import new_quiz_token
from desabinaan.outreach import participation_services as services
from desabinaan.outreach.models import Activity, ActivityStatus
from desabinaan.outreach.participation_models import ActivityQuizTake
from desabinaan.outreach.participation_selectors import quiz_pairing
from desabinaan.outreach.participation_views import DEVICE_COOKIE

from .conftest import MANDURIAN, make_activity, mark_held, post_answers, sign_in, take_quiz

pytestmark = pytest.mark.django_db


def quiz_url(activity, phase):
    return reverse("outreach:participate_quiz", args=[activity.sign_in_token, phase])


def signed_in_phone(client, activity):
    client.post(
        reverse("outreach:participate", args=[activity.sign_in_token]),
        {"sex": "L", "age_group": "age_18_30", "village": MANDURIAN},
    )
    return client.cookies[DEVICE_COOKIE].value


def test_the_phone_takes_the_before_quiz_and_the_attempt_carries_the_activity(client, activity):
    token = signed_in_phone(client, activity)
    page = client.get(quiz_url(activity, "sebelum"))
    assert page.status_code == 200 and "Kirim jawaban" in page.content.decode()
    response = client.post(quiz_url(activity, "sebelum"), post_answers(activity, right=3))
    assert response.status_code == 200
    assert "Skor Anda: 3 dari 8" in response.content.decode()
    attempt = QuizAttempt.objects.get()
    assert (attempt.token, attempt.outreach_activity_id, attempt.score) == (token, activity.pk, 3)
    take = ActivityQuizTake.objects.get()
    assert (take.phase, take.device_token, take.attempt_id) == ("sebelum", token, attempt.pk)
    # The literacy quiz's own event is the one event of the submission; no account in it.
    events = AuditEvent.objects.filter(action=Action.QUIZ_ATTEMPT)
    assert events.count() == 1 and events.get().actor is None


def test_the_quiz_asks_for_the_sign_in_first(client, activity):
    response = client.get(quiz_url(activity, "sebelum"))
    assert response.status_code == 302
    assert response.url == reverse("outreach:participate", args=[activity.sign_in_token])
    with pytest.raises(Invalid) as refused:
        take_quiz(activity, new_quiz_token(), "sebelum", right=1)
    assert refused.value.code == "not_signed_in"
    assert not QuizAttempt.objects.exists()


def test_the_after_quiz_waits_until_the_session_is_held(client, activity):
    signed_in_phone(client, activity)
    response = client.post(quiz_url(activity, "sesudah"), post_answers(activity, right=8))
    assert response.status_code == 400
    assert "Kuis sesudah dibuka setelah sesi ditandai terlaksana." in response.content.decode()
    assert not QuizAttempt.objects.exists() and not ActivityQuizTake.objects.exists()


def test_once_held_the_before_quiz_is_closed_and_the_after_quiz_open(client, activity):
    signed_in_phone(client, activity)
    mark_held(activity)
    refused = client.post(quiz_url(activity, "sebelum"), post_answers(activity, right=1))
    assert refused.status_code == 400
    assert "Kuis sebelum sudah ditutup" in refused.content.decode()
    assert not ActivityQuizTake.objects.exists()
    taken = client.post(quiz_url(activity, "sesudah"), post_answers(activity, right=7))
    assert taken.status_code == 200
    assert ActivityQuizTake.objects.get().phase == "sesudah"
    # The after quiz shows the explanations (the before quiz keeps the answers to itself).
    assert "quiz-explanation" in taken.content.decode()


def test_a_second_quiz_of_the_same_phase_from_the_same_phone_is_refused(client, activity):
    token = signed_in_phone(client, activity)
    client.post(quiz_url(activity, "sebelum"), post_answers(activity, right=2))
    again = client.post(quiz_url(activity, "sebelum"), post_answers(activity, right=8))
    assert again.status_code == 409
    assert "Kuis ini sudah Anda kerjakan dari ponsel ini." in again.content.decode()
    assert ActivityQuizTake.objects.get().score == 2
    assert QuizAttempt.objects.count() == 1
    with pytest.raises(Conflict):
        take_quiz(activity, token, "sebelum", right=8)
    assert "sudah Anda kerjakan" in client.get(quiz_url(activity, "sebelum")).content.decode()


def test_an_unanswered_question_is_refused_and_nothing_saved(client, activity):
    signed_in_phone(client, activity)
    answers = post_answers(activity, right=8)
    answers.pop(next(iter(answers)))
    response = client.post(quiz_url(activity, "sebelum"), answers)
    assert response.status_code == 400
    assert "Pilih jawaban." in response.content.decode()
    assert not QuizAttempt.objects.exists() and not ActivityQuizTake.objects.exists()
    forged = post_answers(activity, right=8) | {next(iter(answers)): "999999"}
    assert client.post(quiz_url(activity, "sebelum"), forged).status_code == 400
    assert not QuizAttempt.objects.exists()


def test_no_quiz_unknown_phase_and_cancelled_activity_are_404(client, world, activity):
    plain = make_activity(world, quiz=False)
    signed_in_phone(client, plain)
    assert client.get(quiz_url(plain, "sebelum")).status_code == 404
    assert client.get(quiz_url(activity, "tengah")).status_code == 404
    token = sign_in(activity)
    Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.DIBATALKAN)
    activity.refresh_from_db()
    assert client.get(quiz_url(activity, "sebelum")).status_code == 404
    with pytest.raises(NotFoundInScope):
        take_quiz(activity, token, "sebelum", right=1)


def test_pairing_means_change_and_count_match_a_hand_computed_fixture(world, activity):
    """8 questions. Phone A: 2 then 6 (25% → 75%); B: 4 then 8 (50% → 100%); C took only the
    before quiz (1), D only the after (5). Paired: A and B. Mean before (25+50)/2 = 37.5, mean
    after (75+100)/2 = 87.5, change +50.0; C and D count in neither mean."""
    assert activity.quiz.questions.count() == 8
    a, b, c, d = (sign_in(activity) for _ in range(4))
    take_quiz(activity, a, "sebelum", right=2)
    take_quiz(activity, b, "sebelum", right=4)
    take_quiz(activity, c, "sebelum", right=1)
    mark_held(activity)
    take_quiz(activity, a, "sesudah", right=6)
    take_quiz(activity, b, "sesudah", right=8)
    take_quiz(activity, d, "sesudah", right=5)
    pairing = quiz_pairing(activity)
    assert (pairing.paired, pairing.before_count, pairing.after_count) == (2, 3, 3)
    assert (pairing.mean_before, pairing.mean_after, pairing.change) == (37.5, 87.5, 50.0)


def test_pairing_of_an_activity_nobody_paired_shows_no_means(world, activity):
    take_quiz(activity, sign_in(activity), "sebelum", right=3)
    pairing = quiz_pairing(activity)
    assert pairing.paired == 0 and pairing.mean_before is None and pairing.change is None


def test_the_same_phone_in_another_activity_pairs_there_separately(world, activity):
    other = make_activity(world, title="Sosialisasi kedua")
    token = sign_in(activity)
    sign_in(other, token=token)
    take_quiz(activity, token, "sebelum", right=1)
    take_quiz(other, token, "sebelum", right=5)
    mark_held(activity)
    take_quiz(activity, token, "sesudah", right=3)
    assert quiz_pairing(activity).paired == 1 and quiz_pairing(other).paired == 0
    assert quiz_pairing(activity).mean_before == 12.5


def test_the_public_actor_is_required(activity):
    with pytest.raises(TypeError):
        services.activity_quiz_submit(
            actor=None,
            activity=activity,
            device_token=new_quiz_token(),
            phase="sebelum",
            answers={},
        )
    assert public_actor().role == ""


def test_the_change_comes_from_the_unrounded_means(world, activity):
    """A: 3 then 6 of 8 (37.5% → 75%), B: 4 then 7 (50% → 87.5%). Means 43.75 → 81.25, shown
    as 43.8 and 81.2; the change is 37.5, not the 37.4 the rounded means would give."""
    a, b = sign_in(activity), sign_in(activity)
    take_quiz(activity, a, "sebelum", right=3)
    take_quiz(activity, b, "sebelum", right=4)
    mark_held(activity)
    take_quiz(activity, a, "sesudah", right=6)
    take_quiz(activity, b, "sesudah", right=7)
    pairing = quiz_pairing(activity)
    assert (pairing.mean_before, pairing.mean_after, pairing.change) == (43.8, 81.2, 37.5)
