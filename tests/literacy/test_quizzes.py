"""Quizzes (issue 14): the shipped three, scoring, explanations after answering, the phone's
token, anonymity scanned as in lapor, bad input."""

import logging
import re

import pytest
from django.apps import apps

from desabinaan.core.models import AuditEvent
from desabinaan.literacy.models import Quiz, QuizAnswer, QuizAttempt
from tests.querycount import assert_bounded

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.55"
AGENT = "Mozilla/5.0 (Linux; Android 10) UjiKuisAgen/7.1"


def every_stored_value() -> str:
    chunks = []
    for model in apps.get_models():
        for row in model._default_manager.all().values_list():
            chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks)


def answers(quiz, *, right: int) -> dict:
    """POST data answering the first `right` questions correctly and the rest wrongly."""
    data = {}
    for i, q in enumerate(quiz.questions.all()):
        choices = list(q.choices.all())
        correct = next(c for c in choices if c.is_correct)
        wrong = next(c for c in choices if not c.is_correct)
        data[f"q{q.pk}"] = str((correct if i < right else wrong).pk)
    return data


def test_three_quizzes_of_at_least_eight_questions_each_with_one_right_answer():
    slugs = set(Quiz.objects.values_list("slug", flat=True))
    assert {
        "paspor-dan-visa",
        "bekerja-ke-luar-negeri-dengan-aman",
        "kenali-tppo-dan-tppm",
    } <= slugs
    for quiz in Quiz.objects.all():
        assert quiz.questions.count() >= 8, quiz.slug
        for q in quiz.questions.all():
            assert q.explanation
            assert sum(c.is_correct for c in q.choices.all()) == 1, q.text


def test_quiz_list_page_links_every_quiz_with_bounded_queries(client):
    response = client.get("/literasi/kuis/")
    assert response.status_code == 200
    for quiz in Quiz.objects.all():
        assert f"/literasi/kuis/{quiz.slug}/" in response.content.decode()

    def grow():
        for i in range(20):
            Quiz.objects.create(slug=f"kuis-{i}", title=f"Kuis {i}")

    assert_bounded("quiz list", lambda: client.get("/literasi/kuis/"), grow)


def test_quiz_page_queries_do_not_grow_with_questions(client):
    quiz = Quiz.objects.get(slug="paspor-dan-visa")

    def grow():
        for i in range(10):
            q = quiz.questions.create(order=100 + i, text=f"Soal {i}", explanation="x")
            q.choices.create(order=1, text="a", is_correct=True)
            q.choices.create(order=2, text="b")

    assert_bounded("quiz page", lambda: client.get(f"/literasi/kuis/{quiz.slug}/"), grow)


def test_quiz_page_works_without_javascript_and_sets_a_random_token(client):
    response = client.get("/literasi/kuis/paspor-dan-visa/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="radio"') >= 8 * 3
    assert 'method="post"' in html
    token = response.cookies["literasi_kuis"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token.value)
    assert token["httponly"]


def test_scoring_counts_right_answers_and_shows_every_explanation(client):
    quiz = Quiz.objects.get(slug="kenali-tppo-dan-tppm")
    response = client.post(f"/literasi/kuis/{quiz.slug}/", answers(quiz, right=5))
    assert response.status_code == 200
    html = response.content.decode()
    total = quiz.questions.count()
    assert f"Nilai Anda: 5 dari {total}" in html
    for q in quiz.questions.all():
        assert q.explanation in html
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.total) == (5, total)
    assert QuizAnswer.objects.filter(attempt=attempt, is_correct=True).count() == 5
    assert attempt.outreach_activity_id is None


def test_the_phone_keeps_its_token_so_attempts_pair(client):
    quiz = Quiz.objects.get(slug="paspor-dan-visa")
    client.get(f"/literasi/kuis/{quiz.slug}/")
    client.post(f"/literasi/kuis/{quiz.slug}/", answers(quiz, right=2))
    client.post(f"/literasi/kuis/{quiz.slug}/", answers(quiz, right=8))
    before, after = QuizAttempt.objects.order_by("submitted_at", "pk")
    assert before.token == after.token
    assert (before.score, after.score) == (2, 8)


def test_an_attempt_stores_no_address_no_user_agent_and_no_account(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    quiz = Quiz.objects.get(slug="bekerja-ke-luar-negeri-dengan-aman")
    response = client.post(
        f"/literasi/kuis/{quiz.slug}/",
        answers(quiz, right=3),
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
        HTTP_X_FORWARDED_FOR=ADDRESS,
    )
    assert response.status_code == 200
    assert QuizAttempt.objects.count() == 1
    stored = every_stored_value()
    for secret in (ADDRESS, AGENT, "UjiKuisAgen"):
        assert secret not in stored
        assert secret not in caplog.text
    field_names = {f.name for f in QuizAttempt._meta.get_fields()}
    assert not field_names & {"user", "ip", "ip_address", "user_agent", "account"}


def test_a_signed_in_officer_attempt_is_anonymous_too(client, world):
    client.force_login(world["users"]["pimpasa.koba"])
    quiz = Quiz.objects.get(slug="paspor-dan-visa")
    client.post(f"/literasi/kuis/{quiz.slug}/", answers(quiz, right=1))
    attempt = QuizAttempt.objects.get()
    event = AuditEvent.objects.get(target=f"literacy.quizattempt:{attempt.pk}")
    assert event.actor_id is None and "pimpasa" not in event.actor_name


def test_unanswered_questions_are_refused_and_nothing_is_saved(client):
    quiz = Quiz.objects.get(slug="paspor-dan-visa")
    data = answers(quiz, right=8)
    data.pop(next(iter(data)))
    response = client.post(f"/literasi/kuis/{quiz.slug}/", data)
    assert response.status_code == 400
    assert "Pilih jawaban." in response.content.decode()
    assert QuizAttempt.objects.count() == 0 and QuizAnswer.objects.count() == 0


@pytest.mark.parametrize("value", ["abc", "999999", "-1", ""])
def test_a_foreign_or_malformed_choice_is_refused(client, value):
    quiz = Quiz.objects.get(slug="paspor-dan-visa")
    other = Quiz.objects.get(slug="kenali-tppo-dan-tppm").questions.first().choices.first()
    data = answers(quiz, right=8)
    first = next(iter(data))
    data[first] = value
    assert client.post(f"/literasi/kuis/{quiz.slug}/", data).status_code == 400
    data[first] = str(other.pk)
    response = client.post(f"/literasi/kuis/{quiz.slug}/", data)
    assert response.status_code == 400
    assert "Pilih salah satu jawaban" in response.content.decode()
    assert QuizAttempt.objects.count() == 0


def test_a_tampered_token_cookie_is_replaced_not_stored(client):
    client.cookies["literasi_kuis"] = "<script>"
    quiz = Quiz.objects.get(slug="paspor-dan-visa")
    response = client.post(f"/literasi/kuis/{quiz.slug}/", answers(quiz, right=4))
    assert response.status_code == 200
    assert QuizAttempt.objects.get().token != "<script>"


def test_unknown_or_unpublished_quiz_is_404(client):
    assert client.get("/literasi/kuis/tidak-ada/").status_code == 404
    Quiz.objects.filter(slug="paspor-dan-visa").update(published=False)
    assert client.get("/literasi/kuis/paspor-dan-visa/").status_code == 404
