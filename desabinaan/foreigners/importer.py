"""Bulk import of stays from CSV or XLSX (`manage.py import_stays`, the Kanim's import page).

Two passes over the file. The first validates every row and writes nothing; with
`all_or_nothing` (the default) any wrong row stops the import there, so nothing is half-saved.
The second writes the valid rows in committed batches. A stay is the same stay again when its
person (found by passport), desa and arrival date are, so after an interruption the same file can
be run again: rows already saved are found and skipped, nothing is doubled.

People are matched by passport (issuing country + number); a passport not yet known makes a new
person. Name-based duplicates are left to the officers' merge page: a bulk file cannot ask."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import marshal
import multiprocessing
import os
import re
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import gt, itemgetter
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from desabinaan.accounts.models import User
from desabinaan.accounts.scope import scope_filter
from desabinaan.core.csvexport import write_csv
from desabinaan.regions.models import Level, Region

from . import permissions
from .import_split import split_points
from .models import Foreigner, ImportRun, PassportNumber, PermitType, Stay
from .text import fold_address, fold_name, normalise_passport, passport_number_problem

log = logging.getLogger(__name__)

# The file's columns (README "Foreigner registry"). Order does not matter; names do.
COLUMNS = (
    "given_names",
    "family_name",
    "aliases",
    "sex",
    "date_of_birth",
    "nationality",
    "passport_number",
    "passport_country",
    "passport_expiry",
    "region_code",
    "address",
    "host_name",
    "host_kind",
    "purpose",
    "arrival_date",
    "expected_departure",
    "permit_code",
    "permit_number",
    "permit_expiry",
)
REQUIRED = (
    "given_names",
    "sex",
    "date_of_birth",
    "nationality",
    "passport_number",
    "passport_country",
    "region_code",
    "address",
    "host_kind",
    "purpose",
    "arrival_date",
    "permit_code",
    "permit_expiry",
)
# The model field each column is saved into. The checks read their limits (max_length,
# choices) from these fields, so a change to a model is a change to the import's checks: no
# second list of limits to keep in step. tests/foreigners/test_import_limits.py builds a bad
# value for every column from these fields.
COLUMN_FIELDS = {
    "given_names": (Foreigner, "given_names"),
    "family_name": (Foreigner, "family_name"),
    "aliases": (Foreigner, "aliases"),
    "sex": (Foreigner, "sex"),
    "date_of_birth": (Foreigner, "date_of_birth"),
    "nationality": (Foreigner, "nationality"),
    "passport_number": (PassportNumber, "number"),
    "passport_country": (PassportNumber, "issuing_country"),
    "passport_expiry": (PassportNumber, "expiry_date"),
    "region_code": (Stay, "region"),
    "address": (Stay, "address"),
    "host_name": (Stay, "host_name"),
    "host_kind": (Stay, "host_kind"),
    "purpose": (Stay, "purpose"),
    "arrival_date": (Stay, "arrival_date"),
    "expected_departure": (Stay, "expected_departure"),
    "permit_code": (Stay, "permit_type"),
    "permit_number": (Stay, "permit_number"),
    "permit_expiry": (Stay, "permit_expiry"),
}


def column_field(column: str):
    model, name = COLUMN_FIELDS[column]
    return model._meta.get_field(name)


def _choices(column: str) -> frozenset[str]:
    return frozenset(value for value, _label in column_field(column).choices)


# Free-text columns saved as typed, with the model's length limit: (position, column, limit).
# (Codes, choices and dates are checked against their lists and formats instead.)
_TEXT_LIMITS = tuple(
    (COLUMNS.index(c), c, column_field(c).max_length)
    for c in ("given_names", "family_name", "aliases", "address", "host_name", "permit_number")
)
_TEXT_PICK = itemgetter(*(at for at, _c, _m in _TEXT_LIMITS))
_TEXT_MAX = tuple(limit for _a, _c, limit in _TEXT_LIMITS)
# Control characters (NUL and the like) have no place in a name or an address, and PostgreSQL
# refuses NUL in text outright. Tab, line feed and carriage return may sit in a quoted cell.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SEX = {"L": "L", "P": "P", "M": "L", "F": "P"}
HOST_KINDS = _choices("host_kind")
PURPOSES = _choices("purpose")
_SPACES_DASHES = re.compile(r"[\s-]")
# Rows per committed batch. Each commit writes every index page the batch touched, and with
# random keys (names, birth dates) a larger batch touches each page once for more rows: at a
# million rows 20,000 took half the time of 5,000. Larger gained little and holds SQLite's write
# lock longer (about a second per batch here).
BATCH = 20000
# CSV files at least this large are checked by several processes at once (StayImporter._parts).
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
# Positions in COLUMNS of the required columns, and of the dates with whether each is required.
_REQUIRED_AT = tuple(COLUMNS.index(c) for c in REQUIRED)
_DATES = tuple(
    (COLUMNS.index(c), c, c in REQUIRED)
    for c in (
        "date_of_birth",
        "passport_expiry",
        "arrival_date",
        "expected_departure",
        "permit_expiry",
    )
)


# Columns written by the raw insert, in the order of the value tuples built in _write_batch.
FOREIGNER_FIELDS = (
    "id",
    "family_name",
    "given_names",
    "aliases",
    "name_folded",
    "sex",
    "date_of_birth",
    "nationality",
    "photo",
    "created_at",
    "created_by",
)
PASSPORT_FIELDS = ("foreigner", "number", "issuing_country", "expiry_date", "recorded_at")
STAY_FIELDS = (
    "id",
    "foreigner",
    "region",
    "address",
    "address_key",
    "host_name",
    "host_kind",
    "purpose",
    "arrival_date",
    "expected_departure",
    "departure_kind",
    "permit_type",
    "permit_number",
    "permit_expiry",
    "registered_by",
    "registered_at",
    "verified_with",
)


class ImportFileError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, missing columns)."""


