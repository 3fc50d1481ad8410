"""Background tasks (django-tasks): thin, they take ids and call a service."""

from django_tasks import task

from . import services


@task()
def import_stays_task(run_id: int) -> str:
    return services.import_execute(run_id=run_id).status
