"""Who gets a report (or a question) from a desa, remembered per process.

Every public submission asks it, and the answer changes only when the programme changes: a
PIMPASA assigned or ended, a partner village designated, an office or its jurisdiction edited.
Looking it up took two queries and about 40 % of a submission's time (issue 17), so each process
keeps the answers by region code and drops them all when the shared cache's generation token
changes. Any save or delete of those records (signals, connected in ReportsConfig.ready) clears
this process's answers at once and, once the change is committed, writes a new token, so the
other processes drop theirs before their next lookup. A committed change therefore routes the
next report correctly everywhere; only a request already in flight may use the old answer, as it
would without the cache.

Writes that bypass signals (QuerySet.update, raw SQL) must call `routing_changed()` themselves.
"""

from __future__ import annotations

import logging
import secrets
import time

from django.core.cache import cache
from django.db import transaction

log = logging.getLogger(__name__)

GENERATION_KEY = "reports:routing:generation"
# A remembered answer is also dropped after this long: a bound on any change no signal saw.
MAX_AGE = 300

_answers: dict[str, tuple[float, object]] = {}
_generation: object = object()  # never equal to what the shared cache holds


def cached_routing(region, compute):
    """The routing of `region`, from this process's memory when still valid, else `compute`d."""
    global _generation
    try:
        generation = cache.get(GENERATION_KEY)
    except Exception:  # the shared cache is down: answer from the database, remember nothing
        log.warning("routing: shared cache unavailable, routing looked up uncached")
        return compute(region)
    if generation != _generation:
        _answers.clear()
        _generation = generation
    now = time.monotonic()
    found = _answers.get(region.code)
    if found is not None and now - found[0] < MAX_AGE:
        return found[1]
    routing = compute(region)
    _answers[region.code] = (now, routing)
    return routing


def forget_local() -> None:
    """Drop this process's answers (a change is under way here; tests between cases)."""
    _answers.clear()


def _publish() -> None:
    _answers.clear()
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:
        log.error("routing: could not publish a routing change to the shared cache")


def routing_changed(**_signal) -> None:
    """Something routing depends on changed: forget here now, tell every process on commit (a
    process reading before the commit would otherwise remember the old answer)."""
    _answers.clear()
    transaction.on_commit(_publish)


def connect() -> None:
    """Connect routing_changed to every record routing reads."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from desabinaan.programme.models import DesaBinaan, PimpasaAssignment
    from desabinaan.regions.models import Office, Region

    for model in (PimpasaAssignment, DesaBinaan, Office, Region):
        post_save.connect(routing_changed, sender=model, dispatch_uid=f"routing-save-{model}")
        post_delete.connect(routing_changed, sender=model, dispatch_uid=f"routing-del-{model}")
    m2m_changed.connect(
        routing_changed, sender=Office.jurisdiction.through, dispatch_uid="routing-jurisdiction"
    )
