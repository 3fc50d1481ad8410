import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import DomainError, NotAllowed
from desabinaan.programme import services
from desabinaan.programme.models import DesaBinaan, DesaBinaanStatus, Partner, PimpasaAssignment
from desabinaan.regions.models import Region
from tests.factories import SYSTEM

from .conftest import DAY, KOBA_DESA, MANDURIAN, NAMANG_DESA


def region(code):
    return Region.objects.get(code=code)


def test_designation_writes_an_audit_event_with_the_acting_user(world):
    user = world["users"]["kanim.pangkalpinang"]
    desa = services.desa_binaan_designate(
        region=region(NAMANG_DESA),
        office=world["offices"]["pangkalpinang"],
        sk_number="SK-1",
        designated_on=DAY,
        actor=user,
    )
    assert desa.status == DesaBinaanStatus.DICANANGKAN
    event = AuditEvent.objects.get(action="desa_binaan.designate")
    assert event.actor == user
    assert event.region_id == NAMANG_DESA
    assert "SK-1" in event.summary


def test_designation_outside_jurisdiction_is_refused(world):
    with pytest.raises(DomainError, match="di luar wilayah kerja"):
        services.desa_binaan_designate(
            region=region(MANDURIAN),
            office=world["offices"]["pangkalpinang"],
            sk_number="SK-1",
            designated_on=DAY,
            actor=world["users"]["kanim.pangkalpinang"],
        )
    assert not DesaBinaan.objects.exists()


def test_designating_twice_is_refused_with_a_clear_message(programme):
    with pytest.raises(DomainError, match="sudah menjadi desa binaan"):
        services.desa_binaan_designate(
            region=region(KOBA_DESA),
            office=programme["offices"]["pangkalpinang"],
            sk_number="SK-2",
            designated_on=DAY,
            actor=SYSTEM,
        )
    assert DesaBinaan.objects.get(region_id=KOBA_DESA).sk_number == "SK-KOBA"


def test_another_office_cannot_act_for_an_office(world):
    with pytest.raises(NotAllowed):
        services.desa_binaan_designate(
            region=region(NAMANG_DESA),
            office=world["offices"]["pangkalpinang"],
            sk_number="SK-1",
            designated_on=DAY,
            actor=world["users"]["kanim.banjarmasin"],
        )


def test_only_a_desa_can_be_designated(world):
    with pytest.raises(DomainError, match="desa atau kelurahan"):
        services.desa_binaan_propose(
            region=region("19.04.01"), office=world["offices"]["pangkalpinang"], actor=SYSTEM
        )


def test_guarded_transitions(world):
    office = world["offices"]["pangkalpinang"]
    desa = services.desa_binaan_propose(region=region(NAMANG_DESA), office=office, actor=SYSTEM)
    assert desa.status == DesaBinaanStatus.DIUSULKAN
    services.desa_binaan_designate(
        region=desa.region, office=office, sk_number="SK-3", designated_on=DAY, actor=SYSTEM
    )
    desa.refresh_from_db()
    services.desa_binaan_deactivate(desa=desa, reason="Desa digabung", actor=SYSTEM)
    assert desa.status == DesaBinaanStatus.NONAKTIF
    with pytest.raises(DomainError, match="tidak dapat menjadi"):
        services.desa_binaan_deactivate(desa=desa, reason="lagi", actor=SYSTEM)
    with pytest.raises(DomainError):
        services.desa_binaan_designate(
            region=desa.region, office=office, sk_number="SK-4", designated_on=DAY, actor=SYSTEM
        )
    with pytest.raises(DomainError):
        services.desa_binaan_deactivate(desa=desa, reason="  ", actor=SYSTEM)


def test_corner_needs_a_designated_village(world):
    desa = services.desa_binaan_propose(
        region=region(NAMANG_DESA), office=world["offices"]["pangkalpinang"], actor=SYSTEM
    )
    with pytest.raises(DomainError, match="Canangkan"):
        services.corner_save(desa=desa, data={"address": "x"}, actor=SYSTEM)


def _photo_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (6.0, 12.0, 0.0), 4: (106.0, 24.0, 0.0)}  # GPSInfo
    exif[0x0110] = "Model HP Rahasia"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("IMG_rumah_pak_budi.jpg", out.getvalue(), content_type="image/jpeg")


def test_corner_photo_is_reencoded_without_exif(programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = _photo_with_gps()
    assert Image.open(io.BytesIO(upload.read())).getexif()
    upload.seek(0)
    corner = services.corner_save(
        desa=programme["desa"]["koba"], data={}, photo=upload, actor=SYSTEM
    )
    stored = Image.open(corner.photo.path)
    assert not stored.getexif()
    assert "pak_budi" not in corner.photo.name


def test_a_file_that_is_not_a_photo_is_refused(programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(DomainError, match="bukan foto"):
        services.corner_save(desa=programme["desa"]["koba"], data={}, photo=fake, actor=SYSTEM)
    assert not programme["desa"]["koba"].corner.photo


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0812-7100-0001", "+6281271000001"),
        ("+62 813 5100 0002", "+6281351000002"),
        ("081351000003", "+6281351000003"),
    ],
)
def test_partner_phone_is_stored_e164(world, raw, stored):
    partner = services.partner_add(
        region=region(KOBA_DESA), role="agen_literasi", name="Ani", phone=raw, actor=SYSTEM
    )
    assert partner.phone == stored


@pytest.mark.parametrize("raw", ["12", "abc", "0812", "+1 555"])
def test_bad_partner_phone_is_refused_and_nothing_saved(world, raw):
    with pytest.raises(DomainError, match="nomor telepon"):
        services.partner_add(
            region=region(KOBA_DESA), role="agen_literasi", name="Ani", phone=raw, actor=SYSTEM
        )
    assert not Partner.objects.exists()


def test_camat_partners_a_kecamatan(world):
    with pytest.raises(DomainError, match="camat"):
        services.partner_add(region=region(KOBA_DESA), role="camat", name="Pak Camat", actor=SYSTEM)
    partner = services.partner_add(
        region=region("19.04.01"), role="camat", name="Pak Camat", actor=SYSTEM
    )
    assert partner.region_id == "19.04.01"


def test_replacing_a_pimpasa_ends_the_old_assignment_on_the_same_date(world):
    office = world["offices"]["pangkalpinang"]
    old = world["assignments"]["koba"]
    from tests.factories import UserFactory

    newcomer = UserFactory(role="pimpasa", office=office)
    with pytest.raises(DomainError, match="sudah memiliki PIMPASA aktif"):
        services.pimpasa_assign(
            officer=newcomer,
            region=region("19.04.01"),
            office=office,
            sk_number="SK-9",
            inaugurated_on=DAY,
            actor=world["users"]["kanim.pangkalpinang"],
        )
    new = services.pimpasa_assign(
        officer=newcomer,
        region=region("19.04.01"),
        office=office,
        sk_number="SK-9",
        inaugurated_on=DAY,
        replace=True,
        actor=world["users"]["kanim.pangkalpinang"],
    )
    old.refresh_from_db()
    assert old.ended_on == DAY == new.inaugurated_on
    assert (
        PimpasaAssignment.objects.filter(region_id="19.04.01", ended_on__isnull=True).get() == new
    )
    # One service, one event: the inauguration names the predecessor it ends.
    (event,) = AuditEvent.objects.filter(action__in=["pimpasa.end", "pimpasa.assign"])
    assert event.action == "pimpasa.assign" and "menggantikan" in event.summary
