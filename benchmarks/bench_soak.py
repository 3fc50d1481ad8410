"""Soak test of the production stack (issue 13): gunicorn with production settings on
PostgreSQL, and a task worker (`task_worker`: db_worker with a heartbeat); many concurrent
clients submit reports (POST /api/v1/reports) and register stays (POST /api/v1/stays, bearer
token), both with an Idempotency-Key and retried after a connection error or a 5xx, while tasks
are enqueued. First a baseline phase without faults, then the same load while the benchmark SIGKILLs
a gunicorn worker (the master starts a new one) and the task worker (restarted a second later)
at random moments.

During the soak the task recovery (scheduler/services.py tasks_recover, which the scheduler
runs every few minutes) runs every few seconds, with a heartbeat timeout of a few seconds, and
once more after it: a task whose worker was killed goes back to the queue and runs again.

Afterwards: every accepted (2xx) submission must be in the database exactly once, and every task
has run to the end once (its effect is there once) or is still queued; none is left RUNNING.
Printed per phase: throughput, errors, p95, lost, duplicated; and the longest gap without any
2xx answer (recovery after a kill).

BENCH_SOAK_CLIENTS (default 500), BENCH_SOAK_SECONDS (default 40; the baseline runs half as
long), BENCH_DATABASE_URL (a PostgreSQL server; a throw-away database is created on it; default
postgres://postgres@127.0.0.1:5432/postgres).
"""

import asyncio
import itertools
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
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
    name = f"dbi_bench_soak_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    return server, urlunsplit(parts._replace(path=f"/{name}"))


class Client:
    """A minimal HTTP/1.1 client on asyncio streams: one connection per request, as many
    phones behind mobile networks would do; nothing in it retries by itself."""

    def __init__(self, port: int):
        self.port = port

    async def post(self, path: str, body: dict, headers: dict) -> tuple[int, bytes]:
        data = json.dumps(body).encode()
        head = [
            f"POST {path} HTTP/1.1",
            "Host: 127.0.0.1",
            "Content-Type: application/json",
            f"Content-Length: {len(data)}",
            "Connection: close",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", self.port), 30
            )
            writer.write("\r\n".join(head).encode() + b"\r\n\r\n" + data)
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), 120)
            writer.close()
        except (TimeoutError, OSError, asyncio.IncompleteReadError):
            return 0, b""
        try:
            return int(answer.split(b" ", 2)[1]), answer
        except (IndexError, ValueError):
            return 0, answer


class Phase:
    def __init__(self, name: str):
        self.name = name
        self.latencies: list[float] = []
        self.ok_times: list[float] = []
        self.errors = Counter()
        self.accepted = {"report": [], "stay": []}
        self.started = self.ended = 0.0


async def _client(n: int, phase: Phase, http: Client, token: str, deadline: float) -> None:
    rnd = random.Random(f"{phase.name}{n}")
    i = 0
    while time.monotonic() < deadline:
        i += 1
        marker = f"{phase.name[0]}{n:03d}x{i:04d}"
        if i % 2:
            kind, path = "report", "/api/v1/reports"
            body = {
                "category": rnd.choice(["tppo", "wna_mencurigakan", "pmi_nonprosedural"]),
                "region_code": MANDURIAN,
                "description": f"Soak {marker}: orang asing tinggal tanpa lapor di desa.",
            }
            headers = {"Idempotency-Key": f"soak-{marker}"}
        else:
            kind, path = "stay", "/api/v1/stays"
            body = {
                "confirm_new": True,
                "given_names": f"Soak{marker}",
                "family_name": f"Tester{rnd.randrange(10**6)}",
                "sex": "L",
                "date_of_birth": "1980-01-01",
                "nationality": "AU",
                "passport_number": f"S{marker}".upper().replace("X", "Q"),
                "passport_country": "AU",
                "passport_expiry": "2032-01-01",
                "region_code": MANDURIAN,
                "address": f"Jl. Soak {marker}",
                "host_kind": "keluarga",
                "purpose": "keluarga",
                "arrival_date": "2026-01-10",
                "permit_code": "C1",
                "permit_expiry": "2026-12-31",
            }
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"soak-{marker}"}
        # The same submission is retried (same key, same body) after a connection error or a
        # 5xx, as the field app does: a retry after a lost answer gets what the first made.
        for _attempt in range(4):
            started = time.monotonic()
            status, _answer = await http.post(path, body, headers)
            if 200 <= status < 300:
                phase.latencies.append(time.monotonic() - started)
                phase.ok_times.append(time.monotonic())
                phase.accepted[kind].append(marker)
                break
            phase.errors["connection" if status == 0 else str(status)] += 1
            if status == 0 or status >= 500:
                await asyncio.sleep(0.5 + rnd.random())
                continue
            break
        # A person fills the next form: a pause, so 500 clients are 500 people, not a flood.
        await asyncio.sleep(rnd.uniform(0.5, 2.0))


