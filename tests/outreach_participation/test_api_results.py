"""GET /api/v1/activities/{id} carries the before/after summary of the attached quiz, computed
by the pairing selector (phones that took both), and null when no quiz is attached."""

import pytest

from tests.outreach.test_api import _headers

from .conftest import make_activity, mark_held, sign_in, take_quiz

pytestmark = pytest.mark.django_db


def detail(client, world, activity):
    response = client.get(
        f"/api/v1/activities/{activity.pk}",
        headers=_headers(world["users"]["kanim.banjarmasin"]),
    )
    assert response.status_code == 200
    return response.json()


def test_the_detail_gives_the_paired_means_and_change(client, world, activity):
    a, b, c = sign_in(activity), sign_in(activity), sign_in(activity)
    take_quiz(activity, a, "sebelum", right=2)  # 25 %
    take_quiz(activity, b, "sebelum", right=4)  # 50 %
    take_quiz(activity, c, "sebelum", right=1)  # no after quiz: not paired
    activity = mark_held(activity)
    take_quiz(activity, a, "sesudah", right=6)  # 75 %
    take_quiz(activity, b, "sesudah", right=8)  # 100 %
    assert detail(client, world, activity)["quiz_results"] == {
        "mean_before": 37.5,
        "mean_after": 87.5,
        "change": 50.0,
        "paired": 2,
        "before_count": 3,
        "after_count": 2,
    }


def test_a_quiz_nobody_took_gives_empty_means(client, world, activity):
    results = detail(client, world, activity)["quiz_results"]
    assert results["paired"] == 0 and results["mean_before"] is None and results["change"] is None


def test_no_quiz_no_summary(client, world):
    assert detail(client, world, make_activity(world, quiz=False))["quiz_results"] is None
