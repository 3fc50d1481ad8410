"""Writing to the database as fast as it takes rows (raw SQL, COPY on PostgreSQL), and the
temporary spill file between the check pass and the write pass."""

from __future__ import annotations

import datetime as dt
import logging
import marshal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from ..models import Foreigner, PassportNumber, Stay

log = logging.getLogger("desabinaan.foreigners.importer")


def _t(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


@contextmanager
def _bulk_writes():
    """SQLite settings for one import, undone afterwards (a worker's connection lives on).

    A larger page cache keeps the indexes the batches probe and extend in memory (the default is
    2 MiB). (Turning WAL checkpoints off until the end was tried: the WAL grew to the size of
    the tables and every page lookup slowed down, more than doubling a 1,000,000-row import.)"""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MiB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")  # SQLite's default


def _batch_transaction_setup() -> None:
    """Called first in each batch's transaction.

    One import at a time: the check for stays already saved and the insert must not interleave
    with another import of an overlapping file. On SQLite the IMMEDIATE transaction already holds
    the write lock; on PostgreSQL an advisory lock does it. A batch's commit need not wait for
    the disk on PostgreSQL: a crash can lose at most the last batches, never corrupt anything,
    and running the file again (the resume) saves them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('desabinaan.import_stays'))")
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _allocate_ids(model, count: int) -> list[int]:
    """Primary keys for `count` new rows, taken before inserting so the stays can point at the
    people without reading them back. Called inside the batch's transaction: on SQLite that
    transaction holds the write lock (IMMEDIATE), on PostgreSQL the sequence hands out ranges
    safely to concurrent importers."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite AUTOINCREMENT never reuses an id, even of a deleted row: start above both.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        top = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        top = max(top, cursor.fetchone()[0])
    return list(range(top + 1, top + 1 + count))


def _select_in(sql: str, values) -> list[tuple]:
    """Rows of `sql`, whose one IN (%s) placeholder takes `values`. Raw SQL: the ORM spends
    longer preparing 20,000 parameters than the database spends answering. PostgreSQL takes
    them as one array (= ANY), which it plans and binds far faster than a list of parameters."""
    values = list(values)
    if not values:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql.replace("IN (%s)", "= ANY(%s)"), [values])
        else:
            marks = ", ".join(["%s"] * len(values))
            cursor.execute(sql.replace("IN (%s)", f"IN ({marks})"), values)
        return cursor.fetchall()


def _passport_owners(numbers: set[str]) -> dict[tuple[str, str], int]:
    """(issuing country, number) → the person holding it, for live (not merged-away) people.

    Two queries rather than a join: given thousands of numbers, SQLite's planner walks every
    live person instead of probing the passport index, which made each batch slower than the
    last as the table grew."""
    rows = _select_in(
        f"SELECT issuing_country, number, foreigner_id "  # noqa: S608
        f"FROM {PassportNumber._meta.db_table} WHERE number IN (%s)",
        numbers,
    )
    live = {
        pk
        for (pk,) in _select_in(
            f"SELECT id FROM {Foreigner._meta.db_table} "  # noqa: S608
            f"WHERE merged_into_id IS NULL AND id IN (%s)",
            {fid for _c, _n, fid in rows},
        )
    }
    return {(c, n): fid for c, n, fid in rows if fid in live}


def _stays_of(people: set[int]) -> set[tuple[int, str, str]]:
    """(person, desa, arrival date) of every stay these people have: what makes a stay the same
    one again, whether it came from an earlier import or was registered by hand."""
    rows = _select_in(
        f"SELECT foreigner_id, region_code, arrival_date "  # noqa: S608
        f"FROM {Stay._meta.db_table} WHERE foreigner_id IN (%s)",
        people,
    )
    return {(fid, region, str(arrival)) for fid, region, arrival in rows}


def _insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """The rows straight into the table, by COPY on PostgreSQL and executemany on SQLite: the
    ORM's per-object work would cost more than the database's (benchmarks/bench_import.py).
    Column names come from the model; values are already in the database's form."""
    if not rows:
        return
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def _delete_in(model, column: str, ids) -> None:
    """Delete rows whose `column` is one of `ids`, a chunk at a time."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for at in range(0, len(ids), 5000):
            chunk = list(ids[at : at + 5000])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)  # noqa: S608


def _where(exc: BaseException) -> str:
    """Where an exception was raised (file:line), for the log: never its message, which may
    quote a row's values (a name, a passport number)."""
    frame = exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    if frame is None:
        return "?"
    return f"{Path(frame.tb_frame.f_code.co_filename).name}:{frame.tb_lineno}"


def _spill_write(spill, batch: list[tuple]) -> None:
    """One batch of parsed rows (str, int and None only) to the temporary file, length first.
    marshal.dumps/loads on whole blobs: marshal.load on a file reads in tiny pieces and took
    longer than the database writes."""
    blob = marshal.dumps(batch)
    spill.write(len(blob).to_bytes(8, "little"))
    spill.write(blob)


def _spill_read(spill) -> Iterator[list[tuple]]:
    while head := spill.read(8):
        yield marshal.loads(spill.read(int.from_bytes(head, "little")))  # noqa: S302 - our file
