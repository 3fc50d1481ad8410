"""Fixtures of the participant side of outreach activities: a sosialisasi in Mandurian with a
literacy quiz attached, phones with their random tokens, helpers that go through the services."""

import pytest
from django.core.management import call_command

from desabinaan.accounts.scope import public_actor, system_actor
from desabinaan.literacy.models import Quiz
from desabinaan.literacy.services import new_quiz_token
from desabinaan.outreach import participation_services as services
from desabinaan.outreach import services as outreach
from desabinaan.outreach.models import Activity, ActivityStatus

MANDURIAN = "63.05.03.2003"
KOBA_DESA = "19.04.01.2003"
QUIZ = "paspor-dan-visa"
SYSTEM = system_actor("tests")


@pytest.fixture(autouse=True)
def quizzes(db):
    # A transactional test elsewhere in the worker may have flushed the seeded quizzes.
    call_command("load_quizzes", verbosity=0)


def make_activity(world, code=MANDURIAN, *, quiz=True, status=ActivityStatus.DIRENCANAKAN, **kw):
    """An activity planned through the app's own service (begun two hours ago, so it may be
    marked held), then held or cancelled through its services when `status` asks."""
    from tests.outreach.conftest import activity_input

    office = world["offices"]["pangkalpinang" if code.startswith("19") else "banjarmasin"]
    kw.setdefault("title", "Sosialisasi paspor di balai desa")
    kw.setdefault("topics", ["paspor"])
    data = activity_input(
        code, office=office, quiz=Quiz.objects.get(slug=QUIZ) if quiz else None, **kw
    )
    activity = outreach.activity_plan(actor=SYSTEM, data=data)
    if status == ActivityStatus.TERLAKSANA:
        activity = mark_held(activity)
    elif status == ActivityStatus.DIBATALKAN:
        activity = outreach.activity_cancel(actor=SYSTEM, activity=activity, reason="Hujan deras")
    return Activity.objects.get(pk=activity.pk)


@pytest.fixture
def activity(world):
    return make_activity(world)


def mark_held(activity):
    outreach.activity_mark_held(actor=SYSTEM, activity=activity)
    return Activity.objects.get(pk=activity.pk)


def sign_in(activity, token=None, **data):
    token = token or new_quiz_token()
    data = {"sex": "P", "age_group": "age_31_59", "village": None, **data}
    services.activity_sign_in(
        actor=public_actor(), activity=activity, device_token=token, data=data
    )
    return token


def quiz_answers(quiz, *, right: int) -> dict[int, int]:
    """{question id: choice id}: the first `right` questions right, the rest wrong."""
    answers = {}
    for i, q in enumerate(quiz.questions.order_by("order")):
        choices = list(q.choices.all())
        good = next(c for c in choices if c.is_correct)
        bad = next(c for c in choices if not c.is_correct)
        answers[q.pk] = (good if i < right else bad).pk
    return answers


def take_quiz(activity, token, phase, *, right: int):
    return services.activity_quiz_submit(
        actor=public_actor(),
        activity=activity,
        device_token=token,
        phase=phase,
        answers=quiz_answers(activity.quiz, right=right),
    )


def post_answers(activity, *, right: int) -> dict:
    return {f"q{k}": str(v) for k, v in quiz_answers(activity.quiz, right=right).items()}
