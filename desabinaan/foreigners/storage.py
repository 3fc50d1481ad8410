"""Photos of registered foreigners: personal data, kept outside MEDIA_ROOT with no URL. Only the
full-record photo view (scope checked, access logged) serves them."""

from __future__ import annotations

from desabinaan.core.storage import PrivateStorage

_storage = PrivateStorage("FOREIGNERS_PHOTO_ROOT")


def photo_storage() -> PrivateStorage:
    return _storage
