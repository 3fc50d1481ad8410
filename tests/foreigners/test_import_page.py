"""The import page explains itself (issue 11 item 16): the columns on the page, templates to
download that import as they are, every problem of a row at once, no command shown."""

import io
import re

import pytest
from openpyxl import load_workbook

from desabinaan.foreigners.import_columns import columns
from desabinaan.foreigners.importer import COLUMNS, REQUIRED, StayImporter
from desabinaan.foreigners.models import ImportRun

from .test_import import row, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def kanim(client, world):
    client.force_login(world["users"]["kanim.banjarmasin"])
    return client


def test_every_column_is_explained_on_the_page(kanim):
    html = kanim.get("/wna/impor/").content.decode()
    assert [c.name for c in columns()] == list(COLUMNS)
    for name in COLUMNS:
        assert f'id="column-{name}"' in html
    required = re.findall(
        r'id="column-(\w+)">\s*<th[^>]*><code>\w+</code></th>\s*<td[^>]*><span>ya<', html
    )
    assert set(required) == set(REQUIRED)
    assert "README" not in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_imports_as_it_is(kanim, world, tmp_path, fmt):
    response = kanim.get(f"/wna/impor/templat.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / f"templat.{fmt}"
    path.write_bytes(response.content)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [c.value for c in sheet[1]] == list(COLUMNS)
    else:
        # Excel's Indonesian format (the project's one writer): `;` and a byte-order mark.
        assert response.content.startswith("\ufeff".encode())
        assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(COLUMNS)
    importer = StayImporter(actor=world["users"]["kanim.banjarmasin"])
    total, errors = importer.validate(path)
    assert (total, errors) == (1, [])


def test_template_is_for_importers_only(client, world):
    client.force_login(world["users"]["mitra.mandurian"])
    assert client.get("/wna/impor/templat.csv").status_code == 403
    client.force_login(world["users"]["kanim.banjarmasin"])
    assert client.get("/wna/impor/templat.exe").status_code == 404


def test_a_bad_row_reports_all_its_problems_at_once(world, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [row(1, given_names="", sex="Q", permit_code="Z99", arrival_date="2026-02-30")],
    )
    importer = StayImporter(actor=world["users"]["kanim.banjarmasin"])
    _total, errors = importer.validate(path)
    assert len(errors) == 1
    message = errors[0].message
    for problem in ("given_names", "sex", "permit_code", "arrival_date"):
        assert problem in message
    # A missing value is said once, not again as "not a valid ...".
    missing = write_csv(tmp_path / "b.csv", [row(2, sex="", region_code="")])
    _total, errors = importer.validate(missing)
    assert errors[0].message.count("sex") == 1
    assert errors[0].message.count("region_code") == 1


def test_no_command_is_shown_to_an_officer(kanim, world, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run = ImportRun.objects.create(
        user=world["users"]["kanim.banjarmasin"], file_name="a.csv", status="queued"
    )
    for url in ("/wna/impor/", f"/wna/impor/{run.pk}/"):
        html = kanim.get(url).content.decode()
        assert "manage.py" not in html and "db_worker" not in html
