"""Letters issued at the same moment in one desa never share a number, and two issues for one
stay at once make one letter. PostgreSQL only: SQLite serialises writers by design, so parallel
threads there test its lock, not our counter row."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection, connections

from desabinaan.accounts.scope import actor_for, system_actor
from desabinaan.core.refusals import Invalid
from desabinaan.foreigners import letters
from desabinaan.foreigners.models import DomicileLetter, LetterCounter, Stay
from desabinaan.regions.models import Region

from .conftest import MANDURIAN, person, stay_input

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL; SQLite runs one writer at a time",
    ),
]


def _in_threads(n, work):
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()  # start together, so the counter is really contended
        try:
            return work(i)
        except Invalid as exc:
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


@pytest.fixture
def ready(world):
    call_command("load_permit_types", verbosity=0)
    letters.letterhead_save(
        actor=system_actor("test"),
        region=Region.objects.get(code=MANDURIAN),
        data={
            "government": "PEMERINTAH KABUPATEN TAPIN",
            "village_name": "DESA MANDURIAN",
            "address": "Jl. Desa 1",
            "head_title": "Kepala Desa",
            "head_name": "Ahmad",
            "classification": "470",
            "validity_months": 12,
        },
    )
    return world


def _stays(world, n) -> list[Stay]:
    from desabinaan.foreigners.services import stay_register

    return [
        stay_register(
            actor=world["users"]["kanim.banjarmasin"],
            stay=stay_input(MANDURIAN, permit_number=f"P{i}", permit_expiry=dt.date(2099, 1, 1)),
            person=person(),
        )
        for i in range(n)
    ]


def test_parallel_issues_in_one_desa_get_distinct_consecutive_numbers(ready):
    stays = _stays(ready, 12)
    mitra = ready["users"]["mitra.mandurian"]

    def issue(i):
        # Each thread its own User instance, as each request has.
        user = type(mitra).objects.get(pk=mitra.pk)
        return letters.domicile_letter_issue(actor=actor_for(user), stay=stays[i]).sequence

    sequences = _in_threads(12, issue)
    assert sorted(sequences) == list(range(1, 13))
    assert DomicileLetter.objects.count() == 12
    assert LetterCounter.objects.get().last == 12


def test_parallel_issues_for_one_stay_make_one_letter(ready):
    (stay,) = _stays(ready, 1)
    mitra = ready["users"]["mitra.mandurian"]

    def issue(_i):
        user = type(mitra).objects.get(pk=mitra.pk)
        return letters.domicile_letter_issue(actor=actor_for(user), stay=stay)

    results = _in_threads(6, issue)
    made = [r for r in results if isinstance(r, DomicileLetter)]
    refused = [r for r in results if isinstance(r, Invalid)]
    assert len(made) == 1 and len(refused) == 5
    assert {r.code for r in refused} == {"letter_exists"}
    assert DomicileLetter.objects.count() == 1
