"""Files with no public URL: report evidence, photos of registered foreigners.

Such files must never be reachable by guessing a link; the only way out is a view that checks
the region scope first."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A folder named by a setting, read on every use (not once at import) so tests and
    deployments can move it."""

    def __init__(self, root_setting: str):
        super().__init__()
        self.root_setting = root_setting

    @property
    def base_location(self):
        return str(getattr(settings, self.root_setting))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        # No URL: FileSystemStorage.url() refuses when base_url is None.
        return None
