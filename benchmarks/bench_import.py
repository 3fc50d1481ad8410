"""Bulk import of stays (`manage.py import_stays`) beside a raw executemany (SQLite) or COPY
(PostgreSQL) of the same rows into the same three tables, measured in the same run.

BENCH_IMPORT_ROWS sets the number of generated rows (default 1,000,000). Runs on a throw-away
SQLite file, or on PostgreSQL when BENCH_DATABASE_URL is set (a database that may be emptied).
Targets (issue 6): >= 20,000 rows/s and >= 1/3 of the raw baseline."""

import csv
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from benchmarks.bench_regions import _setup

NATIONS = ["AU", "CN", "DE", "GB", "IN", "JP", "KR", "MY", "NL", "SG", "US", "FR"]
PERMITS = ["C1", "E23", "E31A", "ITAS", "ITAP", "E33", "B1"]


def _generate(path: Path, rows: int, desa: list[str]) -> None:
    rnd = random.Random(6)
    start = dt.date(2025, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "given_names", "family_name", "sex", "date_of_birth", "nationality",
                "passport_number", "passport_country", "passport_expiry", "region_code",
                "address", "host_name", "host_kind", "purpose", "arrival_date",
                "expected_departure", "permit_code", "permit_number", "permit_expiry",
            ]
        )  # fmt: skip
        for i in range(rows):
            nation = NATIONS[i % len(NATIONS)]
            arrival = start + dt.timedelta(days=rnd.randrange(300))
            writer.writerow(
                [
                    f"Given{i % 997}", f"Family{i}", "LP"[i % 2],
                    (dt.date(1960, 1, 1) + dt.timedelta(days=rnd.randrange(15000))).isoformat(),
                    nation, f"X{i:08d}", nation, "2032-01-01", desa[i % len(desa)],
                    f"Jl. Contoh {i % 500} RT {i % 9}", "Tuan Rumah", "keluarga", "keluarga",
                    arrival.isoformat(), "", PERMITS[i % len(PERMITS)], f"P{i}",
                    (arrival + dt.timedelta(days=365)).isoformat(),
                ]
            )  # fmt: skip


def run() -> None:
    _setup()
    from django.db import connection, transaction

    from desabinaan.accounts.models import Role, User
    from desabinaan.accounts.scope import system_actor
    from desabinaan.foreigners.importer import StayImporter
    from desabinaan.foreigners.models import Foreigner, PassportNumber, Stay
    from desabinaan.regions.models import Level, Region
    from desabinaan.regions.services import regions_load

    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "1000000"))
    if not Region.objects.filter(code__startswith="63.05.").exists():
        regions_load(actor=system_actor("bench_import"), within=("63.05",))
    desa = list(
        Region.objects.filter(level=Level.DESA, code__startswith="63.05.").values_list(
            "code", flat=True
        )
    )
    user, _ = User.objects.get_or_create(username="bench.pusat", defaults={"role": Role.PUSAT})

    def empty():
        # Raw SQL: the ORM's delete walks a million objects and their relations first. The
        # benchmark's database holds nothing else, so PostgreSQL may truncate.
        tables = [m._meta.db_table for m in (Stay, PassportNumber, Foreigner)]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")

    folder = Path(tempfile.mkdtemp())
    source = folder / "stays.csv"
    _generate(source, rows, desa)
    print(f"database: {connection.vendor}, {rows:,} rows ({source.stat().st_size / 1e6:.0f} MB)")

    empty()
    started = time.perf_counter()
    result = StayImporter(actor=user).run(source)
    app = time.perf_counter() - started
    assert result.run.rows_created == rows, result.run.rows_created

    # The baseline writes exactly the rows the import wrote, read back from the tables.
    tables = []
    for model in (Foreigner, PassportNumber, Stay):
        columns = [f.column for f in model._meta.concrete_fields]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {model._meta.db_table}")
            data = cursor.fetchall()
        tables.append((model._meta.db_table, columns, data))

    started = time.perf_counter()
    again = StayImporter(actor=user).run(source)
    rerun = time.perf_counter() - started
    assert again.run.rows_created == 0

    empty()

    def raw():
        with transaction.atomic(), connection.cursor() as cursor:
            for table, columns, data in tables:
                if connection.vendor == "postgresql":
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for record in data:
                            copy.write_row(record)
                else:
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", data
                    )

    started = time.perf_counter()
    raw()
    base = time.perf_counter() - started
    empty()
    source.unlink()
    print(f"import_stays (validate + write): {app:7.2f} s  ({rows / app:10,.0f} rows/s)")
    print(f"raw {'COPY' if connection.vendor == 'postgresql' else 'executemany'} baseline:"
          f"        {base:7.2f} s  ({rows / base:10,.0f} rows/s)")  # fmt: skip
    print(f"  ratio import/raw throughput: {base / app:.2f} (target >= 0.33)")
    print(f"re-run of the same file (resume, nothing new): {rerun:7.2f} s")
