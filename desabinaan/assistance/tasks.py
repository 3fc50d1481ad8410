"""Background tasks (django-tasks): thin, they call a service as a named system actor."""

import datetime as dt

from django_tasks import task

from desabinaan.accounts.scope import system_actor

from . import services


@task()
def remind_questions_task() -> dict:
    """Reminders about unanswered questions (scheduler: SCHEDULED_JOBS["questions_remind"])."""
    result = services.questions_remind(actor=system_actor("remind_questions"))
    return {"pimpasa": result.pimpasa, "kanim": result.kanim}


@task()
def purge_signups_task(date: str | None = None) -> dict:
    """Deletion of past sign-ups (scheduler: SCHEDULED_JOBS["signups_purge"])."""
    result = services.signups_purge(
        actor=system_actor("purge_signups"),
        today=dt.date.fromisoformat(date) if date else None,
    )
    return {"days": result.days, "signups": result.signups}
