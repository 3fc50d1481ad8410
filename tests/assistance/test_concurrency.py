"""Many residents sign up at once: the quota is never exceeded, queue numbers are distinct, the
rest wait in order; cancellations in parallel hand each place to exactly one waiting resident.
PostgreSQL only: SQLite runs one writer at a time, so threads there test its lock, not ours."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from desabinaan.assistance import services
from desabinaan.assistance.models import HOLDING_PLACE, ServiceDay, SignUp, SignUpStatus

from .conftest import PUBLIC, sign_up

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
        barrier.wait()
        try:
            return work(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def test_thirty_parallel_sign_ups_never_exceed_a_quota_of_ten(world, make_day):
    day = make_day(quota=10)

    def work(i):
        return sign_up(ServiceDay.objects.get(pk=day.pk), f"Warga {i}").signup.pk

    _in_threads(30, work)
    holding = SignUp.objects.filter(day=day, status__in=HOLDING_PLACE)
    assert holding.count() == 10
    assert sorted(holding.values_list("queue_number", flat=True)) == list(range(1, 11))
    assert SignUp.objects.filter(day=day, status=SignUpStatus.MENUNGGU).count() == 20


def test_parallel_cancellations_fill_each_place_once_in_order(world, make_day):
    day = make_day(quota=5)
    placed = [sign_up(day, f"A{i}").signup for i in range(5)]
    waiting = [sign_up(day, f"W{i}").signup for i in range(8)]

    def work(i):
        services.signup_cancel(actor=PUBLIC, signup=placed[i])

    _in_threads(5, work)
    holding = SignUp.objects.filter(day=day, status__in=HOLDING_PLACE)
    assert holding.count() == 5
    # The first five of the waiting list, in the order they signed up.
    assert set(holding.values_list("pk", flat=True)) == {w.pk for w in waiting[:5]}
    assert SignUp.objects.filter(day=day, status=SignUpStatus.MENUNGGU).count() == 3
