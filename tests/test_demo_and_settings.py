import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from desabinaan.accounts.models import Role, User
from desabinaan.accounts.scope import user_scope
from desabinaan.demo.management.commands.load_demo import DEMO_PASSWORD, DEMO_TOTP_KEY
from desabinaan.foreigners.models import Alert, Stay
from desabinaan.programme.models import PimpasaAssignment
from desabinaan.regions.services import regions_load
from tests.factories import SYSTEM

DEMO_USERS = {
    "pimpasa.koba": Role.PIMPASA,
    "mitra.mandurian": Role.MITRA,
    "kanim.pangkalpinang": Role.KANIM,
    "kanim.banjarmasin": Role.KANIM,
    "kanwil.babel": Role.KANWIL,
    "pusat": Role.PUSAT,
    "admin": Role.ADMIN,
}


@pytest.fixture
def demo_regions(db):
    # Every kabupaten the shipped offices file names, with Bangka Tengah and Tapin in full.
    regions_load(actor=SYSTEM, within=("19", "63"))


@override_settings(DEMO_MODE=True)
def test_load_demo_creates_the_readme_accounts_idempotently(demo_regions):
    call_command("load_demo")
    call_command("load_demo")
    for username, role in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(DEMO_PASSWORD)
    active = PimpasaAssignment.objects.filter(ended_on__isnull=True)
    assert set(
        active.filter(region__code__startswith="19.04.").values_list("region_id", flat=True)
    ) == {f"19.04.0{i}" for i in range(1, 7)}
    assert active.get(region_id="63.05.03.2003").officer.office.code == "kanim-banjarmasin"
    assert user_scope(User.objects.get(username="pimpasa.koba")) == frozenset({"19.04.01"})
    assert PimpasaAssignment.objects.count() == 7
    # Four demo foreigners in Mandurian, and the scan's alerts about them: once each (one of
    # them a spelling variant of a demo watch-list entry).
    assert Stay.objects.filter(region_id="63.05.03.2003").count() == 4
    assert sorted(Alert.objects.values_list("kind", flat=True)) == [
        "overstay",
        "permit_expiring",
        "watchlist",
        "work_permit",
    ]
    # One domicile letter, issued by the demo loader (a system actor), that verifies as valid.
    from desabinaan.core.models import AuditEvent
    from desabinaan.foreigners import letters
    from desabinaan.foreigners.models import DomicileLetter

    letter = DomicileLetter.objects.get()
    assert letters.verification_for(letter.token).valid
    issued = AuditEvent.objects.get(action="letter.issue")
    assert issued.actor is None and issued.actor_name == "sistem: load_demo"
    # The demo refugee report carries the short form's answers, so its page shows them.
    from desabinaan.reports.models import RefugeeDetails

    details = RefugeeDetails.objects.get(report__category="pengungsi")
    assert (details.total, details.location_kind) == (12, "perahu")
    # Officers need a second factor: the demo ones share the README's secret, partners have none.
    demo_keys = TOTPDevice.objects.filter(confirmed=True, key=DEMO_TOTP_KEY)
    officers = {u for u, role in DEMO_USERS.items() if role != Role.MITRA}
    assert set(demo_keys.values_list("user__username", flat=True)) >= officers
    assert not TOTPDevice.objects.filter(user__username="mitra.mandurian").exists()
    assert demo_keys.count() == User.objects.exclude(role=Role.MITRA).count()


def test_readme_names_the_demo_password_and_accounts():
    readme = (settings.BASE_DIR / "README.md").read_text()
    line = next(line for line in readme.splitlines() if "password" in line.lower() and "`" in line)
    assert f"`{DEMO_PASSWORD}`" in line
    for username in DEMO_USERS:
        assert f"`{username}`" in readme


@override_settings(DEBUG=True, DEMO_MODE=False)
def test_load_demo_is_refused_without_demo_mode(demo_regions):
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo")
    assert not User.objects.exists()


def _manage(*args, **env):
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env, DJANGO_SETTINGS_MODULE="desabinaan.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_secret_key():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean_in_production_mode():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="desabinaan.example.id",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_mode_refuses_a_cache_each_worker_keeps_for_itself():
    result = _manage(
        "check",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="desabinaan.example.id",
    )
    assert result.returncode != 0
    assert "reports.E001" in result.stderr + result.stdout


def test_error_reports_hide_who_sent_the_request(rf):
    from django.views.debug import get_exception_reporter_filter

    request = rf.get("/lapor/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="HP Warga")
    meta = get_exception_reporter_filter(request).get_safe_request_meta(request)
    assert "203.0.113.9" not in str(meta) and "HP Warga" not in str(meta)
