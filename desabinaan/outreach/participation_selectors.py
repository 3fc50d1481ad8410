"""Reads of the participant side of an activity: the activity a QR link opens, a phone's own
state in it, the sign-ins summed by sex and age group, and the before/after pairing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404

from desabinaan.accounts.scope import Actor, scope_filter

from .models import Activity, ActivityStatus
from .participation_models import (
    ActivityQuestion,
    ActivityQuizTake,
    ActivitySignIn,
    QuizPhase,
    SignInAge,
    SignInSex,
)


def activity_by_sign_in_token(token: str) -> Activity:
    """The activity behind a QR link; a cancelled one, like an unknown token, is a 404."""
    activity = (
        Activity.objects.select_related("region", "quiz")
        .exclude(status=ActivityStatus.DIBATALKAN)
        .filter(sign_in_token=token)
        .first()
    )
    if activity is None or not token:
        raise Http404
    return activity


def question_in_scope(actor: Actor, pk: int) -> ActivityQuestion:
    question = (
        scope_filter(
            ActivityQuestion.objects.select_related("activity__region", "activity__quiz"),
            actor,
            "activity__region",
        )
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise Http404
    return question


@dataclass(frozen=True)
class PhoneState:
    sign_in: ActivitySignIn | None
    taken: frozenset[str]  # the quiz phases this phone has taken


def phone_state(activity: Activity, device_token: str) -> PhoneState:
    if not device_token:
        return PhoneState(None, frozenset())
    sign_in = ActivitySignIn.objects.filter(activity=activity, device_token=device_token).first()
    taken = frozenset(
        ActivityQuizTake.objects.filter(activity=activity, device_token=device_token).values_list(
            "phase", flat=True
        )
    )
    return PhoneState(sign_in, taken)


@dataclass(frozen=True)
class SignInSummary:
    total: int
    by_sex: list[tuple[str, int]]
    by_age: list[tuple[str, int]]


def sign_in_summary(activity: Activity) -> SignInSummary:
    """The phones' sign-ins counted by sex and by age group, in one query."""
    aggregates = {"total": Count("pk")}
    for value in SignInSex.values:
        aggregates[f"sex_{value}"] = Count("pk", filter=Q(sex=value))
    for value in SignInAge.values:
        aggregates[f"age_{value}"] = Count("pk", filter=Q(age_group=value))
    row = ActivitySignIn.objects.filter(activity=activity).aggregate(**aggregates)
    return SignInSummary(
        total=row["total"],
        by_sex=[(label, row[f"sex_{value}"]) for value, label in SignInSex.choices],
        by_age=[(label, row[f"age_{value}"]) for value, label in SignInAge.choices],
    )


@dataclass(frozen=True)
class Pairing:
    """Before/after scores of the phones that took both (as percentages of the questions, so
    a quiz of any length compares). The means are over paired phones only: a phone that took
    one of the two says nothing about a change."""

    paired: int
    before_count: int
    after_count: int
    mean_before: float | None  # each rounded to one decimal for display
    mean_after: float | None
    change: float | None  # from the unrounded means, then rounded: 81.25 - 43.75 is 37.5


def quiz_pairing(activity: Activity) -> Pairing:
    before: dict[str, float] = {}
    after: dict[str, float] = {}
    rows = ActivityQuizTake.objects.filter(activity=activity).values_list(
        "device_token", "phase", "score", "total"
    )
    for token, phase, score, total in rows:
        percent = 100.0 * score / total if total else 0.0
        (before if phase == QuizPhase.SEBELUM else after)[token] = percent
    paired = sorted(before.keys() & after.keys())

    if not paired:
        return Pairing(0, len(before), len(after), None, None, None)
    mean_before = sum(before[t] for t in paired) / len(paired)
    mean_after = sum(after[t] for t in paired) / len(paired)
    return Pairing(
        paired=len(paired),
        before_count=len(before),
        after_count=len(after),
        mean_before=round(mean_before, 1),
        mean_after=round(mean_after, 1),
        change=round(mean_after - mean_before, 1),
    )


def activity_questions(activity: Activity) -> list[ActivityQuestion]:
    return list(ActivityQuestion.objects.filter(activity=activity).select_related("promoted_faq"))
