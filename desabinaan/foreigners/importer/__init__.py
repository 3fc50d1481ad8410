"""Bulk import of stays from CSV or XLSX (`manage.py import_stays`, the Kanim's import page).

Two passes over the file. The first validates every row and writes nothing; with
`all_or_nothing` (the default) any wrong row stops the import there, so nothing is half-saved.
The second writes the valid rows in committed batches. A stay is the same stay again when its
person (found by passport), desa and arrival date are, so after an interruption the same file can
be run again: rows already saved are found and skipped, nothing is doubled.

People are matched by passport (issuing country + number); a passport not yet known makes a new
person. Name-based duplicates are left to the officers' merge page: a bulk file cannot ask.

The rows are checked by the registration's own rules (foreigners/stay_rules.py), so the import
refuses what `stay_register` refuses.

    columns.py  the file's columns, the errors and result
    reading.py  CSV/XLSX reading
    rows.py     one row: FileRow → checks → ParsedRow
    store.py    raw writes (COPY / executemany) and the spill file between the passes
    run.py      StayImporter: the two passes, parallel checking, undo; the error report
"""

from .columns import (
    COLUMN_FIELDS,
    COLUMNS,
    REQUIRED,
    ImportFileError,
    ImportResult,
    RowError,
    column_field,
)
from .reading import read_rows
from .rows import FileRow, ParsedRow
from .run import BATCH, PARALLEL_MIN_BYTES, StayImporter, write_error_report
from .store import _spill_read, _where

__all__ = [
    "BATCH",
    "COLUMNS",
    "COLUMN_FIELDS",
    "PARALLEL_MIN_BYTES",
    "REQUIRED",
    "FileRow",
    "ImportFileError",
    "ImportResult",
    "ParsedRow",
    "RowError",
    "StayImporter",
    "_spill_read",
    "_where",
    "column_field",
    "read_rows",
    "write_error_report",
]
