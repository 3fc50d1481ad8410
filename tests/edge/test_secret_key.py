"""A weak SECRET_KEY is refused when DEBUG is off (issue 12 item 13): the settings are loaded in a
fresh interpreter with only the environment under test."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

STRONG = "Zq3v-8Lk_w0pR4sT7uX1yB6nC9dF2gH5jK8mN0bV3cX6zA1sD4fG7hJ"


def load_settings(**env):
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import desabinaan.settings"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "key",
    [
        "k" * 20,  # short
        "s3cr3t!",  # short
        "ab" * 40,  # long, two distinct characters
        "abcd" * 20,  # long, four distinct characters
        "django-insecure-" + STRONG,  # startproject's throwaway key
    ],
)
def test_weak_secret_key_is_refused_without_debug(key):
    result = load_settings(DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert key not in result.stderr  # the message never echoes the key


def test_strong_secret_key_is_accepted_without_debug():
    assert len(STRONG) >= 50
    result = load_settings(DEBUG="0", SECRET_KEY=STRONG)
    assert result.returncode == 0, result.stderr


def test_debug_mode_keeps_accepting_a_short_development_key():
    result = load_settings(DEBUG="1", SECRET_KEY="dev")
    assert result.returncode == 0, result.stderr
