"""The watch-list index of this process (the engine is desabinaan.screening, pure Python).

Each web or worker process keeps one ScreeningIndex in memory. At most every
SCREENING_RELOAD_SECONDS it reads the list's version stamp — (number of entries, latest
updated_at, today's date, for entries whose validity ends) — one cheap aggregate query; when the
stamp moved, it rebuilds the index from the database. An import or an edit therefore reaches
every process within a minute, without a restart and without a message bus."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from desabinaan.screening import Entry, Person, ScreeningIndex

from .watchlist_models import WatchlistEntry

_lock = threading.Lock()
_state: dict = {"index": None, "version": None, "checked": 0.0}


def live_entries():
    today = timezone.localdate()
    return WatchlistEntry.objects.filter(active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def list_version() -> tuple:
    row = WatchlistEntry.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    latest = row["latest"].isoformat() if row["latest"] else ""
    return (row["n"], latest, timezone.localdate().isoformat(), settings.SCREENING_THRESHOLD)


def build_index() -> ScreeningIndex:
    rows = live_entries().values_list(
        "pk", "name", "aliases", "date_of_birth", "nationality", "passport_no"
    )
    return ScreeningIndex.build(
        (
            Entry(
                pk,
                Person(name, dob.isoformat() if dob else None, nat or None, passport or None),
                tuple(a.strip() for a in aliases.split(";") if a.strip()),
            )
            for pk, name, aliases, dob, nat, passport in rows.iterator(chunk_size=5000)
        ),
        threshold=settings.SCREENING_THRESHOLD,
    )


def current_index(*, force_check: bool = False) -> ScreeningIndex:
    """This process's index, rebuilt when the list changed (checked at most every
    SCREENING_RELOAD_SECONDS, or now with force_check)."""
    now = time.time()
    index = _state["index"]
    if (
        index is not None
        and not force_check
        and now - _state["checked"] < settings.SCREENING_RELOAD_SECONDS
    ):
        return index
    # One thread at a time checks and rebuilds (a million entries take seconds); the others go
    # on with the list they have rather than wait, unless they have none or must be current.
    if index is not None and not force_check:
        if not _lock.acquire(blocking=False):
            return index
        _lock.release()
    with _lock:
        version = list_version()
        if _state["index"] is None or version != _state["version"]:
            _state["index"] = build_index()
            _state["version"] = version
        _state["checked"] = now
        return _state["index"]


def forget() -> None:
    """Drop this process's index (tests)."""
    with _lock:
        _state.update(index=None, version=None, checked=0.0)
