"""Per-client submission limit, kept only in the cache.

The client address is turned into a keyed hash (HMAC with SECRET_KEY) before it touches the
cache, and the counter expires with its window: nothing links a report to an address, and a
cache dump does not reveal addresses either. REMOTE_ADDR only: trusting X-Forwarded-For would let
anyone pick a fresh "address" per request.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def _bucket_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    window = int(time.time() // settings.REPORTS_RATE_WINDOW)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"lapor-rl:{window}:{digest.hexdigest()[:32]}"


def allow_submission(request) -> bool:
    """Count one submission attempt; False once the client is over the limit for this window."""
    key = _bucket_key(request)
    cache.add(key, 0, timeout=settings.REPORTS_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.REPORTS_RATE_WINDOW)
        count = 1
    return count <= settings.REPORTS_RATE_LIMIT
