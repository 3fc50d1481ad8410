"""Idempotency-Key handling shared by the JSON APIs that create records (reports, questions,
stays): the header read and bounded, the key kept only as a digest beside a fingerprint of the
request body, and a retry answered with the record the first request made.

The same key with the same body finds that record (the caller answers with it as if new); the
same key with another body is a Conflict (409), worded by each caller for its records. Each API
keeps its own answer to a key that is too long (its usual 422 shape).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from .refusals import Conflict

HEADER = "Idempotency-Key"
MAX_LENGTH = 200


def header_key(request) -> str:
    """The request's Idempotency-Key, stripped; "" without one."""
    return (request.headers.get(HEADER) or "").strip()


def key_problem(key: str) -> str:
    """Why a key is refused ("" when it is fine)."""
    if len(key) > MAX_LENGTH:
        return _("Too long: at most %(n)s characters.") % {"n": MAX_LENGTH}
    return ""


def key_digest(key: str, *, owner: Any = None) -> str:
    """How a key is stored: its SHA-256, with the owner's id in front where keys are per user
    (two clients' keys never meet)."""
    text = key if owner is None else f"{owner}:{key}"
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(payload) -> str:
    """The request body as validated (a pydantic/ninja schema), in a stable form, hashed."""
    body = json.dumps(payload.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def replay(
    records: QuerySet,
    *,
    digest: str,
    fingerprint: str,
    conflict: Callable[[], Conflict],
    key_field: str = "idempotency_key",
    fingerprint_field: str = "idempotency_fingerprint",
) -> Model | None:
    """The record an earlier request with this key made (None if there is none); `conflict()`
    is raised when that request had another body."""
    found = records.filter(**{key_field: digest}).first()
    if found is None:
        return None
    if getattr(found, fingerprint_field) != fingerprint:
        raise conflict()
    return found


def key_used(records: QuerySet, key: str, *, key_field: str = "idempotency_key") -> bool:
    """Whether a record was made with this key (one cheap query, no body compared)."""
    return bool(key) and records.filter(**{key_field: key_digest(key)}).exists()
