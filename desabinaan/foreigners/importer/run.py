"""Running an import: the check pass (in several processes for a large CSV), the write pass
in committed batches, the run's record, and the report of rejected rows."""

from __future__ import annotations

import csv
import hashlib
import io
import multiprocessing
import os
import shutil
import tempfile
from array import array
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desabinaan.accounts.models import User
from desabinaan.accounts.scope import Actor, as_actor, scope_filter
from desabinaan.core.csvexport import write_csv
from desabinaan.regions.models import Level, Region

from .. import permissions
from ..import_split import split_points
from ..models import Foreigner, ImportRun, PassportNumber, PermitType, Stay
from .columns import COLUMNS, ImportFileError, ImportResult, RowError
from .reading import _delimiter, read_rows
from .rows import ParsedRow, RowInvalid, RowParser
from .store import (
    _allocate_ids,
    _batch_transaction_setup,
    _bulk_writes,
    _delete_in,
    _insert,
    _passport_owners,
    _spill_read,
    _spill_write,
    _stays_of,
    _t,
    _where,
    log,
)

# Rows per committed batch. Each commit writes every index page the batch touched, and with
# random keys (names, birth dates) a larger batch touches each page once for more rows: at a
# million rows 20,000 took half the time of 5,000. Larger gained little and holds SQLite's write
# lock longer (about a second per batch here).
BATCH = 20000
# CSV files at least this large are checked by several processes at once (StayImporter._parts).
PARALLEL_MIN_BYTES = 8 * 1024 * 1024

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


class StayImporter:
    """One import by one actor (a person), whose region scope bounds the desa the rows may name."""

    def __init__(
        self,
        *,
        actor: Actor | User,
        all_or_nothing: bool = True,
        batch_size: int = BATCH,
        progress: Callable[[str, int, int], None] | None = None,
        workers: int | None = None,
        parallel_min_bytes: int = PARALLEL_MIN_BYTES,
    ):
        actor = as_actor(actor)
        if actor.user is None or not permissions.can_import(actor):
            # The rows are attributed to the person importing: a system actor cannot import.
            raise ImportFileError(_("Your role cannot import foreigner data."))
        self.user = actor.user
        self.all_or_nothing = all_or_nothing
        self.batch_size = batch_size
        self.progress = progress or (lambda phase, done, total: None)
        self.parser = RowParser(
            desa=set(
                scope_filter(Region.objects.filter(level=Level.DESA), actor, "").values_list(
                    "code", flat=True
                )
            ),
            # Every permit type with whether it is in use: an old one is refused by its name.
            permits={
                p.code.upper(): (p.pk, p.active)
                for p in PermitType.objects.only("pk", "code", "active")
            },
            today=timezone.localdate(),
        )
        # One checking process per core (at most four) for files of parallel_min_bytes or more.
        self.workers = min(workers or os.cpu_count() or 1, 4)
        self.parallel_min_bytes = parallel_min_bytes
        # Primary keys of the people and stays this run has committed (see _undo).
        self.created_people: array = array("q")
        self.created_stays: array = array("q")

    # -- validation ----------------------------------------------------------------------------

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
        parse = self.parser.parse
        for line, values in rows:
            total += 1
            if len(values) != width:  # a ragged row: cut or pad it to the header
                values = (values + [""] * width)[:width]
            values.append("")
            try:
                parsed = parse(pick(values), line)
            except RowInvalid as exc:
                errors.append(
                    RowError(line, str(exc), dict(zip(names, values, strict=False)), exc.codes)
                )
            else:
                # The same stay: the same passport, desa and arrival date.
                key = hashlib.blake2b(
                    f"{parsed.passport_country}|{parsed.passport_number}|{parsed.region}|"
                    f"{parsed.arrival_date}".encode(),
                    digest_size=16,
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
                    # the parts are joined (_validate_parts). A plain tuple: marshal takes no
                    # named tuple.
                    batch.append(tuple(parsed))
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
        self.parser.known_desa()  # read before forking: the children use no database
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

    # -- writing -------------------------------------------------------------------------------

    def _write_batch(self, batch: list[tuple]) -> tuple[int, int]:
        """Save one batch (spilled ParsedRow tuples) in its own transaction. Returns (created,
        already there).

        A row whose passport belongs to a known person is a stay of that person, unless that
        person already has a stay in the same desa from the same arrival date (saved by an
        earlier run of the file, or registered by hand): then nothing is added."""
        rows = list(map(ParsedRow._make, batch))
        with transaction.atomic():
            _batch_transaction_setup()
            owners = _passport_owners({r.passport_number for r in rows})
            known = _stays_of(
                {
                    owners[(r.passport_country, r.passport_number)]
                    for r in rows
                    if (r.passport_country, r.passport_number) in owners
                }
            )
            now = _t(timezone.now())
            user = self.user.pk
            pending: list[ParsedRow] = []
            new_people: dict[tuple[str, str], ParsedRow] = {}
            for r in rows:
                passport = (r.passport_country, r.passport_number)
                owner = owners.get(passport)
                if owner is None:
                    # The first row of a new passport makes the person; later rows with the
                    # same passport are more stays of that person.
                    new_people.setdefault(passport, r)
                elif (owner, r.region, r.arrival_date) in known:
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
                    (
                        owners[k],
                        r.family_name,
                        r.given_names,
                        r.aliases,
                        r.name_folded,
                        r.sex,
                        r.date_of_birth,
                        r.nationality,
                        "",  # photo
                        now,
                        user,
                    )
                    for k, r in new_people.items()
                ],
            )
            _insert(
                PassportNumber,
                PASSPORT_FIELDS,
                [(owners[k], k[1], k[0], r.passport_expiry, now) for k, r in new_people.items()],
            )
            _insert(
                Stay,
                STAY_FIELDS,
                [
                    (
                        pk,
                        owners[(r.passport_country, r.passport_number)],
                        r.region,
                        r.address,
                        r.address_key,
                        r.host_name,
                        r.host_kind,
                        r.purpose,
                        r.arrival_date,
                        r.expected_departure,
                        "",  # departure_kind
                        r.permit_type,
                        r.permit_number,
                        r.permit_expiry,
                        user,
                        now,
                        "",  # verified_with
                    )
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