async def _chaos(master_pid, worker: dict, stop: asyncio.Event, kills: Counter, deadline) -> None:
    rnd = random.Random(13)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), rnd.uniform(4, 8))
            return
        except TimeoutError:
            pass
        if time.monotonic() > deadline:  # faults only inside the measured window
            return
        if rnd.random() < 0.6:
            children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
            if children:
                os.kill(int(rnd.choice(children)), signal.SIGKILL)
                kills["web worker"] += 1
        else:
            worker["proc"].kill()
            worker["proc"].wait()
            kills["task worker"] += 1
            await asyncio.sleep(1)
            worker["proc"] = worker["start"]()


async def _recover(stop: asyncio.Event, recovered: Counter) -> None:
    """The scheduler's recovery job, every few seconds instead of minutes."""
    from asgiref.sync import sync_to_async

    from desabinaan.accounts.scope import system_actor
    from desabinaan.scheduler.services import tasks_recover

    def once():
        result = tasks_recover(actor=system_actor("bench_soak"))
        recovered["re-queued"] += len(result.requeued)
        recovered["failed"] += len(result.failed)

    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), 3)
        except TimeoutError:
            await sync_to_async(once, thread_sensitive=True)()


async def _enqueue(stop: asyncio.Event, enqueued: list[int]) -> None:
    from asgiref.sync import sync_to_async

    from benchmarks.soak_tasks import soak_task

    enqueue = sync_to_async(lambda n: soak_task.enqueue(n), thread_sensitive=True)
    n = len(enqueued)
    while not stop.is_set():
        await enqueue(n)
        enqueued.append(n)
        n += 1
        await asyncio.sleep(0.1)


async def _phase(name, clients, seconds, port, token, chaos=None) -> Phase:
    phase = Phase(name)
    http = Client(port)
    stop = asyncio.Event()
    phase.started = time.monotonic()
    deadline = phase.started + seconds
    side = []
    if chaos:
        side.append(asyncio.create_task(_enqueue(stop, chaos["enqueued"])))
        side.append(asyncio.create_task(_recover(stop, chaos["recovered"])))
    if chaos:
        side.append(
            asyncio.create_task(
                _chaos(chaos["master"], chaos["worker"], stop, chaos["kills"], deadline)
            )
        )
    await asyncio.gather(*(_client(n, phase, http, token, deadline) for n in range(clients)))
    phase.ended = time.monotonic()
    stop.set()
    await asyncio.gather(*side)
    return phase


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] * 1000 if len(values) > 20 else float("nan")


def _longest_gap(phase: Phase) -> float:
    times = sorted([phase.started, *phase.ok_times, phase.ended])
    return max(b - a for a, b in itertools.pairwise(times))


