import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from desabinaan.scheduler.schedule import jobs, run_due


class Command(BaseCommand):
    help = (
        "Periodic jobs (SCHEDULED_JOBS): put each on the task queue at its time for db_worker "
        "to run. Run one beside the workers (`make run` does; deploy/ has a systemd unit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue what is due, then exit")
        parser.add_argument("--list", action="store_true", help="show the jobs and exit")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="seconds between looks (default 30)"
        )

    def handle(self, *args, **options):
        if options["list"]:
            now = timezone.now()
            for job in jobs():
                nxt = timezone.localtime(job.next_slot(now))
                self.stdout.write(f"{job.name:24} {job.task}  next {nxt:%Y-%m-%d %H:%M}")
            return
        if options["once"]:
            self._enqueue_due()
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"scheduler: {len(jobs())} jobs, looking every {options['interval']} s")
        while not stop.is_set():
            # A long-lived process: drop a connection the database has closed (or that is
            # older than CONN_MAX_AGE) before each look, as Django does between requests.
            close_old_connections()
            self._enqueue_due()
            stop.wait(options["interval"])

    def _enqueue_due(self):
        for name in run_due():
            self.stdout.write(f"enqueued {name}")
