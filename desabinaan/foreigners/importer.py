"""Bulk import of stays from CSV or XLSX (`manage.py import_stays`, the Kanim's import page).

Two passes over the file. The first validates every row and writes nothing; with
`all_or_nothing` (the default) any wrong row stops the import there, so nothing is half-saved.
The second writes the valid rows in committed batches. Each stay carries an `import_key` made of
what identifies it (passport, desa, arrival date), so after an interruption the same file can be
run again: rows already saved are found by their key and skipped, nothing is doubled.

People are matched by passport (issuing country + number); a passport not yet known makes a new
person. Name-based duplicates are left to the officers' merge page: a bulk file cannot ask."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import pickle
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from desabinaan.accounts.models import User
from desabinaan.accounts.scope import scope_filter
from desabinaan.regions.models import Level, Region

from . import permissions
from .models import Foreigner, HostKind, ImportRun, PassportNumber, PermitType, Purpose, Stay
from .text import fold_address, fold_name, normalise_passport

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
SEX = {"L": "L", "P": "P", "M": "L", "F": "P"}
HOST_KINDS = frozenset(HostKind.values)
PURPOSES = frozenset(Purpose.values)
BATCH = 5000


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
    "import_key",
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


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, row) for each data row of a CSV (UTF-8, `,` or `;`) or XLSX file."""
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
        sample = fh.read(4096)
        fh.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise ImportFileError(_("The file is empty.")) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFileError(_("The file is not a CSV or XLSX file.")) from exc
        names = _check_header(header)
        try:
            for values in reader:
                if not any(values):
                    continue
                yield reader.line_num, dict(zip(names, (v.strip() for v in values), strict=False))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFileError(
                _("The file cannot be read past line %(line)s.") % {"line": reader.line_num}
            ) from exc


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("The file is not a CSV or XLSX file.")) from exc
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        names = _check_header([_text(h) for h in header])
        for number, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            yield number, dict(zip(names, (_text(v) for v in values), strict=False))
    finally:
        book.close()


def _check_header(header: list[str]) -> list[str]:
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(columns)s. See the README for the column list.")
            % {"columns": ", ".join(missing)}
        )
    return names


def _date(value: str, name: str, required: bool) -> dt.date | None:
    if not value:
        if required:
            raise ValueError(_("%(field)s is required") % {"field": name})
        return None
    try:
        if "/" in value:  # spreadsheets saved in Indonesian locale: DD/MM/YYYY
            day, month, year = value.split("/")
            return dt.date(int(year), int(month), int(day))
        return dt.date.fromisoformat(value[:10])
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


