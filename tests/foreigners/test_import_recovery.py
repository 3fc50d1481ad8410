"""Imports whose worker was killed (foreigners.services.imports_recover and the restart in
import_execute): the task goes back to the queue and the import starts again without doubling
a row, or the run is failed with a reason the Kanim reads on the import page."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from desabinaan.accounts.scope import system_actor
from desabinaan.core.audit import Action
from desabinaan.core.models import AuditEvent
from desabinaan.foreigners import services
from desabinaan.foreigners.importer import COLUMNS
from desabinaan.foreigners.models import ImportRun, Stay
from desabinaan.scheduler.schedule import jobs
from desabinaan.scheduler.services import tasks_recover

from .test_import import row, write_csv

pytestmark = pytest.mark.django_db

ACTOR = system_actor("recover_imports")
LATER = dt.timedelta(hours=2)


@pytest.fixture
def imports(settings, tmp_path):
    settings.FOREIGNERS_IMPORT_ROOT = tmp_path / "imports"
    return settings.FOREIGNERS_IMPORT_ROOT


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def upload(*rows) -> SimpleUploadedFile:
    lines = [",".join(COLUMNS), *(",".join(str(r[c]) for c in COLUMNS) for r in rows)]
    return SimpleUploadedFile("wna.csv", "\n".join(lines).encode(), content_type="text/csv")


def queued(world, capture, *rows, execute=False) -> ImportRun:
    """An import queued from the page; its task is put on the queue after the commit."""
    with capture(execute=execute):
        return services.import_queue(
            upload=upload(*rows),
            skip_invalid=False,
            actor=world["users"]["kanim.banjarmasin"],
        )


def killed(run: ImportRun, worker="dead", earlier=()) -> DBTaskResult:
    """What a worker killed inside the import leaves: its task claimed, the run running."""
    task = DBTaskResult.objects.get(args_kwargs__kwargs__run_id=run.pk)
    task.worker_ids = list(earlier)
    task.claim(worker)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, rows_created=1)
    return task


def recover(service):
    with time_machine.travel(timezone.now() + LATER):
        return service(actor=ACTOR)


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_restarts_and_completes_without_doubling(
    world, imports, queue, tmp_path, django_capture_on_commit_callbacks
):
    run = queued(world, django_capture_on_commit_callbacks, row(1), row(2), execute=True)
    task = killed(run)
    # The killed attempt had saved the first row.
    call_command(
        "import_stays",
        str(write_csv(tmp_path / "first.csv", [row(1)])),
        "--user",
        "kanim.banjarmasin",
        verbosity=0,
    )
    assert recover(services.imports_recover).failed == []  # its task is still there
    assert recover(tasks_recover).requeued == [str(task.pk)]
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert (run.rows_created, run.rows_existing) == (1, 1)
    assert Stay.objects.count() == 2  # one stay per row, the first one not doubled
    assert not (imports / run.source).exists()


def test_an_import_whose_task_failed_for_good_shows_why_on_its_page(
    client, world, imports, queue, django_capture_on_commit_callbacks
):
    run = queued(world, django_capture_on_commit_callbacks, row(1), execute=True)
    killed(run, worker="w3", earlier=["w1", "w2"])
    assert len(recover(tasks_recover).failed) == 1
    result = recover(services.imports_recover)
    assert result.failed == [run.pk]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and run.finished_at
    assert not (imports / run.source).exists()
    client.force_login(world["users"]["kanim.banjarmasin"])
    html = client.get(f"/wna/impor/{run.pk}/").content.decode()
    assert "Impor terputus beberapa kali" in html
    assert "Unggah berkas yang sama lagi" in html
    (event,) = AuditEvent.objects.filter(action=Action.IMPORT_RECOVER)
    assert event.actor_name == "sistem: recover_imports"


def test_a_running_import_without_any_task_is_failed(
    world, imports, django_capture_on_commit_callbacks
):
    run = queued(world, django_capture_on_commit_callbacks, row(1))
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    assert recover(services.imports_recover).failed == [run.pk]
    run.refresh_from_db()
    assert run.message.startswith("Impor terputus karena proses server")


def test_a_queued_import_whose_task_was_never_queued_is_queued_again(
    world, imports, django_capture_on_commit_callbacks
):
    """The web process died between saving the run and queueing its task."""
    run = queued(world, django_capture_on_commit_callbacks, row(1), row(2))
    with django_capture_on_commit_callbacks(execute=True):
        assert recover(services.imports_recover).requeued == [run.pk]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and Stay.objects.count() == 2


def test_a_queued_import_whose_file_is_gone_is_failed(
    world, imports, django_capture_on_commit_callbacks
):
    run = queued(world, django_capture_on_commit_callbacks, row(1))
    (imports / run.source).unlink()
    assert recover(services.imports_recover).failed == [run.pk]
    run.refresh_from_db()
    assert "Unggah berkas itu lagi" in run.message


def test_imports_still_in_hand_are_left_alone(
    world, imports, queue, tmp_path, django_capture_on_commit_callbacks
):
    waiting = queued(world, django_capture_on_commit_callbacks, row(1), execute=True)
    running = queued(world, django_capture_on_commit_callbacks, row(2), execute=True)
    killed(running, worker="alive")  # running, its worker not (yet) known to be gone
    just_saved = queued(world, django_capture_on_commit_callbacks, row(3))  # task queued next
    call_command(
        "import_stays",
        str(write_csv(tmp_path / "cli.csv", [row(4)])),
        "--user",
        "kanim.banjarmasin",
        verbosity=0,
    )
    ImportRun.objects.filter(source="").update(status=ImportRun.Status.RUNNING)  # a CLI run
    assert services.imports_recover(actor=ACTOR).failed == []  # just_saved: within the grace
    with time_machine.travel(timezone.now() + LATER):
        result = services.imports_recover(actor=ACTOR)
    assert result.failed == [] and result.requeued == [just_saved.pk]
    statuses = dict(ImportRun.objects.values_list("pk", "status"))
    assert statuses[waiting.pk] == "queued" and statuses[running.pk] == "running"
    assert list(ImportRun.objects.filter(source="").values_list("status", flat=True)) == ["running"]


def test_import_recovery_is_idempotent_a_job_and_a_command(
    world, imports, capsys, django_capture_on_commit_callbacks
):
    run = queued(world, django_capture_on_commit_callbacks, row(1))
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now() - LATER
    )
    call_command("recover_imports")
    call_command("recover_imports")
    assert capsys.readouterr().out.splitlines() == [
        "re-queued 0, failed 1",
        "re-queued 0, failed 0",
    ]
    assert AuditEvent.objects.filter(action=Action.IMPORT_RECOVER).count() == 1
    job = {j.name: j for j in jobs()}["imports_recover"]
    assert job.task == "desabinaan.foreigners.tasks.recover_imports_task"
