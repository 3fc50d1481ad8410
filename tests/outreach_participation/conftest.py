"""Fixtures of the participant side of outreach activities: a sosialisasi in Mandurian with a
literacy quiz attached, phones with their random tokens, helpers that go through the services."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from desabinaan.accounts.scope import public_actor
from desabinaan.literacy.models import Quiz
from desabinaan.literacy.services import new_quiz_token
from desabinaan.outreach import participation_services as services
from desabinaan.outreach.models import Activity, ActivityStatus
from desabinaan.regions.models import Region

MANDURIAN = "63.05.03.2003"
KOBA_DESA = "19.04.01.2003"
QUIZ = "paspor-dan-visa"


@pytest.fixture(autouse=True)
def quizzes(db):
    # A transactional test elsewhere in the worker may have flushed the seeded quizzes.
    call_command("load_quizzes", verbosity=0)


def make_activity(world, code=MANDURIAN, *, quiz=True, status=ActivityStatus.DIRENCANAKAN, **kw):
    office = world["offices"]["banjarmasin" if code.startswith("63") else "pangkalpinang"]
    start = timezone.now() + dt.timedelta(days=2)
    return Activity.objects.create(
        kind=kw.pop("kind", "sosialisasi"),
        title=kw.pop("title", "Sosialisasi paspor di balai desa"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        region=Region.objects.get(code=code),
        office=office,
        quiz=Quiz.objects.get(slug=QUIZ) if quiz else None,
        status=status,
        topics=kw.pop("topics", ["paspor"]),
        **kw,
    )


@pytest.fixture
def activity(world):
    return make_activity(world)


def mark_held(activity):
    """The other half of the app marks an activity held; here only its status matters."""
    Activity.objects.filter(pk=activity.pk).update(
        status=ActivityStatus.TERLAKSANA, held_at=timezone.now()
    )
    activity.refresh_from_db()
    return activity


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
