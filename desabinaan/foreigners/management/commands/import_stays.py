from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from desabinaan.accounts.models import User
from desabinaan.foreigners.importer import (
    BATCH,
    ImportFileError,
    StayImporter,
    write_error_report,
)
from desabinaan.foreigners.services import alerts_after_import


class Command(BaseCommand):
    help = (
        "Import stays from a CSV or XLSX file (columns in the README). By default nothing is "
        "saved when any row is wrong; run the same file again after an interruption to resume."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", required=True, help="username of the importing officer (bounds the desa)"
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--all-or-nothing", action="store_true", default=True)
        mode.add_argument(
            "--skip-invalid",
            action="store_true",
            help="save the valid rows and write the invalid ones with reasons to --errors",
        )
        parser.add_argument(
            "--errors", help="where to write rejected rows (default FILE.errors.csv)"
        )
        parser.add_argument("--batch-size", type=int, default=BATCH)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError("unknown or inactive user")
        skip = options["skip_invalid"]

        def progress(phase, done, total):
            if phase == "validate":
                self.stderr.write(f"  checked {done:,} rows")
            else:
                self.stderr.write(
                    f"  saved {done:,} / {total:,} rows ({done * 100 // max(total, 1)}%)"
                )

        try:
            importer = StayImporter(
                actor=user,
                all_or_nothing=not skip,
                batch_size=options["batch_size"],
                progress=progress,
            )
            result = importer.run(path)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        run = result.run
        alerts_after_import(run)
        if result.errors:
            target = Path(options["errors"] or f"{path}.errors.csv")
            with target.open("w", encoding="utf-8", newline="") as out:
                write_error_report(result.errors, out)
            # Line numbers and reasons only: the rows themselves (personal data) go to the file.
            for error in result.errors[:20]:
                self.stderr.write(f"line {error.line}: {error.message}")
            if len(result.errors) > 20:
                self.stderr.write(f"… {len(result.errors) - 20} more")
            self.stderr.write(f"rejected rows written to {target}")
        self.stdout.write(
            f"import #{run.pk} {run.status}: {run.rows_total} rows, {run.rows_invalid} invalid, "
            f"{run.rows_created} stays created, {run.rows_existing} already present"
        )
        if not result.saved:
            raise CommandError("nothing saved: fix the invalid rows or use --skip-invalid")
