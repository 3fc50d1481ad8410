"""Evidence checks: the type comes from the content, never from the name or the browser's word.

Images are decoded and re-encoded by Pillow, so whatever rode along (EXIF GPS, a ZIP or HTML
appended to make a polyglot) is gone. PDFs and audio cannot be re-encoded cheaply, so they are
accepted only with the right magic bytes, parsed structure and no active or foreign content:
a PDF is parsed by qpdf (pikepdf), which decodes escaped names and compressed object streams,
so hiding a script from a byte search does not hide it from the check.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from desabinaan.core.images import ImageRefused, PixelBudget, clean_image
from desabinaan.core.refusals import Invalid

from .models import AttachmentKind

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_AUDIO_SECONDS = 5 * 60

# A second format (HTML, ZIP, PHP) hidden inside a file. (A PDF's own active content is found
# by parsing it: _pdf_active.)
_FOREIGN = re.compile(rb"<\s*(script|html|iframe|svg|\?php)|PK\x03\x04", re.IGNORECASE)


class AttachmentRefused(Invalid):
    """A file we will not keep; the message says why, in words for the person who sent it.
    One of the refusal family (core/refusals.py): 422 on the `files` field."""

    default_code = "attachment"

    def __init__(self, message: str = "", **kwargs):
        kwargs.setdefault("field", "files")
        super().__init__(message, **kwargs)


@dataclass(frozen=True)
class PreparedFile:
    kind: str
    content_type: str
    extension: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def prepare(uploaded, *, position: int = 1, budget: PixelBudget | None = None) -> PreparedFile:
    """Check one uploaded file (any object with .read() and .size) and return what to store.
    `budget`: the pixels the whole request may still decode (core/images.py)."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        raise AttachmentRefused(_too_big(position))
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise AttachmentRefused(_too_big(position))
    if not data:
        raise AttachmentRefused(_("File %(n)s is empty.") % {"n": position})
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return _pdf(data, position)
    if _is_audio(head):
        return _audio(data, position)
    if _is_image(head):
        return _image(data, position, budget)
    raise AttachmentRefused(
        _(
            "File %(n)s is not a photo (JPEG, PNG, WebP), a PDF or an audio recording "
            "(MP3, OGG, M4A, WAV)."
        )
        % {"n": position}
    )


def _too_big(position: int) -> str:
    return _(
        "File %(n)s is larger than %(mb)s MB. Send a smaller photo or a shorter recording."
    ) % {
        "n": position,
        "mb": MAX_BYTES // (1024 * 1024),
    }


def _is_image(head: bytes) -> bool:
    return (
        head.startswith(b"\xff\xd8\xff")
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or head[:6] in (b"GIF87a", b"GIF89a")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


def _is_audio(head: bytes) -> bool:
    return (
        head.startswith(b"OggS")
        or head.startswith(b"ID3")
        or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)
        or (head[:4] == b"RIFF" and head[8:12] == b"WAVE")
        or (head[4:8] == b"ftyp" and head[8:11] == b"M4A")
    )


def _image(data: bytes, position: int, budget: PixelBudget | None) -> PreparedFile:
    """Through the project's one cleaning function (core/images.py): size checked from the
    header before decoding, only pixels and orientation kept, transparency kept as PNG."""
    try:
        clean = clean_image(data, keep_alpha=True, budget=budget)
    except ImageRefused as exc:
        if exc.code == "unreadable":
            message = _(
                "File %(n)s looks like a photo but cannot be read. Take the photo again."
            ) % {"n": position}
        else:
            message = _("File %(n)s: %(reason)s") % {"n": position, "reason": str(exc)}
        raise AttachmentRefused(message) from exc
    return PreparedFile(AttachmentKind.IMAGE, clean.content_type, clean.extension, clean.data)


def _pdf(data: bytes, position: int) -> PreparedFile:
    if b"%%EOF" not in data[-2048:]:
        raise AttachmentRefused(
            _("File %(n)s is an incomplete PDF. Save it again and retry.") % {"n": position}
        )
    refused = AttachmentRefused(
        _(
            "File %(n)s is a PDF with scripts or hidden content, which we cannot accept. "
            "Print it to a new PDF or send a photo of it."
        )
        % {"n": position}
    )
    if _FOREIGN.search(data):
        raise refused
    if _pdf_active(data, position):
        raise refused
    return PreparedFile(AttachmentKind.PDF, "application/pdf", "pdf", data)


