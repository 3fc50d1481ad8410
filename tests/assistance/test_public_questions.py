"""The public side of Tanya PIMPASA: the form, the anonymity scan, the API, the rate limit."""

import logging

import pytest
from django.apps import apps
from django.urls import reverse

from desabinaan.assistance.models import Question

from .conftest import MANDURIAN

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.78"
AGENT = "Mozilla/5.0 (Linux; Android 9) TanyaAgenUnik/4.2"
CONTACT = "0813-9999-0077"


def every_stored_value() -> str:
    chunks = []
    for model in apps.get_models():
        for row in model._default_manager.all().values_list():
            chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks)


def form(**kw):
    data = {
        "topic": "kerja_luar_negeri",
        "question": "Apakah boleh berangkat kerja ke Malaysia dengan visa turis?",
        "desa": MANDURIAN,
    }
    data.update(kw)
    return data


def test_form_question_stores_no_address_or_user_agent(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(
        reverse("assistance:ask"),
        form(contact=CONTACT),
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
        HTTP_X_FORWARDED_FOR=ADDRESS,
    )
    assert response.status_code == 302
    q = Question.objects.get()
    assert response["Location"].startswith(reverse("assistance:question", args=[q.code]))
    stored = every_stored_value()
    assert CONTACT in stored  # kept, because the asker chose to give it
    for secret in (ADDRESS, AGENT, "TanyaAgenUnik"):
        assert secret not in stored
        assert secret not in caplog.text
    assert CONTACT not in caplog.text and "visa turis" not in caplog.text
    assert f"question {q.pk} asked" in caplog.text


def test_api_question_stores_no_address_or_user_agent(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(
        "/api/v1/questions",
        {"topic": "paspor", "region_code": MANDURIAN, "question": "Berapa biaya paspor 10 tahun?"},
        content_type="application/json",
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
    )
    assert response.status_code == 201
    stored = every_stored_value()
    for secret in (ADDRESS, AGENT):
        assert secret not in stored and secret not in caplog.text


@pytest.mark.parametrize(
    "data",
    [
        form(topic=""),
        form(question=""),
        form(question="pendek"),
        form(desa=""),
        form(desa="99.99.99.9999"),
        form(desa="63.05.03"),
        form(contact="x" * 201),
    ],
)
def test_bad_form_input_is_refused_and_nothing_saved(client, world, data):
    response = client.post(reverse("assistance:ask"), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Question.objects.exists()


def test_honeypot_and_rate_limit(client, world, settings):
    assert client.post(reverse("assistance:ask"), form(website="x")).status_code == 400
    settings.REPORTS_RATE_LIMIT = 1
    assert client.post(reverse("assistance:ask"), form()).status_code == 302
    assert client.post(reverse("assistance:ask"), form(submission="b")).status_code == 429
    # The shared lapor limit: the report form is refused too.
    assert client.post(reverse("reports:new"), {"category": "tppo"}).status_code == 429


def test_double_submit_of_the_form_makes_one_question(client, world):
    data = form(submission="abc123")
    first = client.post(reverse("assistance:ask"), data)
    second = client.post(reverse("assistance:ask"), data)
    assert first["Location"] == second["Location"] and Question.objects.count() == 1


def test_village_page_links_to_ask(client, world):
    html = client.get(f"/desa/{MANDURIAN}/").content.decode()
    assert f"/tanya/?desa={MANDURIAN}" in html


def test_ask_page_prefills_the_village(client, world):
    html = client.get(reverse("assistance:ask") + f"?desa={MANDURIAN}").content.decode()
    assert "Mandurian" in html


def test_lookup_form(client, world, ask):
    q = ask()
    response = client.get(reverse("assistance:question_lookup"), {"kode": q.code.lower()})
    assert response.status_code == 302 and q.code in response["Location"]
    assert client.get(reverse("assistance:question_lookup"), {"kode": ""}).status_code == 400


# --- API -------------------------------------------------------------------------------------

BODY = {"topic": "paspor", "region_code": MANDURIAN, "question": "Berapa biaya paspor 10 tahun?"}


def post(client, body, **headers):
    return client.post("/api/v1/questions", body, content_type="application/json", headers=headers)


def test_api_ask_then_read(client, world):
    response = post(client, BODY)
    assert response.status_code == 201
    out = response.json()
    assert out["status"] == "menunggu" and len(out["code"]) == 10
    read = client.get(f"/api/v1/questions/{out['code']}").json()
    assert read["status"] == "menunggu" and read["answer"] == "" and read["village"] == "Mandurian"


def test_api_idempotency_same_body_same_question_other_body_409(client, world):
    first = post(client, BODY, **{"Idempotency-Key": "k-1"})
    again = post(client, BODY, **{"Idempotency-Key": "k-1"})
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["code"] == again.json()["code"]
    other = post(
        client, {**BODY, "question": "Pertanyaan lain sama sekali"}, **{"Idempotency-Key": "k-1"}
    )
    assert other.status_code == 409 and other.json()["code"] == "conflict"
    assert Question.objects.count() == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({**BODY, "topic": "politik"}, "topic"),
        ({**BODY, "question": "x"}, "question"),
        ({**BODY, "region_code": "99.99.99.9999"}, "region_code"),
        ({**BODY, "region_code": "63.05.03"}, "region_code"),
        ({**BODY, "contact": "x" * 201}, "contact"),
        ({**BODY, "extra": 1}, "extra"),
        ({"topic": "paspor"}, "region_code"),
    ],
)
def test_api_bad_input_is_422_with_field(client, world, body, field):
    response = post(client, body)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not Question.objects.exists()


def test_api_shares_the_lapor_rate_limit(client, world, settings):
    settings.REPORTS_RATE_LIMIT = 1
    assert post(client, BODY).status_code == 201
    assert post(client, {**BODY, "question": "Pertanyaan kedua yang lain"}).status_code == 429


def test_api_code_lookup_typo_400_unknown_404(client, world, ask):
    code = ask().code
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert client.get(f"/api/v1/questions/{typo}").status_code == 400
    assert client.get("/api/v1/questions/2222222222").status_code in (400, 404)


def test_api_officer_list_and_answer_scoped(client, world, ask):
    from desabinaan.accounts.services import token_create

    q = ask(contact="0812-0000-1111")
    own = token_create(actor=world["users"]["pimpasa.mandurian"]).raw
    other = token_create(actor=world["users"]["pimpasa.koba"]).raw
    listed = client.get("/api/v1/questions", headers={"Authorization": f"Bearer {own}"}).json()
    assert listed["count"] == 1 and listed["items"][0]["contact"] == "0812-0000-1111"
    assert (
        client.get("/api/v1/questions", headers={"Authorization": f"Bearer {other}"}).json()[
            "count"
        ]
        == 0
    )
    url = f"/api/v1/questions/{q.pk}/answer"
    bad = client.post(
        url,
        {"answer": ""},
        content_type="application/json",
        headers={"Authorization": f"Bearer {own}"},
    )
    assert bad.status_code == 422
    outside = client.post(
        url,
        {"answer": "Ya"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {other}"},
    )
    assert outside.status_code == 404
    ok = client.post(
        url,
        {"answer": "Ya, bisa.", "public": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {own}"},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "dijawab"
    assert client.get(f"/api/v1/questions/{q.code}").json()["answer"] == "Ya, bisa."
    assert client.get("/api/v1/questions").status_code == 401
