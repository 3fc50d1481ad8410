"""Fast, deterministic test settings (DESIGN.md §6): the real settings plus overrides."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-key")

from desabinaan.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests log in with force_login; the lock-out behaviour has its own test that switches axes on.
AXES_ENABLED = False
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Tasks run at once inside the request; one test drives the real database queue and worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FOREIGNERS_IMPORT_ROOT = BASE_DIR / "var" / "test-imports"  # noqa: F405
FOREIGNERS_PHOTO_ROOT = BASE_DIR / "var" / "test-photos"  # noqa: F405
# Tests log in with force_login; two-step verification is switched on by the tests that prove it
# (tests/test_two_factor.py) and by the browser journeys, which log in through the real forms.
TWO_FACTOR_REQUIRED = False
SCREENING_RELOAD_SECONDS = 0  # every test sees its own watch-list at once
