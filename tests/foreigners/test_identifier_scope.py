"""Endpoints that take an identifier of another record (an id, a passport number, a region
code) answer the same for a record that exists outside the caller's area as for one that does
not exist at all: status codes never tell them apart (issue 12, item 3)."""

import itertools

import pytest
from django.core.cache import cache

from desabinaan.accounts.scope import public_actor
from desabinaan.accounts.services import token_create
from desabinaan.foreigners.models import AccessLog, Foreigner
from desabinaan.regions.models import Region
from desabinaan.reports import services as report_services

from .conftest import MANDURIAN, PADANG_MULIA, person
from .test_api import body
from .test_views import form

pytestmark = pytest.mark.django_db

MISSING = 987654
ELSEWHERE_PASSPORT = "EL5EWHERE1"
_numbers = itertools.count(1)


@pytest.fixture
def elsewhere(world, register):
    """A person, a stay and a report in Kecamatan Koba (Bangka Tengah): outside every Mandurian
    and Tapin account's area."""
    cache.clear()
    stay = register(
        user="pimpasa.koba",
        region=PADANG_MULIA,
        who=person(passport_number=ELSEWHERE_PASSPORT, passport_country="DE"),
    )
    report = report_services.report_submit(
        actor=public_actor(),
        category="wna_mencurigakan",
        region=Region.objects.get(code=PADANG_MULIA),
        description="Ada orang asing tinggal di rumah kosong dekat pantai.",
    ).report
    return {"foreigner": stay.foreigner_id, "stay": stay.pk, "report": report.pk}


def bearer(user):
    return {"Authorization": f"Bearer {token_create(actor=user, label='t').raw}"}


def fresh_body(**overrides):
    n = next(_numbers)
    return body(given_names=f"Orang{n}", family_name=f"Baru{n}", **overrides)


# (method, path template, JSON body or None) for the API; {id} is the identifier under test.
API_CASES = {
    "foreigner detail": ("get", "/api/v1/foreigners/{foreigner}", None),
    "foreigner search by passport": ("get", "/api/v1/foreigners?q={passport}", None),
    "stay with foreigner_id": ("post", "/api/v1/stays", {"foreigner_id": "{foreigner}"}),
    "stay with passport": ("post", "/api/v1/stays", {"passport_number": "{passport}"}),
    "report detail": ("get", "/api/v1/reports/{report}", None),
    "report verify": ("post", "/api/v1/reports/{report}/verify", {}),
}
USERS = ["mitra.mandurian", "pimpasa.mandurian", "kanim.banjarmasin"]


def _fill(value, ids):
    if isinstance(value, str):
        if value in ("{foreigner}", "{report}"):
            return ids[value[1:-1]]
        return value.format(**ids)
    return value


def api_call(client, user, case, ids):
    method, path, payload = API_CASES[case]
    url = _fill(path, ids)
    headers = bearer(user)
    if method == "get":
        return client.get(url, headers=headers)
    data = {k: _fill(v, ids) for k, v in (payload or {}).items()}
    if url.endswith("/stays"):
        data = fresh_body(**data)
    return client.post(url, data, content_type="application/json", headers=headers)


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("case", list(API_CASES))
def test_api_answers_elsewhere_as_missing(client, world, elsewhere, username, case):
    user = world["users"][username]
    if username == "kanim.banjarmasin" and case in ("stay with foreigner_id", "stay with passport"):
        pytest.skip("the office level may search nationally: it is offered the person")
    there = {**elsewhere, "passport": ELSEWHERE_PASSPORT}
    nowhere = {"foreigner": MISSING, "stay": MISSING, "report": MISSING, "passport": "NO5UCH001"}
    a = api_call(client, user, case, there)
    b = api_call(client, user, case, nowhere)
    assert a.status_code == b.status_code, (a.content, b.content)
    assert a.status_code < 500
    if case == "foreigner search by passport":
        assert a.json()["count"] == b.json()["count"] == 0
    if case == "stay with passport":
        assert str(elsewhere["foreigner"]) not in str(
            [c.get("id") for c in a.json().get("candidates", [])]
        )


WEB_CASES = {
    "foreigner page": ("get", "/wna/{foreigner}/"),
    "full record": ("get", "/wna/{foreigner}/lengkap/"),
    "photo": ("get", "/wna/{foreigner}/foto/"),
    "merge": ("get", "/wna/{foreigner}/gabung/"),
    "verify stay": ("post", "/wna/tinggal/{stay}/verifikasi/"),
    "depart stay": ("post", "/wna/tinggal/{stay}/keberangkatan/"),
    "report page": ("get", "/lapor/masuk/{report}/"),
    "village page": ("get", "/program/desa/{desa}/"),
}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("case", list(WEB_CASES))
def test_pages_answer_elsewhere_as_missing(client, world, elsewhere, username, case):
    client.force_login(world["users"][username])
    method, path = WEB_CASES[case]
    there = path.format(**elsewhere, desa=PADANG_MULIA)
    nowhere = path.format(foreigner=MISSING, stay=MISSING, report=MISSING, desa="99.99.99.9999")
    call = client.get if method == "get" else client.post
    a, b = call(there), call(nowhere)
    assert a.status_code == b.status_code
    assert a.status_code < 500


@pytest.mark.parametrize("username", ["mitra.mandurian", "pimpasa.mandurian"])
def test_registration_form_answers_a_passport_elsewhere_as_unknown(
    client, world, elsewhere, username
):
    client.force_login(world["users"][username])
    there = client.post(
        "/wna/daftar/",
        form(given_names="Satu", passport_number=ELSEWHERE_PASSPORT, region=MANDURIAN),
    )
    nowhere = client.post(
        "/wna/daftar/", form(given_names="Dua", passport_number="NO5UCH002", region=MANDURIAN)
    )
    assert there.status_code == nowhere.status_code == 302
    # A record of its own: the other person was not linked, nor named, nor logged.
    assert Foreigner.objects.filter(passports__number=ELSEWHERE_PASSPORT).count() == 2
    assert not AccessLog.objects.filter(kind="link").exists()
