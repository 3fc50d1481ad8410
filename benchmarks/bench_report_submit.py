"""Submission benchmark (issue 17): POST /api/v1/reports served by the production stack
(gunicorn, 2 sync workers, DEBUG=0, PostgreSQL, Redis cache) against a bare Django view
(benchmarks/bare_submit.py) that validates the same JSON and inserts a report, its first event and
its idempotency key in one transaction, served the same way in the same run.

A bounded load generator on loopback (Python threads, http.client keep-alive where the server
keeps it, a distinct Idempotency-Key per request) loads each for the same time. Printed per
server: requests/s, p50/p95/p99, errors, and the reports in the database against the 2xx answers
(lost, duplicated); then the same keys are replayed and nothing new may be written. Last, the
ratio app/bare (target >= 0.75, app p95 <= 100 ms). Figures on a shared machine are noisy.

`python -m benchmarks bench_report_submit` (`--quick` or `--seconds N`; BENCH_SUBMIT_SECONDS,
BENCH_SUBMIT_CONNECTIONS (default 16), BENCH_DATABASE_URL, BENCH_REDIS_URL).
"""

import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MANDURIAN = "63.05.03.2003"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database() -> tuple[str, str]:
    import psycopg

    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"dbi_bench_submit_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    return server, urlunsplit(parts._replace(path=f"/{name}"))


def _body(marker: str) -> bytes:
    return json.dumps(
        {
            "category": "wna_mencurigakan",
            "region_code": MANDURIAN,
            "description": f"Bench {marker}: orang asing tinggal tanpa lapor di desa.",
        }
    ).encode()


class Round:
    def __init__(self, name: str):
        self.name = name
        self.latencies: list[float] = []
        self.errors = Counter()
        self.accepted: list[str] = []
        self.seconds = 0.0


def _load(port: int, rnd: Round, markers: list[str], connections: int, seconds: float) -> None:
    """Each thread sends the next marker's report until the markers or the time run out; a
    replay passes the markers already accepted and no time limit."""
    lock = threading.Lock()
    remaining = iter(markers)
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                marker = next(remaining, None)
            if marker is None:
                break
            started = time.monotonic()
            try:
                conn.request(
                    "POST",
                    "/api/v1/reports",
                    body=_body(marker),
                    headers={
                        "Content-Type": "application/json",
                        "Idempotency-Key": f"bench-{marker}",
                    },
                )
                answer = conn.getresponse()
                answer.read()
                status = answer.status
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            elapsed = time.monotonic() - started
            with lock:
                if 200 <= status < 300:
                    rnd.latencies.append(elapsed)
                    rnd.accepted.append(marker)
                else:
                    rnd.errors["connection" if status == 0 else str(status)] += 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rnd.seconds = time.monotonic() - started


def _pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return float("nan")
    return statistics.quantiles(values, n=100)[p - 1] * 1000


def _serve(module: str, env: dict, log) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", module],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
        stdout=log,
        stderr=log,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{module} did not start")


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)


def _seconds() -> float:
    args = sys.argv[1:]
    if "--quick" in args:
        return 5.0
    if "--seconds" in args:
        return float(args[args.index("--seconds") + 1])
    return float(os.environ.get("BENCH_SUBMIT_SECONDS", "20"))


def run() -> None:
    seconds = _seconds()
    connections = int(os.environ.get("BENCH_SUBMIT_CONNECTIONS", "16"))
    server, url = _database()
    tmp = Path(tempfile.mkdtemp(prefix="submit-"))
    (tmp / "static").mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")},
        "DJANGO_SETTINGS_MODULE": "desabinaan.settings",
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOCAL_HTTP": "1",
        "STATIC_ROOT": str(tmp / "static"),
        "PRIVATE_ROOT": str(tmp / "private"),
        "MEDIA_ROOT": str(tmp / "media"),
        # Every request comes from 127.0.0.1: the per-address limit stays on (its cache round
        # trips are part of the cost) but high enough never to refuse.
        "REPORTS_RATE_LIMIT": str(10**9),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from desabinaan.accounts.scope import system_actor
    from desabinaan.regions.models import Office, OfficeKind, Region
    from desabinaan.regions.services import regions_load
    from desabinaan.reports.models import Report

    call_command("migrate", verbosity=0)
    regions_load(actor=system_actor("bench_report_submit"), within=("63.05",))
    office = Office.objects.create(code="kanim-bench", name="Kanim Bench", kind=OfficeKind.KANIM)
    office.jurisdiction.set(Region.objects.filter(code="63.05"))

    def rows(prefix: str) -> Counter:
        return Counter(
            d.split(":")[0].removeprefix("Bench ")
            for d in Report.objects.filter(description__startswith=f"Bench {prefix}").values_list(
                "description", flat=True
            )
        )

    results = {}
    log = (tmp / "server.log").open("w")
    try:
        for name, module in (("app", "desabinaan.wsgi"), ("bare", "desabinaan.wsgi")):
            server_env = env
            if name == "bare":
                server_env = {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.bare_submit"}
            proc, port = _serve(module, server_env, log)
            try:
                warm = Round("warmup")
                _load(port, warm, [f"w{name}{i:06d}" for i in range(10**6)], connections, 2)
                rnd = Round(name)
                markers = [f"{name[0]}{i:07d}" for i in range(10**7)]
                _load(port, rnd, markers, connections, seconds)
                in_db = rows(name[0])
                replay = Round(f"{name} replay")
                _load(port, replay, list(rnd.accepted), connections, 10 * seconds + 60)
                after = rows(name[0])
            finally:
                _stop(proc)
            results[name] = (rnd, in_db, replay, after)
    finally:
        log.close()
        from django.db import connections as dbs

        dbs.close_all()
        import psycopg

        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')

    print(
        f"gunicorn 2 sync workers, DEBUG=0, PostgreSQL, Redis; {connections} connections, "
        f"{seconds:.0f} s each; the machine is shared, figures are noisy"
    )
    print(
        f"{'server':6} {'2xx':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'err':>5} "
        f"{'in db':>6} {'lost':>5} {'dup':>4} {'replay 2xx':>10} {'new rows':>8}"
    )
    for name, (rnd, in_db, replay, after) in results.items():
        lost = sum(1 for m in rnd.accepted if in_db[m] == 0)
        dup = sum(1 for c in in_db.values() if c > 1)
        new = sum(after.values()) - sum(in_db.values())
        print(
            f"{name:6} {len(rnd.accepted):6} {len(rnd.accepted) / rnd.seconds:7.1f} "
            f"{_pct(rnd.latencies, 50):6.0f} {_pct(rnd.latencies, 95):6.0f} "
            f"{_pct(rnd.latencies, 99):6.0f} {sum(rnd.errors.values()):5} "
            f"{sum(in_db.values()):6} {lost:5} {dup:4} {len(replay.accepted):10} {new:8}"
            + (f"  errors {dict(rnd.errors)}" if rnd.errors else "")
            + (f"  replay errors {dict(replay.errors)}" if replay.errors else "")
        )
    app, bare = results["app"][0], results["bare"][0]
    ratio = (len(app.accepted) / app.seconds) / max(len(bare.accepted) / bare.seconds, 1e-9)
    print(
        f"app/bare throughput {ratio:.2f} (target >= 0.75); "
        f"app p95 {_pct(app.latencies, 95):.0f} ms (target <= 100)"
    )


if __name__ == "__main__":
    run()
