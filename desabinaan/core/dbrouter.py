"""Dashboards read from a PostgreSQL replica when one is configured (DATABASE_REPLICA_URL).

Only reads that ask for it go there: a dashboard selector wraps its queries in
`with replica_reads():`. Everything else, and every write, stays on the primary, so a person
never misses what they have just saved because of replication lag.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("replica", default=False)


@contextlib.contextmanager
def replica_reads():
    token = _use_replica.set("replica" in settings.DATABASES)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if _use_replica.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
