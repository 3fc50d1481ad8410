"""Permit types as reference data the directorate (pusat) edits in the app; other officers read
them; bad input is refused with nothing saved."""

import pytest

from desabinaan.core.models import AuditEvent
from desabinaan.foreigners import rules
from desabinaan.foreigners.models import PermitType

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def form_data(permit: PermitType, **overrides) -> dict:
    data = {
        "code": permit.code,
        "name": permit.name,
        "purpose": permit.purpose,
        "max_stay_days": permit.max_stay_days or "",
        "max_stay_text": permit.max_stay_text,
        "extension": permit.extension,
        "work": permit.work,
        "work_note": permit.work_note,
        "regulation": permit.regulation,
        "confirmed": "on" if permit.confirmed else "",
        "active": "on" if permit.active else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


@pytest.fixture
def login(client, world):
    def _login(key):
        client.force_login(world["users"][key])
        return client

    return _login


def test_pusat_changes_a_rule_and_the_next_scan_reads_it(login, register):
    register(purpose="bekerja", permit="C1")
    assert [f.kind for f in rules.work_on_non_work_permit(TODAY)] == ["work_permit"]
    c1 = PermitType.objects.get(code="C1")
    client = login("pusat")
    response = client.post(f"/wna/jenis-izin/{c1.pk}/", form_data(c1, work="yes"))
    assert response.status_code == 302
    assert PermitType.objects.get(code="C1").work == "yes"
    assert list(rules.work_on_non_work_permit(TODAY)) == []
    event = AuditEvent.objects.get(action="permit_type.change")
    assert event.actor.username == "pusat" and event.target == f"foreigners.permittype:{c1.pk}"


def test_pusat_adds_a_type_and_retires_one(login):
    client = login("pusat")
    template = PermitType.objects.get(code="C1")
    new = form_data(template, code="c99x", name="Visa uji")
    assert client.post("/wna/jenis-izin/baru/", new).status_code == 302
    added = PermitType.objects.get(code="C99X")  # codes are kept in capitals
    assert added.name == "Visa uji"
    client.post(f"/wna/jenis-izin/{added.pk}/", form_data(added, active=""))
    assert not PermitType.objects.get(code="C99X").active
    listing = client.get("/wna/jenis-izin/").content.decode()
    assert "Visa uji" in listing and "tidak berlaku" in listing


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Bidang ini tidak boleh kosong."),
        ({"code": "e23"}, "Jenis izin E23 sudah ada."),
        ({"max_stay_days": "-5"}, "Pastikan nilai ini lebih besar dari atau sama dengan 0."),
        ({"work": "kadang"}, "Masukkan pilihan yang valid. kadang bukan salah satu"),
    ],
)
def test_bad_input_is_refused_with_nothing_saved(login, overrides, message):
    c1 = PermitType.objects.get(code="C1")
    before = list(PermitType.objects.order_by("pk").values())
    response = login("pusat").post(f"/wna/jenis-izin/{c1.pk}/", form_data(c1, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(PermitType.objects.order_by("pk").values()) == before
    assert not AuditEvent.objects.filter(action__startswith="permit_type").exists()


@pytest.mark.parametrize("key", ["kanim.banjarmasin", "kanwil.kalsel", "pimpasa.mandurian"])
def test_other_officers_read_but_cannot_edit(login, key):
    c1 = PermitType.objects.get(code="C1")
    client = login(key)
    listing = client.get("/wna/jenis-izin/")
    assert listing.status_code == 200
    assert 'id="permit-C1"' in listing.content.decode()
    assert f"/wna/jenis-izin/{c1.pk}/" not in listing.content.decode()
    # The role, not the area, refuses: 403 in words.
    assert client.get(f"/wna/jenis-izin/{c1.pk}/").status_code == 403
    refused = client.post(f"/wna/jenis-izin/{c1.pk}/", form_data(c1, name="Diubah"))
    assert refused.status_code == 403
    assert PermitType.objects.get(code="C1").name != "Diubah"


def test_partners_do_not_see_permit_types(login):
    assert login("mitra.mandurian").get("/wna/jenis-izin/").status_code == 403