@dataclass
class RowError:
    line: int
    message: str
    raw: dict


@dataclass
class ImportResult:
    run: ImportRun
    errors: list[RowError] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return self.run.status == ImportRun.Status.DONE


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, values) for a CSV (UTF-8, `,` or `;`) or XLSX file. The first item is the
    header (line 1), already checked for the required columns; empty rows are left out."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if head.startswith(b"PK\x03\x04"):
        yield from _read_xlsx(path)
        return
    if b"\x00" in head:
        raise ImportFileError(_("The file is not a CSV or XLSX file."))
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 8 KiB boundary is not a wrong encoding.
        if exc.start < len(head) - 4:
            raise ImportFileError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from exc
    with path.open(encoding="utf-8-sig", newline="") as fh:
        delimiter = _delimiter(fh.read(4096))
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise ImportFileError(_("The file is empty.")) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFileError(_("The file is not a CSV or XLSX file.")) from exc
        yield 1, _check_header(header)
        try:
            for values in reader:
                if any(values):
                    yield reader.line_num, [v.strip() for v in values]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFileError(
                _("The file cannot be read past line %(line)s.") % {"line": reader.line_num}
            ) from exc


def _delimiter(sample: str) -> str:
    """`;` when the file's start has more of them than commas (spreadsheets saved in an
    Indonesian locale), else `,`."""
    return ";" if sample.count(";") > sample.count(",") else ","


