"""deploy/ is checked as far as this machine allows: the image definition lints (hadolint), the
compose file validates (docker-compose config), the systemd units verify (systemd-analyze), the
shell scripts pass shellcheck, and the environment file explains every setting."""

import os
import re
import shutil
import subprocess

from django.conf import settings

BASE = settings.BASE_DIR
DEPLOY = BASE / "deploy"
VENV_BIN = BASE / ".venv" / "bin"


def _run(*args, cwd=BASE, **env):
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dockerfile_lints():
    result = _run(VENV_BIN / "hadolint", "Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def test_shell_scripts_pass_shellcheck():
    result = _run(VENV_BIN / "shellcheck", DEPLOY / "backup.sh", DEPLOY / "restore.sh")
    assert result.returncode == 0, result.stdout


def test_compose_file_validates(tmp_path):
    folder = tmp_path / "deploy"
    shutil.copytree(DEPLOY, folder)
    (folder / "secret_key").write_text("x")
    (folder / ".env").write_text("POSTGRES_PASSWORD=x\n")
    shutil.copy(BASE / "Dockerfile", tmp_path / "Dockerfile")
    result = _run("docker-compose", "-f", folder / "compose.yaml", "config", "-q", cwd=folder)
    assert result.returncode == 0, result.stderr
    services = _run("docker-compose", "-f", folder / "compose.yaml", "config", "--services")
    assert set(services.stdout.split()) >= {"db", "redis", "web", "worker", "scheduler", "proxy"}


def test_systemd_units_verify(tmp_path):
    """The units as installed under /opt/desabinaan, pointed at this checkout so the commands
    they start exist."""
    for unit in (DEPLOY / "systemd").iterdir():
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/desabinaan", str(BASE)))
    units = sorted(str(p) for p in tmp_path.iterdir())
    result = _run("systemd-analyze", "verify", "--man=no", *units, SYSTEMD_LOG_LEVEL="warning")
    assert result.returncode == 0, result.stderr
    assert not result.stderr.strip(), result.stderr


def test_environment_file_explains_every_setting():
    source = (BASE / "desabinaan" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z][A-Z0-9_]+)"', source))
    example = (DEPLOY / "env.example").read_text()
    missing = sorted(name for name in read if not re.search(rf"\b{name}\b", example))
    assert not missing, f"deploy/env.example does not explain {missing}"
