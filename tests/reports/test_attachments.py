"""Evidence: type from the content, metadata stripped, polyglots defused, nothing half-saved."""

import io
import wave

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from desabinaan.accounts.scope import public_actor
from desabinaan.regions.models import Region
from desabinaan.reports import services
from desabinaan.reports.attachments import MAX_BYTES, AttachmentRefused, prepare
from desabinaan.reports.models import Attachment, Report

from .conftest import KOBA_DESA, jpeg_with_gps

pytestmark = pytest.mark.django_db


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def wav(seconds=1.0, rate=8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(rate)
        w.writeframes(b"\x80" * int(rate * seconds))
    return out.getvalue()


def raw_pdf(catalog: bytes = b"", *extra: bytes) -> bytes:
    """A one-page PDF written byte by byte (so names can be escaped as an attacker would), with
    a correct cross-reference table. `catalog` is added to the catalog dictionary; `extra` are
    more objects, numbered from 4."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
        *extra,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PDF = raw_pdf()


def test_photo_is_reencoded_without_exif_gps():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    prepared = prepare(upload("foto.jpg", original))
    img = Image.open(io.BytesIO(prepared.data))
    assert prepared.content_type == "image/jpeg"
    assert not img.getexif()
    assert b"PhoneMaker" not in prepared.data


def test_polyglot_jpeg_with_appended_zip_and_html_loses_the_payload():
    payload = b"PK\x03\x04evil.php<?php system($_GET['c']); ?><script>alert(1)</script>"
    prepared = prepare(upload("foto.jpg", jpeg_with_gps() + payload))
    assert b"<script>" not in prepared.data and b"PK\x03\x04" not in prepared.data


def test_type_comes_from_content_not_from_name():
    # A PDF called .jpg is a PDF; an HTML page called .jpg is refused.
    assert prepare(upload("foto.jpg", PDF, "image/jpeg")).content_type == "application/pdf"
    with pytest.raises(AttachmentRefused) as refused:
        prepare(upload("foto.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"))
    assert "bukan foto" in str(refused.value)


@pytest.mark.parametrize(
    "body",
    [
        PDF.replace(
            b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
        ),
        PDF + b"<html><body>hi</body></html>\n%%EOF",
        PDF.replace(b"trailer", b"PK\x03\x04 trailer"),
    ],
    ids=["javascript", "pdf-html-polyglot", "pdf-zip-polyglot"],
)
def test_pdf_with_active_or_foreign_content_is_refused(body):
    with pytest.raises(AttachmentRefused) as refused:
        prepare(upload("surat.pdf", body))
    assert "skrip atau isi tersembunyi" in str(refused.value)


def test_image_magic_with_garbage_is_refused():
    with pytest.raises(AttachmentRefused) as refused:
        prepare(upload("foto.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 100))
    assert "tidak bisa dibaca" in str(refused.value)


def test_oversize_file_is_refused():
    big = upload("besar.pdf", PDF + b"0" * MAX_BYTES)
    with pytest.raises(AttachmentRefused) as refused:
        prepare(big)
    assert "lebih dari 10 MB" in str(refused.value)


def test_short_audio_is_kept_and_long_audio_refused():
    assert prepare(upload("suara.wav", wav(1.0))).content_type == "audio/wav"
    with pytest.raises(AttachmentRefused) as refused:
        prepare(upload("panjang.wav", wav(301.0, rate=1000)))
    assert "lebih dari 5 menit" in str(refused.value)


def test_a_bad_file_among_good_ones_saves_nothing(world, settings):
    files = [upload("a.jpg", jpeg_with_gps()), upload("b.exe", b"MZ\x90\x00binary")]
    with pytest.raises(AttachmentRefused):
        services.report_submit(
            actor=public_actor(),
            category="tppo",
            region=Region.objects.get(code=KOBA_DESA),
            description="Perekrut membawa warga ke luar negeri.",
            files=files,
        )
    assert Report.objects.count() == 0
    assert Attachment.objects.count() == 0
    root = settings.REPORTS_ATTACHMENT_ROOT
    assert not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def test_six_files_are_refused(world):
    with pytest.raises(AttachmentRefused) as refused:
        services.report_submit(
            actor=public_actor(),
            category="tppo",
            region=Region.objects.get(code=KOBA_DESA),
            description="Perekrut membawa warga ke luar negeri.",
            files=[upload(f"{i}.pdf", PDF) for i in range(6)],
        )
    assert "Paling banyak 5 berkas" in str(refused.value)
    assert Report.objects.count() == 0


def test_stored_files_have_random_names_and_no_public_url(world):
    report = services.report_submit(
        actor=public_actor(),
        category="tppo",
        region=Region.objects.get(code=KOBA_DESA),
        description="Perekrut membawa warga ke luar negeri.",
        files=[upload("foto_budi_santoso.jpg", jpeg_with_gps())],
    ).report
    attachment = report.attachments.get()
    assert "budi" not in attachment.file.name
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - there is no public URL for evidence
