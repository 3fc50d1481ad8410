"""Photos people upload (a corner, a registered foreigner), re-encoded before they are kept."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_SIDE = 1600


def clean_photo(upload, *, name: str = "photo.jpg") -> ContentFile:
    """Re-encode an uploaded photo as JPEG: drops EXIF (GPS position, phone model) and anything
    hidden after the image data. Refuses what Pillow cannot read as an image."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 8 MB."))
    try:
        with Image.open(upload) as image:
            image.load()
            image = image.convert("RGB")
            image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a photo (use JPG or PNG).")) from exc
    return ContentFile(out.getvalue(), name=name)