# What makes a PDF more than a document, as the parser sees it (names already decoded, so
# `/J#61vaScript` is `/JavaScript`; objects inside compressed object streams included).
# Keys that hold or point at active or foreign content wherever they appear:
_PDF_ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",  # additional actions: run on page open/close, field focus, document save…
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",  # a file specification's embedded file
        "/RichMedia",
        "/RichMediaContent",
        "/RichMediaSettings",
        "/XFA",  # XML forms carry their own scripts
    }
)
# Action types (/S) and object kinds (/Type, /Subtype) that run, launch or carry content.
_PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/GoToE",  # go to an embedded document
        "/Rendition",
        "/RichMediaExecute",
        "/RichMedia",
        "/EmbeddedFile",
        "/FileAttachment",
        "/Screen",
        "/Movie",
        "/Sound",
    }
)
# A hostile file could hold millions of tiny objects; more than this is not a letter or a scan.
MAX_PDF_OBJECTS = 200_000


def _pdf_active(data: bytes, position: int) -> bool:
    """Whether the PDF holds scripts, actions that run or launch something, embedded files or
    rich media. Parsed by qpdf (pikepdf): a file it cannot read is refused too."""
    import pikepdf  # only needed for PDFs

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            # A document that acts when opened. A plain destination (which page, which zoom)
            # is an array and harmless; an action is a dictionary.
            if isinstance(pdf.Root.get("/OpenAction"), pikepdf.Dictionary):
                return True
            budget = [MAX_PDF_OBJECTS]
            return any(_pdf_has_active(obj, budget, 0) for obj in [pdf.trailer, *pdf.objects])
    except pikepdf.PasswordError as exc:
        raise AttachmentRefused(
            _("File %(n)s is a PDF locked with a password. Send it without the password.")
            % {"n": position}
        ) from exc
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise AttachmentRefused(
            _("File %(n)s is an incomplete PDF. Save it again and retry.") % {"n": position}
        ) from exc


def _pdf_has_active(obj, budget: list[int], depth: int) -> bool:
    """Whether `obj` or a direct object nested in it is active. An indirect object nested here
    is checked on its own (it is in pdf.objects), so each object is read once."""
    import pikepdf

    budget[0] -= 1
    if budget[0] < 0 or depth > 64:  # too many or too deep: an attack on the reader
        return True
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        keys = set(obj.keys())
        if keys & _PDF_ACTIVE_KEYS:
            return True
        for key in ("/S", "/Type", "/Subtype"):
            kind = obj.get(key)
            if isinstance(kind, pikepdf.Name) and str(kind) in _PDF_ACTIVE_NAMES:
                return True
        children = [obj.get(k) for k in keys]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return False
    return any(
        _pdf_has_active(child, budget, depth + 1)
        for child in children
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
        and not child.is_indirect
    )


def _audio(data: bytes, position: int) -> PreparedFile:
    import mutagen  # only needed for audio; keeps the import cost off every request

    unreadable = _("File %(n)s looks like audio but cannot be played. Record it again.") % {
        "n": position
    }
    if _FOREIGN.search(data):
        raise AttachmentRefused(unreadable)
    try:
        parsed = mutagen.File(io.BytesIO(data))
    except Exception as exc:  # mutagen raises many kinds for broken files
        raise AttachmentRefused(unreadable) from exc
    if parsed is None or not getattr(parsed.info, "length", 0):
        raise AttachmentRefused(unreadable)
    if parsed.info.length > MAX_AUDIO_SECONDS:
        raise AttachmentRefused(
            _("File %(n)s is longer than %(min)s minutes. Send a shorter recording.")
            % {"n": position, "min": MAX_AUDIO_SECONDS // 60}
        )
    kinds = {
        "audio/ogg": ("audio/ogg", "ogg"),
        "audio/mp3": ("audio/mpeg", "mp3"),
        "audio/mpeg": ("audio/mpeg", "mp3"),
        "audio/mp4": ("audio/mp4", "m4a"),
        "audio/wav": ("audio/wav", "wav"),
        "audio/x-wav": ("audio/wav", "wav"),
    }
    for candidate in parsed.mime or []:
        if candidate in kinds:
            content_type, ext = kinds[candidate]
            return PreparedFile(AttachmentKind.AUDIO, content_type, ext, data)
    raise AttachmentRefused(unreadable)