def run() -> None:
    clients = int(os.environ.get("BENCH_SOAK_CLIENTS", "500"))
    seconds = float(os.environ.get("BENCH_SOAK_SECONDS", "40"))
    server, url = _database()
    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    (tmp / "static").mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")},
        "DJANGO_SETTINGS_MODULE": "desabinaan.settings",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOCAL_HTTP": "1",
        "STATIC_ROOT": str(tmp / "static"),
        "CACHE_DIR": str(tmp / "cache"),
        "PRIVATE_ROOT": str(tmp / "private"),
        "MEDIA_ROOT": str(tmp / "media"),
        # Every client comes from 127.0.0.1: the per-address limit would refuse them all.
        "REPORTS_RATE_LIMIT": str(10**9),
        # A killed task worker is known to be gone after 3 s without its heartbeat.
        "TASKS_HEARTBEAT_SECONDS": "0.5",
        "TASKS_WORKER_GONE_AFTER": "3",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from desabinaan.accounts import services as account_services
    from desabinaan.accounts.models import PartnerKind, Role, User
    from desabinaan.accounts.scope import system_actor
    from desabinaan.core.models import AuditEvent
    from desabinaan.foreigners.models import Stay
    from desabinaan.regions.models import Office, OfficeKind, Region
    from desabinaan.regions.services import regions_load
    from desabinaan.reports.models import Report

    call_command("migrate", verbosity=0)
    regions_load(actor=system_actor("bench_soak"), within=("63.05",))
    office = Office.objects.create(code="kanim-soak", name="Kanim Soak", kind=OfficeKind.KANIM)
    office.jurisdiction.set(Region.objects.filter(code="63.05"))
    mitra = User.objects.create(
        username="mitra.soak",
        role=Role.MITRA,
        partner_kind=PartnerKind.KEPALA_DESA,
        home_region_id=MANDURIAN,
    )
    token = account_services.token_create(actor=mitra, label="soak").raw

    port = _free_port()
    log = (tmp / "server.log").open("w")
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "desabinaan.wsgi"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=log,
    )

    def start_worker():
        return subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", "--interval", "0.2", "-v0"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )

    worker = {"proc": start_worker(), "start": start_worker}
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        # Warm-up, not measured: every worker imports Django and opens its connection.
        asyncio.run(_phase("warmup", 20, 3, port, token))
        kills, enqueued, recovered = Counter(), [], Counter()
        chaos = {
            "master": web.pid,
            "worker": worker,
            "kills": kills,
            "enqueued": enqueued,
            "recovered": recovered,
        }
        baseline = asyncio.run(_phase("baseline", clients, seconds / 2, port, token))
        soak = asyncio.run(_phase("soak", clients, seconds, port, token, chaos))

        # Let the queue drain with a live worker, then count.
        from django_tasks_db.models import DBTaskResult

        from desabinaan.accounts.scope import system_actor
        from desabinaan.scheduler.services import tasks_recover

        def drain():
            for _ in range(600):
                if not DBTaskResult.objects.filter(status="READY").exists():
                    return
                time.sleep(0.1)

        drain()
        left_running = DBTaskResult.objects.filter(status="RUNNING").count()
        # The last kill's task: its worker is known to be gone once the heartbeat timeout has
        # passed; the recovery (as the scheduler runs it) puts it back, the live worker runs it.
        time.sleep(float(env["TASKS_WORKER_GONE_AFTER"]) + 1)
        last = tasks_recover(actor=system_actor("bench_soak"))
        recovered["re-queued"] += len(last.requeued)
        recovered["failed"] += len(last.failed)
        drain()
        time.sleep(1)  # the task the worker may have just claimed
        statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
        rerun = DBTaskResult.objects.filter(
            task_path="benchmarks.soak_tasks.soak_task", worker_ids__1__isnull=False
        ).count()
        marks = Counter(
            AuditEvent.objects.filter(action="soak_task").values_list("target", flat=True)
        )
        succeeded = [
            r.args_kwargs["args"][0]
            # Only the benchmark's own tasks: a registration also queues its alert check.
            for r in DBTaskResult.objects.filter(
                status="SUCCESSFUL", task_path="benchmarks.soak_tasks.soak_task"
            ).only("args_kwargs")
        ]
        report_rows = Counter(
            d.split(":")[0].removeprefix("Soak ")
            for d in Report.objects.filter(description__startswith="Soak ").values_list(
                "description", flat=True
            )
        )
        stay_rows = Counter(
            a.removeprefix("Jl. Soak ")
            for a in Stay.objects.filter(address__startswith="Jl. Soak ").values_list(
                "address", flat=True
            )
        )
    finally:
        web.send_signal(signal.SIGTERM)
        worker["proc"].kill()
        web.wait(timeout=60)
        worker["proc"].wait()
        log.close()
        from django.db import connections

        connections.close_all()

    print(f"{clients} concurrent clients; baseline {seconds / 2:.0f} s, soak {seconds:.0f} s")
    print(f"kills: {dict(kills)}")
    header = f"{'phase':10} {'2xx':>7} {'per s':>7} {'p95 ms':>8} {'errors':>8} {'gap s':>6}"
    print(header)
    for phase in (baseline, soak):
        ok = len(phase.latencies)
        print(
            f"{phase.name:10} {ok:7} {ok / (phase.ended - phase.started):7.1f} "
            f"{_p95(phase.latencies):8.0f} {sum(phase.errors.values()):8} "
            f"{_longest_gap(phase):6.1f}   {dict(phase.errors)}"
        )
    for kind, rows in (("report", report_rows), ("stay", stay_rows)):
        accepted = [m for phase in (baseline, soak) for m in phase.accepted[kind]]
        lost = sum(1 for m in accepted if rows[m] == 0)
        duplicated = sum(1 for m, c in rows.items() if c > 1)
        print(
            f"{kind}s: accepted {len(accepted)}, in database {sum(rows.values())}, "
            f"lost {lost}, duplicated {duplicated}"
        )
    doubled = sum(1 for c in marks.values() if c > 1)
    never_ran = sum(1 for n in succeeded if marks[str(n)] == 0)
    print(
        f"tasks: enqueued {len(enqueued)}, by status {dict(statuses)}; "
        f"SUCCESSFUL without running {never_ran}"
    )
    print(
        f"tasks interrupted by a kill: left RUNNING before the last recovery {left_running}, "
        f"recovered {dict(recovered)}, stuck RUNNING after recovery {statuses.get('RUNNING', 0)}; "
        f"started twice (re-run after a kill) {rerun}, effect applied twice {doubled}"
    )
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')
