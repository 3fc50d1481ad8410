"""import_stays: validation with nothing half-saved, --skip-invalid, resume, XLSX, non-CSV."""

import csv
import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from desabinaan.foreigners.importer import COLUMNS
from desabinaan.foreigners.models import Foreigner, ImportRun, PassportNumber, Stay

from .conftest import MANDURIAN, PADANG_MULIA

pytestmark = pytest.mark.django_db


def row(n, **overrides):
    data = {
        "given_names": "Anna",
        "family_name": f"Berg{n}",
        "aliases": "",
        "sex": "P",
        "date_of_birth": "1988-07-01",
        "nationality": "SE",
        "passport_number": f"SE{n:07d}",
        "passport_country": "SE",
        "passport_expiry": "2031-01-01",
        "region_code": MANDURIAN,
        "address": "Jl. Sungai 3",
        "host_name": "PT Contoh",
        "host_kind": "perusahaan",
        "purpose": "bekerja",
        "arrival_date": "2026-01-02",
        "expected_departure": "",
        "permit_code": "E23",
        "permit_number": f"IT{n}",
        "permit_expiry": "2027-01-01",
    }
    data.update(overrides)
    return data


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_report(path):
    """The rejected rows as Excel gets them: `;` separated, with a UTF-8 byte-order mark."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(text[1:].splitlines(), delimiter=";"))


def run(path, *extra, user="kanim.banjarmasin"):
    call_command("import_stays", str(path), "--user", user, *extra)


def test_valid_file_imports_people_passports_and_stays(world, tmp_path):
    path = write_csv(tmp_path / "a.csv", [row(1), row(2), row(1, region_code="63.05.03.2015")])
    run(path)
    assert Foreigner.objects.count() == 2
    assert PassportNumber.objects.count() == 2
    assert Stay.objects.count() == 3
    assert ImportRun.objects.get().status == "done"


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"arrival_date": "2026-02-30"}, "arrival_date bukan tanggal yang sah"),
        ({"permit_code": "Z99"}, "permit_code: jenis izin tidak dikenal"),
        ({"region_code": PADANG_MULIA}, "di luar wilayah Anda"),
        ({"region_code": "63.05.03"}, "bukan kode desa"),
        ({"nationality": "XX"}, "kode negara tidak dikenal"),
        ({"sex": "Q"}, "sex harus L atau P"),
        # The registration form's rule: a sign is refused with its name, never dropped.
        ({"passport_number": "C1@#"}, "Hapus “# @”"),
        ({"passport_number": "A1"}, "4 sampai 20"),
    ],
)
def test_one_bad_row_saves_nothing(world, tmp_path, override, reason):
    path = write_csv(tmp_path / "a.csv", [row(1), row(2, **override), row(3)])
    with pytest.raises(CommandError):
        run(path)
    assert not Stay.objects.exists() and not Foreigner.objects.exists()
    assert ImportRun.objects.get().status == "rejected"
    report = read_report(tmp_path / "a.csv.errors.csv")
    assert reason in report[1][1]
    assert report[1][0] == "3"  # line 3 of the file: the second data row


def test_spaces_and_dashes_in_a_passport_number_are_ignored(world, tmp_path):
    run(write_csv(tmp_path / "a.csv", [row(1, passport_number="ab 123-4567")]))
    assert PassportNumber.objects.get().number == "AB1234567"


def test_skip_invalid_saves_good_rows_and_reports_bad_ones(world, tmp_path):
    path = write_csv(tmp_path / "a.csv", [row(1), row(2, permit_code="Z99"), row(3), row(3)])
    errors = tmp_path / "bad.csv"
    run(path, "--skip-invalid", "--errors", str(errors))
    assert Stay.objects.count() == 2
    lines = read_report(errors)
    assert [(line[0], line[1]) for line in lines[1:]] == [
        ("3", "permit_code: jenis izin tidak dikenal"),
        ("5", "data tinggal yang sama dengan baris 4"),
    ]


def test_running_the_same_file_again_adds_nothing(world, tmp_path):
    path = write_csv(tmp_path / "a.csv", [row(n) for n in range(12)])
    run(path, "--batch-size", "5")
    run(path, "--batch-size", "5")
    assert Stay.objects.count() == 12
    assert Foreigner.objects.count() == 12
    assert ImportRun.objects.order_by("pk").last().rows_existing == 12


def test_resume_after_an_interruption(world, tmp_path):
    """Half of the file was saved before a crash; running the whole file completes it."""
    run(write_csv(tmp_path / "half.csv", [row(n) for n in range(6)]))
    run(write_csv(tmp_path / "all.csv", [row(n) for n in range(12)]))
    assert Stay.objects.count() == 12
    last = ImportRun.objects.order_by("pk").last()
    assert (last.rows_created, last.rows_existing) == (6, 6)


def test_a_passport_already_registered_is_the_same_person(world, tmp_path, register):
    from .conftest import person

    stay = register(who=person(passport_number="SE0000001", passport_country="SE"))
    run(write_csv(tmp_path / "a.csv", [row(1, arrival_date="2026-02-01")]))
    assert Foreigner.objects.count() == 1
    assert Stay.objects.filter(foreigner=stay.foreigner).count() == 2


def test_a_stay_registered_by_hand_is_not_doubled(world, tmp_path, register):
    """Same person (passport), same desa, same arrival date: the stay is already there."""
    from .conftest import person

    stay = register(
        who=person(passport_number="SE0000001", passport_country="SE"),
        arrival_date=dt.date(2026, 1, 2),
    )
    run(write_csv(tmp_path / "a.csv", [row(1)]))
    assert Stay.objects.filter(foreigner=stay.foreigner).count() == 1
    assert ImportRun.objects.get().rows_existing == 1


def test_a_ragged_row_is_cut_or_padded_to_the_header(world, tmp_path):
    path = tmp_path / "a.csv"
    header = ",".join(COLUMNS)
    good = ",".join(row(1)[c] for c in COLUMNS)
    short = ",".join(row(2)[c] for c in COLUMNS[:-3])  # no permit columns at all
    path.write_text(f"{header}\n{good},extra,cells\n{short}\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run(path)
    report = read_report(tmp_path / "a.csv.errors.csv")
    assert [line[0] for line in report[1:]] == ["3"]
    assert "permit_code wajib diisi" in report[1][1]
    run(path, "--skip-invalid")
    assert Stay.objects.get().permit_number == "IT1"


def test_xlsx_is_read(world, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append([row(1)[c] for c in COLUMNS])
    path = tmp_path / "a.xlsx"
    book.save(path)
    run(path)
    assert Stay.objects.get().permit_type.code == "E23"


def test_a_file_that_is_not_csv_is_refused(world, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    with pytest.raises(CommandError, match="bukan CSV atau XLSX"):
        run(path)
    assert not Stay.objects.exists()


def test_missing_columns_are_named(world, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("given_names,sex\nAnna,P\n")
    with pytest.raises(CommandError, match="Kolom tidak ada: date_of_birth"):
        run(path)


def test_mitra_cannot_import(world, tmp_path):
    with pytest.raises(CommandError, match="tidak dapat mengimpor"):
        run(write_csv(tmp_path / "a.csv", [row(1)]), user="mitra.mandurian")


def _upload(client, path, capture, **extra):
    """Post a file to the import page; the queued task runs when the request's transaction
    commits (immediate task backend in tests)."""
    with capture(execute=True), path.open("rb") as fh:
        response = client.post("/wna/impor/", {"file": fh, **extra})
    assert response.status_code == 302
    return client.get(response["Location"])


def test_import_page_queues_the_file_and_shows_the_outcome(
    client, world, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.FOREIGNERS_IMPORT_ROOT = tmp_path / "imports"
    client.force_login(world["users"]["kanim.banjarmasin"])
    path = write_csv(tmp_path / "a.csv", [row(1), row(2, arrival_date="kemarin")])
    html = _upload(client, path, django_capture_on_commit_callbacks).content.decode()
    assert "Tidak ada yang disimpan" in html
    assert "Baris 3" in html
    assert not Stay.objects.exists()
    run = ImportRun.objects.get()
    errors = client.get(f"/wna/impor/{run.pk}/kesalahan.csv")
    assert b"kemarin" in b"".join(errors.streaming_content)
    html = _upload(
        client, path, django_capture_on_commit_callbacks, skip_invalid="on"
    ).content.decode()
    assert "Selesai" in html
    assert Stay.objects.count() == 1
    # The uploaded files do not stay on the server once read; only the error reports do.
    left = sorted(p.name for p in settings.FOREIGNERS_IMPORT_ROOT.iterdir())
    assert left == [f"errors-{r.pk}.csv" for r in ImportRun.objects.order_by("pk")]


# Committed transactions: the worker closes its database connection after each task, which a
# test wrapped in one transaction would not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_import_page_polls_until_the_worker_has_run_it(client, world, tmp_path, settings):
    """The real database queue: the page shows the run waiting, a worker picks it up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(world["users"]["kanim.banjarmasin"])
    path = write_csv(tmp_path / "a.csv", [row(1), row(2)])
    with path.open("rb") as fh:
        response = client.post("/wna/impor/", {"file": fh})
    status_url = response["Location"]
    waiting = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "Menunggu" in waiting
    assert not Stay.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    done = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in done and "Selesai" in done
    assert Stay.objects.count() == 2


