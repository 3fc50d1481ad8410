"""The PDF check parses the file (pikepdf/qpdf): scripts, launch actions, embedded files, open
actions and rich media are refused however they are spelt or packed (issue 12, item 6)."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from desabinaan.reports.attachments import AttachmentRefused, prepare

from .test_attachments import raw_pdf

ACTIVE = "skrip atau isi tersembunyi"


def check(data: bytes):
    return prepare(SimpleUploadedFile("surat.pdf", data))


def refused(data: bytes) -> str:
    with pytest.raises(AttachmentRefused) as exc:
        check(data)
    return str(exc.value)


@pytest.mark.parametrize(
    ("catalog", "extra"),
    [
        # Document-level JavaScript, its names escaped: /J#61vaScript is /JavaScript.
        (
            b"/Names<</J#61vaScript 4 0 R>>",
            [b"<</Names[(a) 5 0 R]>>", b"<</S/J#61vaScript/J#53(app.alert(1))>>"],
        ),
        # A launch action on a link, escaped: /L#61unch is /Launch.
        (
            b"/Annots[4 0 R]",
            [b"<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A<</S/L#61unch/F(cmd.exe)>>>>"],
        ),
        # An action run when the document opens, even a harmless-looking one.
        (b"/OpenAction<</S/GoTo/D[3 0 R/Fit]>>", []),
        (b"/OpenAction 4 0 R", [b"<</S/JavaScript/JS(app.alert(1))>>"]),
        # An embedded file, escaped.
        (
            b"/Names<</Embedded#46iles 4 0 R>>",
            [
                b"<</Names[(x.exe) 5 0 R]>>",
                b"<</Type/Filespec/F(x.exe)/EF<</F 6 0 R>>>>",
                b"<</Type/EmbeddedFile/Length 2>>\nstream\nMZ\nendstream",
            ],
        ),
        # Rich media (Flash and the like) as an annotation, escaped.
        (b"/Annots[4 0 R]", [b"<</Type/Annot/Subtype/R#69chMedia/Rect[0 0 9 9]>>"]),
        # Additional actions (run on page open) and XML forms.
        (b"/AA<</O 4 0 R>>", [b"<</S/JavaScript/JS(1)>>"]),
        (b"/AcroForm<</Fields[]/XFA 4 0 R>>", [b"<</Length 0>>\nstream\n\nendstream"]),
    ],
    ids=[
        "escaped-javascript",
        "escaped-launch",
        "open-action",
        "open-action-javascript",
        "escaped-embedded-file",
        "escaped-rich-media",
        "additional-actions",
        "xfa",
    ],
)
def test_active_pdf_is_refused(catalog, extra):
    data = raw_pdf(catalog, *extra)
    assert ACTIVE in refused(data)


def _pikepdf_bytes(build) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    build(pdf)
    out = io.BytesIO()
    pdf.save(
        out,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
    )
    return out.getvalue()


def test_javascript_inside_a_compressed_object_stream_is_refused():
    def build(pdf):
        action = pdf.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        )
        names = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(["a", action])))
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=names)

    data = _pikepdf_bytes(build)
    # The evasion: nothing a byte search could find.
    assert b"JavaScript" not in data and b"app.alert" not in data
    assert ACTIVE in refused(data)


def test_plain_pdfs_are_kept_with_links_and_page_destinations():
    def build(pdf):
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 9, 9],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://imigrasi.go.id")),
        )
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))

    data = _pikepdf_bytes(build)
    assert check(data).content_type == "application/pdf"
    assert check(raw_pdf()).data == raw_pdf()


def test_password_locked_pdf_is_refused_with_its_reason():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="rahasia"))
    assert "kata sandi" in refused(out.getvalue())


def test_unreadable_pdf_is_refused():
    assert "tidak lengkap" in refused(b"%PDF-1.4\ngarbage garbage\n%%EOF\n")
