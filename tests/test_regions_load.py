import pytest
from django.core.management import call_command

from desabinaan.regions.models import Level, Region
from desabinaan.regions.services import regions_load
from tests.factories import SYSTEM


def test_partial_load_builds_tree_with_paths_and_kinds(regions):
    mandurian = Region.objects.get(code="63.05.03.2003")
    assert mandurian.name == "Mandurian"
    assert mandurian.level == Level.DESA
    assert not mandurian.is_kelurahan
    assert mandurian.parent_id == "63.05.03"
    assert mandurian.path == "Mandurian, Tapin Tengah, Kab. Tapin, Kalimantan Selatan"
    assert mandurian.postal_code == "71161"
    koba_kelurahan = Region.objects.filter(parent_id="19.04.01", code__contains=".1").first()
    assert koba_kelurahan.is_kelurahan
    assert Region.objects.get(code="19.71").path == "Kota Pangkal Pinang, Kepulauan Bangka Belitung"


def test_second_load_writes_nothing(regions):
    again = regions_load(actor=SYSTEM, within=("63.05",))
    assert again.total > 100
    assert (again.created, again.updated) == (0, 0)


def test_load_repairs_a_changed_row(regions):
    Region.objects.filter(code="63.05.03.2003").update(name="Salah")
    result = regions_load(actor=SYSTEM, within=("63.05.03",))
    assert result.updated == 1
    assert Region.objects.get(code="63.05.03.2003").name == "Mandurian"


@pytest.mark.slow
@pytest.mark.django_db
def test_full_load_has_every_region_of_kepmendagri_2025(capsys):
    call_command("load_regions")
    counts = {level: Region.objects.filter(level=level).count() for level in Level.values}
    assert counts == {"provinsi": 38, "kabupaten": 514, "kecamatan": 7285, "desa": 83762}
    assert Region.objects.filter(level=Level.DESA, is_kelurahan=True).count() == 8496
    assert "83762" in capsys.readouterr().out
    # Idempotent: a second run reports nothing written.
    call_command("load_regions")
    assert "0 created, 0 updated" in capsys.readouterr().out
