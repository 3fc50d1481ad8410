"""A foreigner's photo: kept re-encoded in private storage, shown only on the full record to
officers in scope, each view logged; bad files refused with nothing kept."""

import io
import json

import pytest
from django.core.management import call_command
from PIL import Image

from desabinaan.foreigners.models import AccessLog, Foreigner

pytestmark = pytest.mark.django_db

REASON = "Verifikasi lapangan"


@pytest.fixture(autouse=True)
def photo_root(settings, tmp_path):
    settings.FOREIGNERS_PHOTO_ROOT = tmp_path / "photos"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.FOREIGNERS_PHOTO_ROOT


def jpeg_with_gps() -> io.BytesIO:
    """A camera JPEG carrying EXIF (a GPS block and the phone model), as phones write them."""
    image = Image.new("RGB", (640, 480), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "Pixel 7"  # Model
    exif[0x8825] = {1: "S", 2: (3.0, 1.0, 0.0), 3: "E", 4: (114.0, 50.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    out.seek(0)
    out.name = "foto.jpg"
    return out


@pytest.fixture
def officer(client, world):
    def _login(key, reason=True):
        client.force_login(world["users"][key])
        if reason:
            session = client.session
            session["foreigners_access_reason"] = REASON
            session.save()
        return client

    return _login


def test_pimpasa_adds_a_photo_without_exif_and_sees_it_logged(officer, register, photo_root):
    stay = register()
    client = officer("pimpasa.mandurian")
    response = client.post(f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": jpeg_with_gps()})
    assert response.status_code == 302
    foreigner = Foreigner.objects.get(pk=stay.foreigner_id)
    stored = photo_root / foreigner.photo.name
    assert stored.is_file()
    with Image.open(stored) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif()  # no GPS, no phone model
    page = client.get(f"/wna/{stay.foreigner_id}/lengkap/").content.decode()
    assert f"/wna/{stay.foreigner_id}/foto/" in page
    photo = client.get(f"/wna/{stay.foreigner_id}/foto/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert "no-store" in photo["Cache-Control"]
    assert b"".join(photo.streaming_content) == stored.read_bytes()
    assert AccessLog.objects.filter(kind="photo", reason=REASON).count() == 1


def test_the_photo_is_not_under_media_root(officer, register, settings):
    stay = register()
    officer("pimpasa.mandurian").post(
        f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": jpeg_with_gps()}
    )
    assert Foreigner.objects.get(pk=stay.foreigner_id).photo
    assert not list(settings.MEDIA_ROOT.rglob("*.jpg"))  # rglob of a missing folder: nothing
    with pytest.raises(ValueError):
        Foreigner.objects.get(pk=stay.foreigner_id).photo.url  # noqa: B018 - no public URL


def test_photo_needs_the_session_reason(officer, register):
    stay = register()
    officer("pimpasa.mandurian").post(
        f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": jpeg_with_gps()}
    )
    client = officer("kanim.banjarmasin", reason=False)
    assert client.get(f"/wna/{stay.foreigner_id}/foto/").status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("key", ["kanim.pangkalpinang", "pimpasa.koba"])
def test_outside_scope_gets_404(officer, register, key):
    stay = register()
    officer("pimpasa.mandurian").post(
        f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": jpeg_with_gps()}
    )
    client = officer(key)
    assert client.get(f"/wna/{stay.foreigner_id}/foto/").status_code == 404
    assert client.get(f"/wna/{stay.foreigner_id}/foto/ubah/").status_code == 404
    refused = client.post(f"/wna/{stay.foreigner_id}/foto/ubah/", {"remove": "on"})
    assert refused.status_code == 404
    assert Foreigner.objects.get(pk=stay.foreigner_id).photo


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Pilih foto untuk diunggah."),
        (b"%PDF-1.4 not a photo", "Berkas ini bukan foto (gunakan JPG atau PNG)."),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "Berkas ini bukan foto (gunakan JPG atau PNG)."),
    ],
)
def test_bad_upload_is_refused_with_a_reason_and_nothing_kept(
    officer, register, photo_root, upload, message
):
    stay = register()
    data = {}
    if upload is not None:
        data["photo"] = io.BytesIO(upload)
        data["photo"].name = "foto.jpg"
    response = officer("pimpasa.mandurian").post(f"/wna/{stay.foreigner_id}/foto/ubah/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Foreigner.objects.get(pk=stay.foreigner_id).photo
    assert not photo_root.exists() or not any(photo_root.rglob("*"))


def test_a_too_large_photo_is_refused(officer, register, settings):
    stay = register()
    big = io.BytesIO(b"\xff" * (8 * 1024 * 1024 + 1))
    big.name = "besar.jpg"
    client = officer("pimpasa.mandurian")
    response = client.post(f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": big})
    assert response.status_code == 400
    assert "Foto lebih besar dari 8 MB." in response.content.decode()


def test_replace_then_remove_deletes_the_files(
    officer, register, photo_root, django_capture_on_commit_callbacks
):
    stay = register()
    client = officer("pimpasa.mandurian")
    url = f"/wna/{stay.foreigner_id}/foto/ubah/"
    client.post(url, {"photo": jpeg_with_gps()})
    first = Foreigner.objects.get(pk=stay.foreigner_id).photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"photo": jpeg_with_gps()})
    second = Foreigner.objects.get(pk=stay.foreigner_id).photo.name
    assert [p.name for p in photo_root.rglob("*.jpg")] == [second.rsplit("/", 1)[-1]]
    assert first != second
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"remove": "on"}).status_code == 302
    assert not Foreigner.objects.get(pk=stay.foreigner_id).photo
    assert not any(photo_root.rglob("*.jpg"))


def test_export_person_copies_the_photo(officer, register, tmp_path):
    stay = register()
    officer("pimpasa.mandurian").post(
        f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": jpeg_with_gps()}
    )
    out = tmp_path / "out" / "person.json"
    out.parent.mkdir()
    call_command("export_person", str(stay.foreigner_id), "--reason", "Permintaan subjek data",
                 "--output", str(out))  # fmt: skip
    data = json.loads(out.read_text())
    assert data["foreigner"][0]["photo"]
    copied = out.parent / f"person-photo-{stay.foreigner_id}.jpg"
    assert copied.read_bytes()[:3] == b"\xff\xd8\xff"


def test_a_photo_missing_on_disk_is_404_not_an_error(officer, register, photo_root):
    stay = register()
    client = officer("pimpasa.mandurian")
    client.post(f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": jpeg_with_gps()})
    (photo_root / Foreigner.objects.get(pk=stay.foreigner_id).photo.name).unlink()
    assert client.get(f"/wna/{stay.foreigner_id}/foto/").status_code == 404
    assert not AccessLog.objects.filter(kind="photo").exists()


def test_a_partner_in_the_area_is_told_the_photo_is_for_officers(officer, register):
    stay = register()
    officer("pimpasa.mandurian").post(
        f"/wna/{stay.foreigner_id}/foto/ubah/", {"photo": jpeg_with_gps()}
    )
    client = officer("mitra.mandurian")
    shown = client.get(f"/wna/{stay.foreigner_id}/foto/")
    assert shown.status_code == 403
    assert "hanya untuk petugas imigrasi" in shown.content.decode()
    assert client.get(f"/wna/{stay.foreigner_id}/foto/ubah/").status_code == 403
    refused = client.post(f"/wna/{stay.foreigner_id}/foto/ubah/", {"remove": "on"})
    assert refused.status_code == 403
    assert Foreigner.objects.get(pk=stay.foreigner_id).photo
    assert not AccessLog.objects.exists()