def _read_xlsx(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The rows of an XLSX file's first sheet. Any failure of the reader (a damaged archive,
    broken XML part way through, a ZIP that is no workbook) is the file's fault: one
    ImportFileError, whatever the reader raised."""
    from openpyxl import load_workbook

    # Opened as a file, not by name: openpyxl refuses a path not ending in .xlsx, and the
    # content decides the type here (an XLSX saved under a .csv name is still an XLSX).
    handle = path.open("rb")
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:
        handle.close()
        raise ImportFileError(_("The file is not a CSV or XLSX file.")) from exc
    number = 1
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        yield 1, _check_header([_text(h) for h in header])
        for number, values in enumerate(rows, start=2):
            if any(v not in (None, "") for v in values):
                yield number, [_text(v) for v in values]
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            _("The file cannot be read past line %(line)s.") % {"line": number}
        ) from exc
    finally:
        book.close()
        handle.close()


def _check_header(header: list[str]) -> list[str]:
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(columns)s. The import page lists the columns.")
            % {"columns": ", ".join(missing)}
        )
    return names


def _date(value: str, name: str, required: bool) -> str | None:
    """The date as YYYY-MM-DD text, which both databases take for a date column and which
    compares like the dates themselves."""
    if not value:
        if required:
            raise ValueError(_("%(field)s is required") % {"field": name})
        return None
    try:
        if "/" in value:  # spreadsheets saved in Indonesian locale: DD/MM/YYYY
            day, month, year = value.split("/")
            return dt.date(int(year), int(month), int(day)).isoformat()
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise ValueError(
            _("%(field)s is not a valid date (YYYY-MM-DD or DD/MM/YYYY)") % {"field": name}
        ) from None


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


class StayImporter:
    """One import by one user, whose region scope bounds the desa the rows may name."""

    def __init__(
        self,
        *,
        acting_user: User,
        all_or_nothing: bool = True,
        batch_size: int = BATCH,
        progress: Callable[[str, int, int], None] | None = None,
        workers: int | None = None,
        parallel_min_bytes: int = PARALLEL_MIN_BYTES,
    ):
        if not permissions.can_import(acting_user):
            raise ImportFileError(_("Your role cannot import foreigner data."))
        self.user = acting_user
        self.all_or_nothing = all_or_nothing
        self.batch_size = batch_size
        self.progress = progress or (lambda phase, done, total: None)
        today = timezone.localdate()
        self.today = today.isoformat()
        self.tomorrow = (today + dt.timedelta(days=1)).isoformat()
        self.permits = {p.code.upper(): p.pk for p in PermitType.objects.filter(active=True)}
        self.desa = set(
            scope_filter(Region.objects.filter(level=Level.DESA), acting_user, "").values_list(
                "code", flat=True
            )
        )
        self.countries = {code for code, _name in countries}
        self.dates: dict[str, str] = {}
        self._known_desa: frozenset[str] | None = None
        # One checking process per core (at most four) for files of parallel_min_bytes or more.
        self.workers = min(workers or os.cpu_count() or 1, 4)
        self.parallel_min_bytes = parallel_min_bytes
        # Primary keys of the people and stays this run has committed (see _undo).
        self.created_people: array = array("q")
        self.created_stays: array = array("q")

    # -- validation ----------------------------------------------------------------------------

    def parse(self, f: tuple[str, ...]) -> tuple:
        """One row's fields, in the order of COLUMNS, as the values to save; ValueError with
        every problem of the row. Dates stay YYYY-MM-DD text (see _date)."""
        # Every problem of the row is told at once (issue 11 item 16): a missing value is one
        # problem, and the checks of that column are skipped rather than repeating it.
        absent = {COLUMNS[i] for i in _REQUIRED_AT if not f[i]}
        problems: list[str] = [
            _("%(field)s is required") % {"field": COLUMNS[i]} for i in _REQUIRED_AT if not f[i]
        ]
        dates = []
        known = self.dates
        for at, name, required in _DATES:
            # A file repeats its dates (arrivals, expiries, birth dates) many times over: each
            # distinct text is read once.
            value = f[at]
            if name in absent:
                dates.append(None)
                continue
            iso = known.get(value)
            if iso is None:
                try:
                    iso = _date(value, name, required)
                except ValueError as exc:
                    problems.append(str(exc))
                else:
                    if iso is not None:
                        known[value] = iso
            dates.append(iso)
        dob, passport_expiry, arrival, expected, permit_expiry = dates
        (given, family, aliases, sex, _dob, nationality, number, passport_country) = f[:8]
        region, address, host_name, host_kind, purpose = f[9:14]
        permit_code, permit_number = f[16], f[17]
        sex = SEX.get(sex.upper())
        if sex is None and "sex" not in absent:
            problems.append(_("sex must be L or P"))
        nationality, passport_country = nationality.upper(), passport_country.upper()
        for name, code in (("nationality", nationality), ("passport_country", passport_country)):
            if code not in self.countries and name not in absent:
                problems.append(_("%(field)s: unknown country code") % {"field": name})
        permit_id = self.permits.get(permit_code.upper())
        if permit_id is None and "permit_code" not in absent:
            problems.append(_("permit_code: unknown permit type"))
        if region not in self.desa and "region_code" not in absent:
            if region in self.known_desa():
                problems.append(_("region_code %(code)s is outside your area") % {"code": region})
            else:
                problems.append(_("region_code %(code)s is not a desa code") % {"code": region})
        host_kind, purpose = host_kind.lower(), purpose.lower()
        if host_kind not in HOST_KINDS and "host_kind" not in absent:
            problems.append(
                _("host_kind must be one of: %(c)s") % {"c": ", ".join(sorted(HOST_KINDS))}
            )
        if purpose not in PURPOSES and "purpose" not in absent:
            problems.append(_("purpose must be one of: %(c)s") % {"c": ", ".join(sorted(PURPOSES))})
        # Spaces and dashes are how numbers are often written in a sheet (documented as
        # ignored); any other sign is refused by the registration form's own rule, not dropped.
        number = _SPACES_DASHES.sub("", number)
        problem = passport_number_problem(number)
        if problem and "passport_number" not in absent:
            problems.append(f"passport_number: {problem}")
        number = normalise_passport(number)
        # YYYY-MM-DD text compares as the dates do.
        if dob and dob > self.today:
            problems.append(_("date_of_birth is in the future"))
        if arrival and arrival > self.tomorrow:
            problems.append(_("arrival_date is in the future"))
        if arrival and expected and expected < arrival:
            problems.append(_("expected_departure is before arrival_date"))
        # Both checks run on every row of a million: C-level loops first, the detail only for
        # a row that fails them.
        if any(map(gt, map(len, _TEXT_PICK(f)), _TEXT_MAX)):
            problems.extend(
                _("%(field)s is longer than %(limit)s characters") % {"field": name, "limit": limit}
                for at, name, limit in _TEXT_LIMITS
                if len(f[at]) > limit
            )
        joined = "".join(f)
        if not joined.isprintable() and _CONTROL.search(joined):
            problems.append(_("the row holds control characters (such as NUL); remove them"))
        if problems:
            raise ValueError("; ".join(problems))
        return (
            passport_country,
            number,
            passport_expiry,
            given,
            family,
            aliases,
            fold_name(given, family),
            sex,
            dob,
            nationality,
            region,
            address,
            fold_address(address),
            host_name,
            host_kind,
            purpose,
            arrival,
            expected,
            permit_id,
            permit_number,
            permit_expiry,
        )

    def validate(self, path: Path, spill=None) -> tuple[int, list[RowError]]:
        """Pass 1: every row checked, nothing written to the database. The parsed valid rows go
        to `spill` (a temporary binary file) in marshalled batches, so the write pass neither
        reads nor parses the file again. Returns (rows, errors). A large CSV file is checked by
        several processes, one part each (_validate_parts)."""
        parts = self._parts(path) if spill is not None else []
        if len(parts) > 1:
            return self._validate_parts(path, parts, spill)
        rows = read_rows(path)
        _line, names = next(rows)
        total, errors, _seen = self._check(rows, names, spill)
        return total, errors

    def _check(self, rows, names: list[str], spill) -> tuple[int, list[RowError], dict]:
        """Check (line, values) rows under the header `names`; spill the valid ones. Returns the
        row count, the errors and the stays seen (key digest → first line)."""
        errors: list[RowError] = []
        # Within one file a stay may appear once; 16-byte digests keep a million keys small.
        seen: dict[bytes, int] = {}
        total = 0
        batch: list[tuple] = []
        width = len(names)
        # A column the file leaves out reads the empty slot appended after the file's columns.
        pick = itemgetter(*(names.index(c) if c in names else width for c in COLUMNS))
        for line, values in rows:
            total += 1
            if len(values) != width:  # a ragged row: cut or pad it to the header
                values = (values + [""] * width)[:width]
            values.append("")
            try:
                parsed = self.parse(pick(values))
            except ValueError as exc:
                errors.append(RowError(line, str(exc), dict(zip(names, values, strict=False))))
            else:
                key = hashlib.blake2b(
                    f"{parsed[0]}|{parsed[1]}|{parsed[10]}|{parsed[16]}".encode(), digest_size=16
                ).digest()
                first = seen.setdefault(key, line)
                if first != line:
                    errors.append(
                        RowError(
                            line,
                            _("the same stay as line %(line)s") % {"line": first},
                            dict(zip(names, values, strict=False)),
                        )
                    )
                elif spill is not None:
                    # The line number rides along (last) so a row can still be left out after
                    # the parts are joined (_validate_parts).
                    batch.append((*parsed, line))
                    if len(batch) >= self.batch_size:
                        _spill_write(spill, batch)
                        batch = []
            if total % 50000 == 0:
                self.progress("validate", total, 0)
        if batch and spill is not None:
            _spill_write(spill, batch)
        return total, errors, seen

    def _parts(self, path: Path) -> list[tuple[int, int, int]]:
        """Byte ranges of a CSV file large enough to be checked by several processes."""
        if self.workers < 2 or path.stat().st_size < self.parallel_min_bytes:
            return []
        with path.open("rb") as fh:
            head = fh.readline()
        if head.startswith(b"PK\x03\x04") or b'"' in head:  # XLSX; or a header hard to cut
            return []
        return split_points(path, len(head), self.workers)

    def _validate_parts(self, path: Path, parts, spill) -> tuple[int, list[RowError]]:
        """Check each part in a forked process (the parent's database connection is inherited
        but never used there: the desa list is read before forking), then join the results in
        file order. A stay repeated across parts is found here, and its later rows are left
        out of the spill as they are copied in."""
        rows = read_rows(path)
        _line, names = next(rows)  # the header, checked as in a single pass
        rows.close()
        with path.open(encoding="utf-8-sig", newline="") as fh:
            delimiter = _delimiter(fh.read(4096))
        self.known_desa()
        global _PART_IMPORTER  # handed to the forked children, never pickled
        _PART_IMPORTER = self
        context = multiprocessing.get_context("fork")
        with tempfile.TemporaryDirectory() as folder:
            jobs = [
                (str(path), start, end, first, names, delimiter, f"{folder}/{number}")
                for number, (start, end, first) in enumerate(parts)
            ]
            try:
                with context.Pool(len(jobs)) as pool:
                    results = pool.map(_check_part, jobs)
            finally:
                _PART_IMPORTER = None
            total, errors, seen, repeated = 0, [], {}, set()
            for part_total, part_errors, part_seen in results:
                total += part_total
                errors.extend(part_errors)
                for key, line in part_seen.items():
                    first = seen.setdefault(key, line)
                    if first != line:
                        message = _("the same stay as line %(line)s") % {"line": first}
                        errors.append(RowError(line, message, {}))
                        repeated.add(line)
            for job in jobs:
                with open(job[-1], "rb") as part:
                    if not repeated:
                        shutil.copyfileobj(part, spill)
                        continue
                    for batch in _spill_read(part):
                        _spill_write(spill, [r for r in batch if r[-1] not in repeated])
        errors.sort(key=lambda e: e.line)
        self.progress("validate", total, 0)
        return total, errors

    def known_desa(self) -> frozenset[str]:
        """Every desa code, to tell "outside your area" from "not a desa" in an error."""
        if self._known_desa is None:
            self._known_desa = frozenset(
                Region.objects.filter(level=Level.DESA).values_list("code", flat=True)
            )
        return self._known_desa

    # -- writing -------------------------------------------------------------------------------

    def _write_batch(self, batch: list[tuple]) -> tuple[int, int]:
        """Save one batch in its own transaction. Returns (created, already there).

        A row whose passport belongs to a known person is a stay of that person, unless that
        person already has a stay in the same desa from the same arrival date (saved by an
        earlier run of the file, or registered by hand): then nothing is added."""
        with transaction.atomic():
            _batch_transaction_setup()
            owners = _passport_owners({r[1] for r in batch})
            known = _stays_of({owners[(r[0], r[1])] for r in batch if (r[0], r[1]) in owners})
            now = _t(timezone.now())
            user = self.user.pk
            pending, new_people = [], {}
            for r in batch:
                passport = (r[0], r[1])
                owner = owners.get(passport)
                if owner is None:
                    # The first row of a new passport makes the person; later rows with the
                    # same passport are more stays of that person.
                    new_people.setdefault(passport, r)
                elif (owner, r[10], r[16]) in known:
                    continue
                pending.append(r)
            ids = _allocate_ids(Foreigner, len(new_people))
            for pk, passport in zip(ids, new_people, strict=True):
                owners[passport] = pk
            stay_ids = _allocate_ids(Stay, len(pending))
            _insert(
                Foreigner,
                FOREIGNER_FIELDS,
                [
                    (owners[k], r[4], r[3], r[5], r[6], r[7], r[8], r[9], "", now, user)
                    for k, r in new_people.items()
                ],
            )
            _insert(
                PassportNumber,
                PASSPORT_FIELDS,
                [(owners[k], k[1], k[0], r[2], now) for k, r in new_people.items()],
            )
            _insert(
                Stay,
                STAY_FIELDS,
                [
                    (pk, owners[(r[0], r[1])], *r[10:18], "", *r[18:21], user, now, "")
                    for pk, r in zip(stay_ids, pending, strict=True)
                ],
            )
        # Committed: remembered so that a later failure can take them back (_undo).
        self.created_people.extend(ids)
        self.created_stays.extend(stay_ids)
        return len(pending), len(batch) - len(pending)

    def _undo(self) -> bool:
        """Delete what this run saved (all-or-nothing after a failure in the write pass, whose
        batches are committed one by one). True when it is all gone."""
        try:
            with transaction.atomic():
                _delete_in(Stay, "id", self.created_stays)
                _delete_in(PassportNumber, "foreigner_id", self.created_people)
                _delete_in(Foreigner, "id", self.created_people)
        except Exception as exc:  # the database that just failed may fail again
            log.error("import: undo failed (%s at %s)", type(exc).__name__, _where(exc))
            return False
        self.created_people, self.created_stays = array("q"), array("q")
        return True

    def run(self, path: Path, *, file_name: str = "", run: ImportRun | None = None) -> ImportResult:
        """Import a file. `run` is the record a queued web import created; without it a new one
        is made (the command)."""
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        if run is None:
            run = ImportRun.objects.create(
                user=self.user,
                file_name=(file_name or path.name)[:255],
                file_sha256=digest.hexdigest(),
            )
        else:
            run.file_sha256 = digest.hexdigest()
            run.status = ImportRun.Status.RUNNING
            run.started_at = timezone.now()
            run.save(update_fields=["file_sha256", "status", "started_at"])
        try:
            with _bulk_writes(), tempfile.TemporaryFile() as spill:
                total, errors = self.validate(path, spill)
                bad_lines = {e.line for e in errors}
                run.rows_total, run.rows_invalid = total, len(bad_lines)
                run.rows_valid = total - len(bad_lines)
                run.save(update_fields=["rows_total", "rows_invalid", "rows_valid"])
                if errors and self.all_or_nothing:
                    self._finish(run, ImportRun.Status.REJECTED)
                    log.info(
                        "import %s rejected: %s invalid rows of %s", run.pk, len(bad_lines), total
                    )
                    return ImportResult(run=run, errors=errors)
                spill.seek(0)
                for batch in _spill_read(spill):
                    self._flush(run, batch)
        except ImportFileError as exc:
            # The file as a whole: nothing was written (the check pass writes nothing).
            self._finish(run, ImportRun.Status.FAILED, str(exc))
            raise
        except Exception as exc:
            # Anything else (a database error, a file that broke a reader): the run fails with
            # a reason a person can act on, and in all-or-nothing mode what was saved is taken
            # back. Only the exception's kind and place are logged, never its text, which may
            # quote a row.
            log.error("import %s failed: %s at %s", run.pk, type(exc).__name__, _where(exc))
            if self.all_or_nothing and self._undo():
                message = _(
                    "The import stopped because of an unexpected error. Nothing was saved. "
                    "Try again; if it happens again, send the file to the administrator."
                )
                run.rows_created = run.rows_existing = 0
            elif self.all_or_nothing:
                message = _(
                    "The import stopped because of an unexpected error, and the rows saved "
                    "so far could not be removed. Tell the administrator the import number."
                )
            else:
                message = _(
                    "The import stopped because of an unexpected error. The rows saved before "
                    "it stay saved; running the same file again completes it."
                )
            self._finish(run, ImportRun.Status.FAILED, message)
            raise ImportFileError(message) from None
        self._finish(run, ImportRun.Status.DONE)
        log.info(
            "import %s done: %s created, %s already present, %s invalid",
            run.pk,
            run.rows_created,
            run.rows_existing,
            run.rows_invalid,
        )
        return ImportResult(run=run, errors=errors)

    @staticmethod
    def _finish(run: ImportRun, status: str, message: str = "") -> None:
        run.status = status
        run.finished_at = timezone.now()
        run.message = message[:255]
        run.save(
            update_fields=[
                "status",
                "finished_at",
                "message",
                "rows_created",
                "rows_existing",
            ]
        )

    def _flush(self, run: ImportRun, batch: list[tuple]) -> int:
        created, existing = self._write_batch(batch)
        run.rows_created += created
        run.rows_existing += existing
        # Progress is committed with each batch, so another process (the import page) sees it.
        ImportRun.objects.filter(pk=run.pk).update(
            rows_created=run.rows_created, rows_existing=run.rows_existing
        )
        self.progress("write", run.rows_created + run.rows_existing, run.rows_valid)
        return len(batch)


# The importer a forked checking process works for (set just before forking, see _validate_parts).
_PART_IMPORTER: StayImporter | None = None


def _check_part(job) -> tuple[int, list[RowError], dict]:
    """In a forked process: check one byte range of the file into its own spill file. Never
    touches the database (the inherited connection belongs to the parent)."""
    path, start, end, first_line, names, delimiter, out = job
    importer = _PART_IMPORTER
    importer.progress = lambda phase, done, total: None  # the parent reports for all parts
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data[: exc.start].count(b"\n")
        raise ImportFileError(
            _("The file cannot be read past line %(line)s.") % {"line": line}
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows():
        try:
            for values in reader:
                if any(values):
                    yield first_line - 1 + reader.line_num, [v.strip() for v in values]
        except csv.Error:
            line = first_line - 1 + reader.line_num
            raise ImportFileError(
                _("The file cannot be read past line %(line)s.") % {"line": line}
            ) from None

    with open(out, "wb") as spill:
        return importer._check(rows(), names, spill)


def write_error_report(errors: list[RowError], out: io.TextIOBase) -> None:
    """The rejected rows with their line numbers and reasons, to fix and import again. Written
    for Excel (core/csvexport.py); the importer reads its `;` and byte-order mark back."""
    write_csv(
        out,
        [_("line"), _("error"), *COLUMNS],
        ([e.line, e.message, *(e.raw.get(c, "") for c in COLUMNS)] for e in errors),
    )
