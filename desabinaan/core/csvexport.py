"""The one way the project writes spreadsheets (CSV and XLSX) for people to open.

Two things every export needs, kept here so no export can forget them:

* Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some
  read a leading tab or carriage return the same way), so a name typed as `=HYPERLINK(...)`
  would become a live link or command on an officer's machine. Such text cells get a leading
  apostrophe, which spreadsheets show as plain text. Numbers and dates are written as values.
* Indonesian Excel: its list separator is `;` (the decimal separator is `,`) and it reads a CSV
  as UTF-8 only when the file starts with a byte-order mark. That is the default format; plain
  comma-separated UTF-8 without a BOM stays available for other tools (`?pemisah=koma`).

Nothing else in the project calls `csv.writer` or writes an openpyxl workbook
(tests/test_exports.py checks the source tree for it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpRequest, HttpResponse

# Cell starts a spreadsheet may read as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value) -> object:
    """A value fit for a spreadsheet cell: text that could start a formula is prefixed with an
    apostrophe; None is empty; dates are ISO text (Excel reads YYYY-MM-DD as a date in every
    locale); numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values: Iterable) -> list:
    return [safe_cell(v) for v in values]


def wants_excel(request: HttpRequest) -> bool:
    """Excel's Indonesian format unless the caller asks for plain comma-separated values."""
    return request.GET.get("pemisah", "").lower() not in ("koma", "comma", ",")


def write_csv(out, header: Sequence[str], rows: Iterable[Iterable], *, excel: bool = True) -> None:
    """Write a header and rows to a text stream (a file opened with newline="", or a response).
    `excel`: `;` separated with a UTF-8 byte-order mark; else `,` without one."""
    if excel:
        out.write(BOM)
    writer = csv.writer(out, delimiter=";" if excel else ",")
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Iterable], *, excel: bool = True
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, header, rows, excel=excel)
    return response


def xlsx_bytes(header: Sequence[str], rows: Iterable[Iterable], *, title: str = "Data") -> bytes:
    """An XLSX workbook of one sheet. openpyxl stores any string starting with `=` as a formula,
    so every cell goes through safe_cell and is then pinned as text or a number."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Iterable], *, title: str = "Data"
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(header, rows, title=title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
