"""Reading an import file: CSV (UTF-8, `,` or `;`) or the first sheet of an XLSX workbook."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from .columns import REQUIRED, ImportFileError


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
