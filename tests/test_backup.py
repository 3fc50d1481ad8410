"""deploy/backup.sh and deploy/restore.sh: back up a PostgreSQL database with data and private
files, restore into a fresh database and folders, and find the same rows and files.

Runs against PostgreSQL in both CI passes: on the suite's own server when DATABASE_URL is
PostgreSQL, else on the local one CI starts (127.0.0.1:5432)."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

DEPLOY = settings.BASE_DIR / "deploy"


def _server_url() -> str:
    db = settings.DATABASES["default"]
    if "postgresql" in db["ENGINE"]:
        return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}"
    return os.environ.get("BACKUP_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


@pytest.fixture
def server():
    url = _server_url()
    try:
        psycopg.connect(f"{url}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL at {url} (CI always has one)")
    names = [f"dbi_backup_{kind}_{os.getpid()}" for kind in ("source", "target")]
    with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    yield {"source": f"{url}/{names[0]}", "target": f"{url}/{names[1]}"}
    with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SEED = """
from desabinaan.regions.services import regions_load
from desabinaan.core.models import AuditEvent
from tests.factories import UserFactory
from tests.factories import SYSTEM
regions_load(actor=SYSTEM, within=("63.05",))
for i in range(25):
    user = UserFactory(username=f"petugas{i}")
    AuditEvent.objects.create(actor=user, action="test", summary=f"peristiwa {i}")
"""


def _run(args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")
    }
    environment.update(env)
    done = subprocess.run(
        args, cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _snapshot(url: str) -> dict:
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' ORDER BY table_name"
            )
        ]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        sample = {
            "regions": conn.execute(
                "SELECT code, name, level, parent_id FROM regions_region ORDER BY code LIMIT 40"
            ).fetchall(),
            "users": conn.execute(
                "SELECT username, password, role FROM accounts_user ORDER BY username"
            ).fetchall(),
            "audit": conn.execute(
                "SELECT action, summary, created_at FROM core_auditevent ORDER BY id"
            ).fetchall(),
        }
    return {"counts": counts, "sample": sample}


def test_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(server, tmp_path):
    django_env = {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "desabinaan.settings_test"}
    _run(
        [sys.executable, "manage.py", "migrate", "-v0"], DATABASE_URL=server["source"], **django_env
    )
    _run(
        [sys.executable, "manage.py", "shell", "-c", SEED],
        DATABASE_URL=server["source"],
        **django_env,
    )
    private, media = tmp_path / "private", tmp_path / "media"
    (private / "reports" / "2026").mkdir(parents=True)
    evidence = private / "reports" / "2026" / "bukti.jpg"
    evidence.write_bytes(os.urandom(4096))
    media.mkdir()
    (media / "corner.jpg").write_bytes(b"foto")

    env = {"PRIVATE_ROOT": str(private), "MEDIA_ROOT": str(media), "BACKUP_KEEP": "2"}
    backups = tmp_path / "backups"
    made = [
        Path(
            _run(
                ["bash", DEPLOY / "backup.sh", backups], DATABASE_URL=server["source"], **env
            ).strip()
        )
        for _ in range(3)
    ]
    # Retention: the newest two stay.
    assert sorted(p.name for p in backups.iterdir()) == sorted({p.name for p in made[-2:]})

    restored = {
        "PRIVATE_ROOT": str(tmp_path / "r-private"),
        "MEDIA_ROOT": str(tmp_path / "r-media"),
    }
    _run(["bash", DEPLOY / "restore.sh", made[-1]], DATABASE_URL=server["target"], **restored)

    before, after = _snapshot(server["source"]), _snapshot(server["target"])
    assert before["counts"]["regions_region"] > 100 and before["counts"]["accounts_user"] == 25
    assert after == before
    copy = tmp_path / "r-private" / "reports" / "2026" / "bukti.jpg"
    assert copy.read_bytes() == evidence.read_bytes()
    assert (tmp_path / "r-media" / "corner.jpg").read_bytes() == b"foto"

    # A second restore over the now full database is refused, not merged.
    with pytest.raises(AssertionError, match="restore into an empty database"):
        _run(["bash", DEPLOY / "restore.sh", made[-1]], DATABASE_URL=server["target"], **restored)
