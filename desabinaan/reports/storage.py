"""Where attachments live: a folder outside MEDIA_ROOT with no public URL at all.

Evidence (faces, documents, voices) must never be reachable by guessing a link; the only way out
is the officer view that checks the region scope first (views.attachment_download)."""

from __future__ import annotations

from desabinaan.core.storage import PrivateStorage

_storage = PrivateStorage("REPORTS_ATTACHMENT_ROOT")


def private_storage() -> PrivateStorage:
    return _storage