def _column_in(model, select: str, column: str, values) -> list:
    """SELECT one column WHERE another IN values, in raw SQL: the ORM spends longer preparing
    5,000 parameters than the database spends answering."""
    values = list(values)
    if not values:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    marks = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {table} WHERE {column} IN ({marks})", values)  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _passport_owners(numbers: set[str]) -> dict[tuple[str, str], int]:
    """(issuing country, number) → the person holding it, for live (not merged-away) people."""
    if not numbers:
        return {}
    marks = ", ".join(["%s"] * len(numbers))
    sql = (
        f"SELECT p.issuing_country, p.number, p.foreigner_id "  # noqa: S608
        f"FROM {PassportNumber._meta.db_table} p JOIN {Foreigner._meta.db_table} f "
        f"ON f.id = p.foreigner_id WHERE f.merged_into_id IS NULL AND p.number IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(numbers))
        return {(c, n): fid for c, n, fid in cursor.fetchall()}


def _insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """executemany straight into the table: the ORM's per-object work would cost more than the
    database's (see benchmarks/bench_import.py). Column names come from the model, values are
    already adapted (_d, _t)."""
    if not rows:
        return
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class StayImporter:
    """One import by one user, whose region scope bounds the desa the rows may name."""

    def __init__(
        self,
        *,
        acting_user: User,
        all_or_nothing: bool = True,
        batch_size: int = BATCH,
        progress: Callable[[str, int, int], None] | None = None,
    ):
        if not permissions.can_import(acting_user):
            raise ImportFileError(_("Your role cannot import foreigner data."))
        self.user = acting_user
        self.all_or_nothing = all_or_nothing
        self.batch_size = batch_size
        self.progress = progress or (lambda phase, done, total: None)
        self.today = timezone.localdate()
        self.permits = {p.code.upper(): p.pk for p in PermitType.objects.filter(active=True)}
        self.desa = set(
            scope_filter(Region.objects.filter(level=Level.DESA), acting_user, "").values_list(
                "code", flat=True
            )
        )
        self.countries = {code for code, _name in countries}

    # -- validation ----------------------------------------------------------------------------

    def parse(self, row: dict) -> tuple:
        """The row as the values to save, or ValueError with every problem of the row."""
        problems: list[str] = []
        get = row.get
        for name in REQUIRED:
            if not get(name):
                problems.append(_("%(field)s is required") % {"field": name})
        if problems:
            raise ValueError("; ".join(problems))
        parsed: dict = {}
        for name, required in (
            ("date_of_birth", True),
            ("passport_expiry", False),
            ("arrival_date", True),
            ("expected_departure", False),
            ("permit_expiry", True),
        ):
            try:
                parsed[name] = _date(get(name, ""), name, required)
            except ValueError as exc:
                problems.append(str(exc))
        sex = SEX.get(get("sex", "").upper())
        if sex is None:
            problems.append(_("sex must be L or P"))
        nationality = get("nationality", "").upper()
        passport_country = get("passport_country", "").upper()
        for name, code in (("nationality", nationality), ("passport_country", passport_country)):
            if code not in self.countries:
                problems.append(_("%(field)s: unknown country code") % {"field": name})
        permit_id = self.permits.get(get("permit_code", "").upper())
        if permit_id is None:
            problems.append(_("permit_code: unknown permit type"))
        region = get("region_code", "")
        if region not in self.desa:
            if Region.objects.filter(code=region, level=Level.DESA).exists():
                problems.append(_("region_code %(code)s is outside your area") % {"code": region})
            else:
                problems.append(_("region_code %(code)s is not a desa code") % {"code": region})
        host_kind = get("host_kind", "").lower()
        if host_kind not in HOST_KINDS:
            problems.append(
                _("host_kind must be one of: %(c)s") % {"c": ", ".join(HostKind.values)}
            )
        purpose = get("purpose", "").lower()
        if purpose not in PURPOSES:
            problems.append(_("purpose must be one of: %(c)s") % {"c": ", ".join(Purpose.values)})
        number = normalise_passport(get("passport_number", ""))
        if not 4 <= len(number) <= 20:
            problems.append(_("passport_number must have 4 to 20 letters or digits"))
        dob, arrival = parsed.get("date_of_birth"), parsed.get("arrival_date")
        expected = parsed.get("expected_departure")
        if dob and dob > self.today:
            problems.append(_("date_of_birth is in the future"))
        if arrival and arrival > self.today + dt.timedelta(days=1):
            problems.append(_("arrival_date is in the future"))
        if arrival and expected and expected < arrival:
            problems.append(_("expected_departure is before arrival_date"))
        if len(get("address", "")) > 255 or len(get("given_names", "")) > 160:
            problems.append(_("a text is too long"))
        if problems:
            raise ValueError("; ".join(problems))
        key = hashlib.blake2b(
            f"{passport_country}|{number}|{region}|{arrival.isoformat()}".encode(), digest_size=16
        ).hexdigest()
        given, family = get("given_names", ""), get("family_name", "")
        address = get("address", "")
        return (
            key,
            passport_country,
            number,
            parsed["passport_expiry"],
            given,
            family,
            get("aliases", "")[:255],
            fold_name(given, family),
            sex,
            dob,
            nationality,
            region,
            address,
            fold_address(address),
            get("host_name", "")[:160],
            host_kind,
            purpose,
            arrival,
            expected,
            permit_id,
            get("permit_number", "")[:40],
            parsed["permit_expiry"],
        )

    def validate(self, path: Path, spill=None) -> tuple[int, list[RowError]]:
        """Pass 1: every row checked, nothing written to the database. The parsed valid rows go
        to `spill` (a temporary binary file) in pickled batches, so the write pass neither reads
        nor parses the file again. Returns (rows, errors)."""
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        total = 0
        batch: list[tuple] = []
        for line, row in read_rows(path):
            total += 1
            try:
                parsed = self.parse(row)
            except ValueError as exc:
                errors.append(RowError(line, str(exc), row))
            else:
                first = seen.setdefault(parsed[0], line)
                if first != line:
                    errors.append(
                        RowError(line, _("the same stay as line %(line)s") % {"line": first}, row)
                    )
                elif spill is not None:
                    batch.append(parsed)
                    if len(batch) >= self.batch_size:
                        pickle.dump(batch, spill, protocol=pickle.HIGHEST_PROTOCOL)
                        batch = []
            if total % 50000 == 0:
                self.progress("validate", total, 0)
        if batch and spill is not None:
            pickle.dump(batch, spill, protocol=pickle.HIGHEST_PROTOCOL)
        return total, errors

    # -- writing -------------------------------------------------------------------------------

    def _write_batch(self, batch: list[tuple]) -> tuple[int, int]:
        """Save one batch in its own transaction. Returns (created, already there)."""
        keys = [r[0] for r in batch]
        with transaction.atomic():
            existing = set(_column_in(Stay, "import_key", "import_key", keys))
            pending, taken = [], set(existing)
            for r in batch:
                if r[0] not in taken:
                    taken.add(r[0])
                    pending.append(r)
            owners = _passport_owners({r[2] for r in pending})
            # Adapted once per batch, not per row: the lookup behind connection.ops is costly
            # at a million rows.
            now = _t(timezone.now())
            date = connection.ops.adapt_datefield_value
            # The first row of a new passport in the batch makes the person; later rows with the
            # same passport are more stays of that person.
            new_people: dict[tuple[str, str], tuple] = {}
            for r in pending:
                if (r[1], r[2]) not in owners and (r[1], r[2]) not in new_people:
                    new_people[(r[1], r[2])] = r
            ids = _allocate_ids(Foreigner, len(new_people))
            for pk, key in zip(ids, new_people, strict=True):
                owners[key] = pk
            _insert(
                Foreigner,
                FOREIGNER_FIELDS,
                [
                    (
                        owners[k],
                        r[5],
                        r[4],
                        r[6],
                        r[7],
                        r[8],
                        date(r[9]),
                        r[10],
                        "",
                        now,
                        self.user.pk,
                    )
                    for k, r in new_people.items()
                ],
            )
            _insert(
                PassportNumber,
                PASSPORT_FIELDS,
                [(owners[k], k[1], k[0], date(r[3]), now) for k, r in new_people.items()],
            )
            _insert(
                Stay,
                STAY_FIELDS,
                [
                    (
                        r[0],
                        owners[(r[1], r[2])],
                        *r[11:17],
                        date(r[17]),
                        date(r[18]),
                        "",
                        r[19],
                        r[20],
                        date(r[21]),
                        self.user.pk,
                        now,
                        "",
                    )
                    for r in pending
                ],
            )
        return len(pending), len(batch) - len(pending)

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
        with _bulk_writes(), tempfile.TemporaryFile() as spill:
            try:
                total, errors = self.validate(path, spill)
            except ImportFileError:
                run.status = ImportRun.Status.FAILED
                run.finished_at = timezone.now()
                run.save(update_fields=["status", "finished_at"])
                raise
            bad_lines = {e.line for e in errors}
            run.rows_total, run.rows_invalid = total, len(bad_lines)
            run.rows_valid = total - len(bad_lines)
            run.save(update_fields=["rows_total", "rows_invalid", "rows_valid"])
            if errors and self.all_or_nothing:
                run.status = ImportRun.Status.REJECTED
                run.finished_at = timezone.now()
                run.save(update_fields=["status", "finished_at"])
                log.info("import %s rejected: %s invalid rows of %s", run.pk, len(bad_lines), total)
                return ImportResult(run=run, errors=errors)
            spill.seek(0)
            while True:
                try:
                    batch = pickle.load(spill)  # noqa: S301 - our own temporary file
                except EOFError:
                    break
                self._flush(run, batch)
        run.status = ImportRun.Status.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        log.info(
            "import %s done: %s created, %s already present, %s invalid",
            run.pk,
            run.rows_created,
            run.rows_existing,
            run.rows_invalid,
        )
        return ImportResult(run=run, errors=errors)

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


def write_error_report(errors: list[RowError], out: io.TextIOBase) -> None:
    """The rejected rows with their line numbers and reasons, to fix and import again."""
    writer = csv.writer(out)
    writer.writerow(["line", "error", *COLUMNS])
    for e in errors:
        writer.writerow([e.line, e.message, *(e.raw.get(c, "") for c in COLUMNS)])
