"""Production mode, as `make run` and deploy/ start it: settings that refuse to start wrong, the
security headers, and gunicorn itself (a subprocess on a free port against its own database)
answering a page, the API and a static file, with JSON log lines carrying the request id."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import path

from desabinaan.core.requestid import JsonLogFormatter, RequestIdLogFilter

STRONG_KEY = secrets.token_urlsafe(64)


def _env(**extra):
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(extra, DJANGO_SETTINGS_MODULE="desabinaan.settings")
    return environment


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


PRINT_SECURITY = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.DEMO_MODE)"
)


def test_secret_key_is_read_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(STRONG_KEY + "\n")
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(len(s.SECRET_KEY))",
        DEBUG="0",
        SECRET_KEY_FILE=str(key_file),
        ALLOWED_HOSTS="desabinaan.example.id",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(len(STRONG_KEY))


def test_production_defaults_are_https_only_without_demo_data():
    result = _manage(
        "shell", "-c", PRINT_SECURITY, DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x.go.id"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["True", "True", "31536000", "False"]


def test_local_http_relaxes_tls_only_on_loopback():
    result = _manage(
        "shell",
        "-c",
        PRINT_SECURITY,
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        LOCAL_HTTP="1",
        DEMO_MODE="1",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["False", "False", "0", "True"]
    refused = _manage(
        "check", DEBUG="0", SECRET_KEY=STRONG_KEY, LOCAL_HTTP="1", ALLOWED_HOSTS="desa.go.id"
    )
    assert refused.returncode != 0
    assert "LOCAL_HTTP is only for ALLOWED_HOSTS on loopback" in refused.stderr


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


def test_pages_and_api_answers_carry_the_security_headers(client, db):
    for url in ("/", "/lapor/", "/api/v1/regions?q=koba", "/api/v1/tidak-ada"):
        response = client.get(url)
        policy = _csp(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
    # Leaflet's tiles come from the configured tile server.
    assert "https://tile.openstreetmap.org" in _csp(client.get("/"))["img-src"]


def test_pages_hold_no_inline_script_or_style(client, db):
    """What the policy would block: inline <script>, <style>, style= and on...= attributes."""
    for url in ("/", "/lapor/", "/akun/masuk/", "/api/v1/docs"):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), url
        assert "<style" not in html and " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


def test_api_docs_use_the_bundled_swagger_not_a_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "ninja/swagger-ui-bundle" in html
    assert "cdn" not in html.lower()


def boom(request):
    raise RuntimeError("kaboom")


urlpatterns = [path("boom/", boom)]
handler500 = "desabinaan.core.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_shows_the_request_id(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert response["X-Request-ID"] in response.content.decode()


@override_settings(REQUEST_ID_HEADER="X-Request-ID")
def test_request_id_from_a_trusted_proxy_is_kept_if_well_formed(client, db):
    given = uuid.uuid4().hex
    assert client.get("/", headers={"X-Request-ID": given})["X-Request-ID"] == given
    forged = client.get("/", headers={"X-Request-ID": "<script>"})["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


def test_request_id_header_is_ignored_unless_trusted(client, db):
    given = uuid.uuid4().hex
    assert client.get("/", headers={"X-Request-ID": given})["X-Request-ID"] != given


def test_json_log_line_leaves_out_the_request(rf):
    import logging

    request = rf.get("/wna/?q=John+Walker")
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/wna/",), None
    )
    record.request = request
    record.status_code = 404
    RequestIdLogFilter().filter(record)
    line = json.loads(JsonLogFormatter().format(record))
    assert line["message"] == "Not Found: /wna/"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert line["status_code"] == 404 and "request_id" in line
    assert "Walker" not in json.dumps(line) and "request" not in line


# --- gunicorn -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, django_db_blocker):
    """gunicorn with production settings (DEBUG off, TLS expected from a proxy) on a database of
    its own, migrated and with collected static files, as deploy/README.md sets it up."""
    tmp = tmp_path_factory.mktemp("prod")
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        db_name = f"dbi_gunicorn_{os.getpid()}"
        base = settings.DATABASES["default"]
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
            cursor.execute(f'CREATE DATABASE "{db_name}"')
        url = f"postgres://{base['USER']}@{base['HOST']}:{base['PORT'] or 5432}/{db_name}"
    else:
        db_name, url = None, f"sqlite:///{tmp / 'db.sqlite3'}"
    port = _free_port()
    env = _env(
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=url,
        STATIC_ROOT=str(tmp / "static"),
        CACHE_DIR=str(tmp / "cache"),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
    )
    for step in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
    out, err = tmp / "stdout.log", tmp / "stderr.log"
    with out.open("w") as stdout, err.open("w") as stderr:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",
                "desabinaan.wsgi",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, err.read_text()
            time.sleep(0.2)
    yield {"url": base_url, "stdout": out, "stderr": err}
    server.terminate()
    server.wait(timeout=30)
    if db_name:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, https=True, **headers):
    """One request as the TLS proxy in front would forward it (X-Forwarded-Proto)."""
    if https:
        headers["X-Forwarded-Proto"] = "https"
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_gunicorn_answers_a_page_the_api_and_a_static_file(production_server):
    base = production_server["url"]
    status, headers, body = fetch(base + "/lapor/")
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    html = body.decode()
    assert "<form" in html

    status, headers, body = fetch(base + "/api/v1/regions")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert "Content-Security-Policy" in headers
    assert "items" in json.loads(body) or isinstance(json.loads(body), list)

    # The stylesheet by its hashed name, compressed, cached for a year.
    css = re.search(r'href="(/static/core/site\.[0-9a-f]{12}\.css)"', html).group(1)
    status, headers, body = fetch(base + css, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_gunicorn_sends_plain_http_to_https(production_server):
    status, headers, _ = fetch(production_server["url"] + "/lapor/", https=False)
    assert status == 301 and headers["Location"].startswith("https://")


def test_gunicorn_logs_json_lines_with_the_request_id(production_server):
    status, headers, _ = fetch(production_server["url"] + "/tidak-ada/?q=John+Walker")
    assert status == 404
    request_id = headers["X-Request-ID"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [
            json.loads(line)
            for name in ("stdout", "stderr")
            for line in production_server[name].read_text().splitlines()
            if line.startswith("{")
        ]
        mine = [line for line in lines if line.get("request_id") == request_id]
        if len(mine) >= 2:
            break
        time.sleep(0.2)
    loggers = {line["logger"] for line in mine}
    assert loggers == {"django.request", "gunicorn.access"}, mine
    assert "Walker" not in json.dumps(mine)
    # Every line is JSON, the server's own start-up lines too.
    stderr = production_server["stderr"].read_text().splitlines()
    assert stderr and all(line.startswith("{") for line in stderr), stderr[:3]


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_replica_router_sends_only_marked_reads_to_the_replica(settings):
    from desabinaan.core.dbrouter import ReplicaRouter, replica_reads
    from desabinaan.regions.models import Region

    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    router = ReplicaRouter()
    assert router.db_for_read(Region) == "default"
    with replica_reads():
        assert router.db_for_read(Region) == "replica"
        assert router.db_for_write(Region) == "default"
    assert router.db_for_read(Region) == "default"
    assert not router.allow_migrate("replica", "regions")
