from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from desabinaan.regions.models import Office, OfficeKind
from desabinaan.regions.selectors import offices_for_region
from desabinaan.regions.services import OFFICE_COLUMNS

pytestmark = pytest.mark.usefixtures("regions")
HEADER = ",".join(OFFICE_COLUMNS)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "offices.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shipped_offices_file_loads_with_the_seed_jurisdictions(db):
    call_command("load_regions")  # the shipped file names kabupaten across two provinces
    call_command("load_offices", settings.BASE_DIR / "data" / "offices.csv")
    pangkalpinang = Office.objects.get(code="kanim-pangkalpinang")
    assert pangkalpinang.office_class == "I_TPI"
    assert pangkalpinang.kanwil.code == "kanwil-babel"
    assert {"19.03", "19.04"} <= set(pangkalpinang.jurisdiction.values_list("code", flat=True))
    banjarmasin = Office.objects.get(code="kanim-banjarmasin")
    assert "63.05" in banjarmasin.jurisdiction.values_list("code", flat=True)
    assert Office.objects.get(code="kanwil-kalsel").kind == OfficeKind.KANWIL
    # No kabupaten/kota is claimed by two Kanim.
    claimed = list(
        Office.objects.filter(kind=OfficeKind.KANIM).values_list("jurisdiction__code", flat=True)
    )
    assert len(claimed) == len(set(claimed))


def test_load_is_an_upsert_by_code(tmp_path, capsys):
    path = write(
        tmp_path,
        HEADER,
        "kanwil-x,Kanwil X,kanwil,,,19,,,",
        "kanim-x,Kanim X,kanim,I_TPI,kanwil-x,19.04,Jl. Satu,0717-1,x@imigrasi.go.id",
    )
    call_command("load_offices", path)
    path.write_text(path.read_text().replace("Jl. Satu", "Jl. Dua"))
    call_command("load_offices", path)
    assert Office.objects.filter(code="kanim-x").count() == 1
    assert Office.objects.get(code="kanim-x").address == "Jl. Dua"
    assert "0 created, 2 updated" in capsys.readouterr().out


def test_every_bad_line_is_reported_with_its_number_and_nothing_saved(tmp_path, capsys):
    path = write(
        tmp_path,
        "# comment line: sources",
        HEADER,
        "kanim-ok,Kanim OK,kanim,I_TPI,,19.04,,,",
        "kanim-bad,Kanim Bad,kantor,I_TPI,,19.04,,,",
        "kanim-bad2,,kanim,KELAS_9,,99.99 19.04.01,,,bukan-email",
        "kanim-bad3,Kanim,kanim,,kanwil-tidak-ada,19.04,,,",
        "too,few,columns",
    )
    with pytest.raises(CommandError, match="4 error"):
        call_command("load_offices", path)
    err = capsys.readouterr().err
    assert "Baris 4:" in err and "kantor" in err
    assert "Baris 5:" in err and "99.99" in err and "19.04.01" in err and "KELAS_9" in err
    assert "bukan-email" in err
    assert "Baris 6:" in err and "kanwil-tidak-ada" in err
    assert "Baris 7:" in err
    assert not Office.objects.exists()


def test_missing_columns_and_wrong_encoding(tmp_path):
    with pytest.raises(CommandError):
        call_command("load_offices", write(tmp_path, "code,name", "a,b"))
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError):
        call_command("load_offices", binary)
    with pytest.raises(CommandError, match="not found"):
        call_command("load_offices", tmp_path / "missing.csv")
    assert not Office.objects.exists()


def test_offices_for_region_finds_kanim_and_kanwil(world):
    from desabinaan.regions.models import Region

    offices = offices_for_region(Region.objects.get(code="63.05.03.2003"))
    assert [o.code for o in offices] == ["kanim-banjarmasin", "kanwil-kalsel"]
