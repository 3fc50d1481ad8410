"""Region tree: full load and search, each beside a raw-SQL baseline measured in the same run.

Runs on a throw-away SQLite file, or on PostgreSQL when BENCH_DATABASE_URL is set (a database
that may be emptied)."""

import os
import statistics
import tempfile
import time


def _setup() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desabinaan.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _timed(fn, repeat: int = 1) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def run() -> None:
    _setup()
    from django.db import connection, transaction

    from desabinaan.accounts.scope import system_actor
    from desabinaan.regions.models import Region
    from desabinaan.regions.selectors import region_search
    from desabinaan.regions.services import _FIELDS, _walk, regions_load

    actor = system_actor("bench_regions")

    table = Region._meta.db_table

    def empty_table():
        # One statement: the self-referencing parent keys are satisfied when it ends.
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")

    print(f"database: {connection.vendor}")
    empty_table()
    first = _timed(lambda: regions_load(actor=actor))
    second = _timed(lambda: regions_load(actor=actor))
    rows = [(r.code, *(getattr(r, f) for f in _FIELDS)) for r in _walk()]
    empty_table()
    columns = ", ".join(["code", *_FIELDS])
    marks = ", ".join(["%s"] * (len(_FIELDS) + 1))

    def raw_insert():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    raw = _timed(raw_insert)
    regions_load(actor=actor)  # leave the table as the app expects it
    print(f"load_regions, empty table: {first:6.2f} s  ({len(rows) / first:,.0f} rows/s)")
    print(f"raw executemany baseline:  {raw:6.2f} s  ({len(rows) / raw:,.0f} rows/s)")
    print(f"  ratio app/raw: {first / raw:.2f}x")
    print(f"load_regions, second run:  {second:6.2f} s  (nothing to write)")

    queries = ["mandurian", "sungai", "koba", "air", "63.05.03"]

    def app_search():
        for q in queries:
            list(region_search(q=q, level="desa")[:50])

    def raw_search():
        with connection.cursor() as cursor:
            for q in queries:
                cursor.execute(
                    f"SELECT code, name FROM {table} WHERE level = 'desa' AND name_folded LIKE %s "
                    "ORDER BY name LIMIT 50",
                    [f"%{q}%"],
                )
                cursor.fetchall()

    app = _timed(app_search, repeat=7) / len(queries)
    base = _timed(raw_search, repeat=7) / len(queries)
    print(f"region search (50 results): {app * 1000:6.1f} ms/query")
    print(f"raw LIKE baseline:          {base * 1000:6.1f} ms/query")
    print(f"  ratio app/raw: {app / base:.2f}x")
