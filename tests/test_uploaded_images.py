"""Every upload field that takes a picture (report evidence, a foreigner's photo, a corner's
photo) goes through core/images.py: a decompression bomb is refused from its header before it
is decoded, and what is kept has nothing but pixels and orientation (issue 12, items 7 and 11).
"""

import functools
import io
import struct
import warnings
import zlib

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from desabinaan.core.images import ImageRefused, PixelBudget, clean_image
from desabinaan.foreigners.models import Foreigner
from desabinaan.foreigners.services import stay_register
from desabinaan.programme import services as programme_services
from desabinaan.programme.models import Corner
from desabinaan.regions.models import Region
from desabinaan.reports.models import Attachment, Report
from tests.factories import SYSTEM
from tests.foreigners.conftest import person, stay_input
from tests.programme.conftest import DAY, KOBA_DESA

pytestmark = pytest.mark.django_db

SECRET_COMMENT = b"rumah di belakang masjid, nomor HP 0812"


@functools.cache
def png_bomb(side: int = 13_000) -> bytes:
    """A valid one-bit PNG of side × side pixels that compresses to a few dozen KB: decoded,
    it would take side² bytes of memory (169 MB for 13,000)."""
    row = b"\x00" + bytes((side + 7) // 8)  # filter byte, then the row's bits, all black

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    pixels = zlib.compress(row * side, 9)
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def camera_jpeg(size=(640, 480), orientation=None) -> bytes:
    """A phone JPEG: EXIF with a GPS block and the phone model, and a JPEG comment segment."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "PhoneMaker X"
    exif[0x8825] = {1: "S", 2: (3.0, 1.0, 0.0), 3: "E", 4: (114.0, 50.0, 0.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=SECRET_COMMENT)
    return out.getvalue()


def assert_only_pixels(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as kept:
        assert not kept.getexif()  # no GPS, no phone model, no orientation tag left over
        assert "comment" not in kept.info and "icc_profile" not in kept.info
        assert "xmp" not in kept.info
    assert SECRET_COMMENT not in data and b"PhoneMaker" not in data


@pytest.fixture
def register(world):
    call_command("load_permit_types", verbosity=0)
    return lambda: stay_register(
        actor=world["users"]["mitra.mandurian"], stay=stay_input(), person=person()
    )


@pytest.fixture
def programme(world):
    programme_services.desa_binaan_designate(
        region=Region.objects.get(code=KOBA_DESA),
        office=world["offices"]["pangkalpinang"],
        sk_number="SK-KOBA",
        designated_on=DAY,
        actor=SYSTEM,
    )
    return world


@pytest.fixture(autouse=True)
def _roots(settings, tmp_path):
    settings.REPORTS_ATTACHMENT_ROOT = tmp_path / "evidence"
    settings.FOREIGNERS_PHOTO_ROOT = tmp_path / "photos"
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


# --- the upload fields -------------------------------------------------------------------------


def _evidence(client, world, register, programme, data):  # one signature for all three
    upload = SimpleUploadedFile("IMG_0001.jpg", data, content_type="image/jpeg")
    form = {
        "category": "wna_mencurigakan",
        "description": "Tiga orang asing bekerja di tambak tanpa izin sejak bulan lalu.",
        "desa": KOBA_DESA,
        "submission": "tok-1",
        "files": [upload],
    }
    response = client.post("/lapor/", form)
    attachment = Attachment.objects.first()
    kept = attachment.file.open("rb").read() if attachment else None
    return response, kept, Report.objects.exists()


def _foreigner_photo(client, world, register, programme, data):
    stay = register()
    client.force_login(world["users"]["pimpasa.mandurian"])
    upload = SimpleUploadedFile("foto.jpg", data, content_type="image/jpeg")
    response = client.post(f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": upload})
    foreigner = Foreigner.objects.get(pk=stay.foreigner_id)
    kept = foreigner.photo.open("rb").read() if foreigner.photo else None
    return response, kept, bool(foreigner.photo)


def _corner_photo(client, world, register, programme, data):
    client.force_login(programme["users"]["pimpasa.koba"])
    upload = SimpleUploadedFile("corner.jpg", data, content_type="image/jpeg")
    response = client.post(
        f"/program/desa/{KOBA_DESA}/corner/", {"address": "Balai Desa", "photo_upload": upload}
    )
    corner = Corner.objects.filter(desa_binaan__region_id=KOBA_DESA).first()
    kept = corner.photo.open("rb").read() if corner and corner.photo else None
    return response, kept, bool(corner and corner.photo)


UPLOAD_FIELDS = [_evidence, _foreigner_photo, _corner_photo]
FIELD_IDS = ["report-evidence", "foreigner-photo", "corner-photo"]


@pytest.mark.parametrize("post", UPLOAD_FIELDS, ids=FIELD_IDS)
def test_decompression_bomb_is_refused_on_every_upload_field(
    post, client, world, register, programme
):
    bomb = png_bomb()
    assert len(bomb) < 200_000  # small on the wire …
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        header_only = Image.open(io.BytesIO(bomb))
        assert header_only.size == (13_000, 13_000)  # … 169 million pixels once decoded
    response, kept, saved = post(client, world, register, programme, bomb)
    assert response.status_code == 400
    assert "terlalu banyak pikselnya" in response.content.decode()
    assert kept is None and not saved


@pytest.mark.parametrize("post", UPLOAD_FIELDS, ids=FIELD_IDS)
def test_kept_photo_has_no_comment_and_no_exif_gps(post, client, world, register, programme):
    response, kept, saved = post(client, world, register, programme, camera_jpeg())
    assert response.status_code == 302
    assert saved and kept is not None
    assert_only_pixels(kept)


# --- the cleaning function itself ---------------------------------------------------------------


def test_orientation_is_applied_to_the_pixels_before_the_exif_goes():
    kept = clean_image(camera_jpeg(size=(80, 40), orientation=6))  # 6: rotate 90° clockwise
    assert (kept.width, kept.height) == (40, 80)
    assert_only_pixels(kept.data)


def test_what_is_kept_is_downscaled(settings):
    settings.UPLOAD_IMAGE_SIDE = 100
    kept = clean_image(camera_jpeg(size=(640, 480)))
    assert (kept.width, kept.height) == (100, 75)


def test_pixel_cap_is_one_setting(settings):
    settings.UPLOAD_MAX_PIXELS = 640 * 480 - 1
    with pytest.raises(ImageRefused) as refused:
        clean_image(camera_jpeg(size=(640, 480)))
    assert refused.value.code == "too_many_pixels"


def test_a_request_has_a_pixel_budget_across_its_files():
    budget = PixelBudget(total=640 * 480 * 2)
    clean_image(camera_jpeg(), budget=budget)
    clean_image(camera_jpeg(), budget=budget)
    with pytest.raises(ImageRefused) as refused:
        clean_image(camera_jpeg(), budget=budget)
    assert refused.value.code == "request_too_large"


def test_report_evidence_spends_one_budget_for_all_its_files(client, world, settings):
    settings.UPLOAD_MAX_TOTAL_PIXELS = 640 * 480 * 2
    files = [
        SimpleUploadedFile(f"{i}.jpg", camera_jpeg(), content_type="image/jpeg") for i in range(3)
    ]
    form = {
        "category": "wna_mencurigakan",
        "description": "Tiga orang asing bekerja di tambak tanpa izin sejak bulan lalu.",
        "desa": KOBA_DESA,
        "submission": "tok-2",
        "files": files,
    }
    response = client.post("/lapor/", form)
    assert response.status_code == 400
    assert "Berkas 3" in response.content.decode()
    assert not Report.objects.exists() and not Attachment.objects.exists()


def test_transparency_is_kept_for_evidence_as_png():
    image = Image.new("RGBA", (30, 30), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    kept = clean_image(out.getvalue(), keep_alpha=True)
    assert kept.content_type == "image/png"
