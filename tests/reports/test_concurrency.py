"""Many residents at once: every report saved with its own code, and concurrent retries with one
Idempotency-Key still make one report. PostgreSQL only: SQLite serialises writers by design, so
parallel threads there test the lock, not our code."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from desabinaan.accounts.scope import public_actor
from desabinaan.regions.models import Region
from desabinaan.reports import services
from desabinaan.reports.models import Report

from .conftest import KOBA_DESA

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
        barrier.wait()  # start together, so the writes really overlap
        try:
            return work(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def test_fifty_parallel_submissions_are_all_saved_with_distinct_codes(world):
    region = Region.objects.get(code=KOBA_DESA)

    def submit(i):
        return services.report_submit(
            actor=public_actor(),
            category="pengungsi",
            region=region,
            description=f"Orang asing terdampar, laporan nomor {i}.",
        ).report.tracking_code

    codes = _in_threads(50, submit)
    assert len(set(codes)) == 50
    assert Report.objects.count() == 50
    assert set(Report.objects.values_list("tracking_code", flat=True)) == set(codes)


def test_parallel_retries_with_one_key_make_one_report(world):
    region = Region.objects.get(code=KOBA_DESA)

    def submit(_i):
        return services.report_submit(
            actor=public_actor(),
            category="tppo",
            region=region,
            description="Perekrut menahan paspor warga.",
            idempotency_key="retry-key",
            fingerprint="same-body",
        ).report.tracking_code

    codes = _in_threads(10, submit)
    assert len(set(codes)) == 1
    assert Report.objects.count() == 1
