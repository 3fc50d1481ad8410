"""Where attachments live: a folder outside MEDIA_ROOT with no public URL at all.

Evidence (faces, documents, voices) must never be reachable by guessing a link; the only way out
is the officer view that checks the region scope first (views.attachment_download)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateAttachmentStorage(FileSystemStorage):
    # Read the setting on every use (not once at import) so tests and deployments can move it.
    @property
    def base_location(self):
        return str(settings.REPORTS_ATTACHMENT_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        # No URL: FileSystemStorage.url() refuses when base_url is None.
        return None


_storage = PrivateAttachmentStorage()


def private_storage() -> PrivateAttachmentStorage:
    return _storage
