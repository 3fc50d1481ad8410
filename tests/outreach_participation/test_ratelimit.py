"""The public QR sign-in and quiz posts share the project's public limit (reports/ratelimit.py:
keyed hash of the client address, trusted proxy count), on their own counter: past it, 429 with
an Indonesian message and nothing saved; the pages themselves stay readable."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from desabinaan.literacy.models import QuizAttempt
from desabinaan.outreach.participation_models import ActivityQuizTake, ActivitySignIn

from .conftest import MANDURIAN, post_answers

pytestmark = pytest.mark.django_db

GOOD = {"sex": "P", "age_group": "age_18_30", "village": MANDURIAN}
REFUSED = "Terlalu banyak kiriman dari sambungan ini"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def sign_in_url(activity):
    return reverse("outreach:participate", args=[activity.sign_in_token])


def quiz_url(activity):
    return reverse("outreach:participate_quiz", args=[activity.sign_in_token, "sebelum"])


def test_sign_in_posts_past_the_limit_are_429_and_nothing_is_saved(client, activity, settings):
    settings.OUTREACH_PARTICIPATION_LIMIT = 1
    assert client.post(sign_in_url(activity), GOOD).status_code == 302
    ActivitySignIn.objects.all().delete()
    refused = client.post(sign_in_url(activity), GOOD)
    assert refused.status_code == 429
    assert REFUSED in refused.content.decode()
    assert not ActivitySignIn.objects.exists()
    # Reading the page is not counted.
    assert client.get(sign_in_url(activity)).status_code == 200


def test_quiz_posts_past_the_limit_are_429_and_nothing_is_saved(client, activity, settings):
    settings.OUTREACH_PARTICIPATION_LIMIT = 1
    assert client.post(sign_in_url(activity), GOOD).status_code == 302
    refused = client.post(quiz_url(activity), post_answers(activity, right=3))
    assert refused.status_code == 429
    assert REFUSED in refused.content.decode()
    assert not QuizAttempt.objects.exists() and not ActivityQuizTake.objects.exists()


def test_phones_behind_one_proxy_are_counted_apart(client, activity, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.OUTREACH_PARTICIPATION_LIMIT = 1
    a = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    b = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert client.post(sign_in_url(activity), GOOD, **a).status_code == 302
    assert client.post(sign_in_url(activity), GOOD, **a).status_code == 429
    assert client.post(sign_in_url(activity), GOOD, **b).status_code == 302


def test_the_counter_is_not_the_report_forms(client, activity, settings):
    settings.REPORTS_RATE_LIMIT = 1
    settings.OUTREACH_PARTICIPATION_LIMIT = 5
    for _ in range(3):
        assert client.post(sign_in_url(activity), GOOD).status_code == 302