def test_import_page_refuses_a_non_csv_upload(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(world["users"]["kanim.banjarmasin"])
    path = tmp_path / "x.bin"
    path.write_bytes(bytes(100))
    html = _upload(client, path, django_capture_on_commit_callbacks).content.decode()
    assert "Berkas ini bukan CSV atau XLSX." in html
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_an_import_is_visible_only_to_whoever_ran_it(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(world["users"]["kanim.banjarmasin"])
    _upload(client, write_csv(tmp_path / "a.csv", [row(1)]), django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    client.force_login(world["users"]["kanim.pangkalpinang"])
    assert client.get(f"/wna/impor/{run.pk}/").status_code == 404
    assert client.get(f"/wna/impor/{run.pk}/kesalahan.csv").status_code == 404
    client.force_login(world["users"]["pusat"])
    assert client.get(f"/wna/impor/{run.pk}/").status_code == 200


def test_import_form_without_a_file_is_400(client, world):
    client.force_login(world["users"]["kanim.banjarmasin"])
    response = client.post("/wna/impor/", {})
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


def test_import_page_is_403_in_words_for_pimpasa(client, world):
    client.force_login(world["users"]["pimpasa.mandurian"])
    response = client.get("/wna/impor/")
    assert response.status_code == 403
    assert "Hanya Kanim yang mengimpor" in response.content.decode()


def test_a_file_checked_in_parts_gives_what_one_pass_gives(world, tmp_path):
    """Large files are checked by several processes, one byte range each: the rows, the errors
    and their line numbers must be those of a single pass, whatever falls across a cut."""
    import tempfile

    from desabinaan.foreigners.importer import StayImporter, _spill_read

    rows = [row(n) for n in range(40)]
    rows[5] = row(5, permit_code="Z99")
    rows[33] = row(33, arrival_date="2026-02-30")
    rows[30] = dict(rows[2])  # the same stay as an early line, in a later part
    rows[12]["address"] = "Jl. Sungai 3,\nRT 2"  # a quoted field holding a line break
    path = write_csv(tmp_path / "a.csv", rows)
    user = world["users"]["kanim.banjarmasin"]

    def check(**options):
        importer = StayImporter(actor=user, **options)
        with tempfile.TemporaryFile() as spill:
            total, errors = importer.validate(path, spill)
            spill.seek(0)
            kept = [r for batch in _spill_read(spill) for r in batch]
        return importer, total, [(e.line, e.message) for e in errors], kept

    single, *one = check(workers=1)
    split, *parts = check(workers=3, parallel_min_bytes=0)
    assert len(split._parts(path)) == 3 and not single._parts(path)
    assert parts == one
    total, errors, kept = one
    assert (total, len(kept)) == (40, 37)
    assert [line for line, _message in errors] == [7, 33, 36]
    assert errors[1][1] == "data tinggal yang sama dengan baris 4"


def test_import_in_parts_skips_the_repeated_stay(world, tmp_path):
    from desabinaan.foreigners.importer import StayImporter

    rows = [row(n) for n in range(30)]
    rows[25] = dict(rows[1])
    path = write_csv(tmp_path / "a.csv", rows)
    importer = StayImporter(
        actor=world["users"]["kanim.banjarmasin"],
        all_or_nothing=False,
        workers=2,
        parallel_min_bytes=0,
    )
    result = importer.run(path)
    assert [(e.line, e.message) for e in result.errors] == [
        (27, "data tinggal yang sama dengan baris 3")
    ]
    assert Stay.objects.count() == 29
    assert result.run.rows_created == 29
