"""Every picture people upload (report evidence, a registered foreigner's photo, a corner's
photo) goes through `clean_image`, the one cleaning function:

* Size first, pixels second: the dimensions are read from the file's header and checked against
  UPLOAD_MAX_PIXELS before anything is decoded, so a small file that unpacks into a huge image
  (a "decompression bomb": 164 KB of PNG, 13,000 × 13,000 pixels) is refused without costing
  the server its memory. A PixelBudget bounds the pixels one request may decode in all.
* Only the pixels and their orientation are kept: the EXIF orientation is applied to the pixels,
  then the picture is copied into a fresh image, which carries no EXIF (GPS position, phone
  model), XMP, ICC profile or JPEG comment; and nothing appended after the image data survives.
* What is kept is downscaled to UPLOAD_IMAGE_SIDE on its longest side.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .refusals import Invalid

MAX_PHOTO_BYTES = 8 * 1024 * 1024
# The formats a phone or a browser sends; other Pillow decoders are never reached.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP")  # a multi-picture JPEG (MPO) opens as JPEG


def max_pixels() -> int:
    return getattr(settings, "UPLOAD_MAX_PIXELS", 24_000_000)


def longest_side() -> int:
    return getattr(settings, "UPLOAD_IMAGE_SIDE", 2048)


class ImageRefused(ValueError):
    """A picture we will not keep. `code`: unreadable, too_many_pixels or request_too_large."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class PixelBudget:
    """The pixels one request may decode across all its pictures (UPLOAD_MAX_TOTAL_PIXELS)."""

    def __init__(self, total: int | None = None):
        self.remaining = (
            total if total is not None else getattr(settings, "UPLOAD_MAX_TOTAL_PIXELS", 72_000_000)
        )

    def take(self, pixels: int) -> None:
        if pixels > self.remaining:
            raise ImageRefused(
                "request_too_large",
                _("The photos together are too large. Send fewer or smaller photos."),
            )
        self.remaining -= pixels


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _too_many_pixels() -> ImageRefused:
    return ImageRefused(
        "too_many_pixels",
        _(
            "The photo has too many pixels (at most %(max)s megapixels). Take it again at a "
            "normal camera setting."
        )
        % {"max": max_pixels() // 1_000_000},
    )


def clean_image(
    data: bytes, *, keep_alpha: bool = False, budget: PixelBudget | None = None
) -> CleanImage:
    """The picture in `data` re-encoded with nothing but its pixels, upright, at most
    UPLOAD_IMAGE_SIDE on its longest side: PNG when `keep_alpha` and it has transparency, else
    JPEG. Raises ImageRefused."""
    unreadable = ImageRefused("unreadable", _("The file is not a photo (use JPG or PNG)."))
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning (above ~89 Mpx) is a refusal here, not a log line.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as img:
                # Only the header has been read: refuse by size before decoding anything.
                pixels = img.width * img.height
                if pixels > max_pixels():
                    raise _too_many_pixels()
                if budget is not None:
                    budget.take(pixels)
                side = longest_side()
                # A JPEG can be decoded straight at a reduced scale: less memory and time.
                img.draft("RGB", (side, side))
                img.load()
                upright = ImageOps.exif_transpose(img)
                alpha = keep_alpha and (
                    upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
                )
                upright = upright.convert("RGBA" if alpha else "RGB")
                upright.thumbnail((side, side))
                # A fresh image has an empty info: no EXIF, XMP, ICC profile or comment is
                # carried into the file we write (Pillow copies a JPEG comment otherwise).
                clean = Image.new(upright.mode, upright.size)
                clean.paste(upright)
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        TypeError,
    ) as exc:
        raise unreadable from exc
    out = io.BytesIO()
    if alpha:
        clean.save(out, format="PNG", optimize=True)
        return CleanImage(out.getvalue(), "image/png", "png", *clean.size)
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return CleanImage(out.getvalue(), "image/jpeg", "jpg", *clean.size)


def clean_photo(upload, *, name: str = "photo.jpg", budget: PixelBudget | None = None):
    """A person's or a corner's photo from an upload, cleaned (clean_image) as JPEG. Raises
    Invalid (core/refusals.py) on the `photo` field with the reason."""
    if upload.size > MAX_PHOTO_BYTES:
        raise Invalid(_("The photo is larger than 8 MB."), field="photo", code="too_large")
    upload.seek(0)
    try:
        cleaned = clean_image(upload.read(MAX_PHOTO_BYTES + 1), budget=budget)
    except ImageRefused as exc:
        raise Invalid(str(exc), field="photo", code=exc.code) from exc
    return ContentFile(cleaned.data, name=name)
