"""Per-client limits on the public report form and on tracking-code lookups (django-ratelimit's
counter, kept only in the cache).

The client address is turned into a keyed hash (HMAC with SECRET_KEY) before it reaches the
limiter, which hashes it again into its cache key and lets the counter expire with its window:
nothing links a report to an address, and a cache dump does not reveal addresses either.

Behind a reverse proxy REMOTE_ADDR is the proxy, the same for everyone. TRUSTED_PROXY_COUNT says
how many proxies of ours stand in front of the app; each appends the address it received the
request from to X-Forwarded-For, so the client is the entry that many places from the right.
Entries further left were written by the client and are never trusted (anyone could pick a fresh
"address" per request). With the default 0 the header is ignored.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

TOO_MANY_LOOKUPS = _(
    "Too many code lookups from this connection. Please wait an hour and try again."
)


def client_address(request) -> str:
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _client_key(group: str, request) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()


def _allow(request, group: str, limit: int, window: int) -> bool:
    """Count one attempt; False once the client is over `limit` in `window` seconds."""
    rate = f"{limit}/{window}s"
    count = _redis_count(request, group, rate, window)
    if count is not None:
        return count <= limit
    return not is_ratelimited(request, group=group, key=_client_key, rate=rate, increment=True)


def _redis_count(request, group: str, rate: str, window: int) -> int | None:
    """The attempt counted on Redis in one round trip, or None to count the library's way.

    django-ratelimit makes three (add, then exists and incr) on every public submission
    (issue 17). This is its counter under its own key (same window, same expiry), set if
    missing and incremented in one pipeline; any other cache backend, or a failure, leaves the
    counting to the library."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache
    from django_ratelimit.core import EXPIRATION_FUDGE, _get_window, _make_cache_key

    cache = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    if not isinstance(cache, RedisCache):
        return None
    value = _client_key(group, request)
    key = cache.make_key(_make_cache_key(group, _get_window(value, window), rate, value, None))
    try:
        client = cache._cache.get_client(key, write=True)  # Django's own Redis client
        pipe = client.pipeline(transaction=False)
        pipe.set(key, 0, ex=window + EXPIRATION_FUDGE, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[1])
    except Exception:
        return None


def allow_submission(request) -> bool:
    return _allow(
        request, "lapor-submit", settings.REPORTS_RATE_LIMIT, settings.REPORTS_RATE_WINDOW
    )


def allow_lookup(request) -> bool:
    """Tracking-code lookups (page and API): generous for a person checking their report,
    short of what guessing codes would need."""
    return _allow(
        request, "lapor-lookup", settings.REPORTS_LOOKUP_LIMIT, settings.REPORTS_RATE_WINDOW
    )


def allow_participation(request) -> bool:
    """The public QR sign-in and before/after quiz of an outreach activity (issue 16). Its own
    counter, higher than the report limit: a whole village hall may post from one Wi-Fi
    address (sign-in, then two quizzes each), yet a script flooding the forms is stopped."""
    return _allow(
        request,
        "kegiatan-ikut",
        settings.OUTREACH_PARTICIPATION_LIMIT,
        settings.REPORTS_RATE_WINDOW,
    )


def lookup_by_code(request, code: str, find, unknown: str):
    """A public lookup by code (a report's tracking code, a question's code), as the API answers
    it: (record, None) when found, else (None, answer): 429 past the lookup limit, 400 for a code
    with a typo (its check character fails), 404 with `unknown` for a well-formed code nobody
    holds. Telling a typo from an unknown code spares a resident from doubting a real code."""
    from ninja.responses import Status

    from desabinaan.core import codes

    if not allow_lookup(request):
        return None, Status(429, {"detail": str(TOO_MANY_LOOKUPS)})
    try:
        code = codes.parse(code)
    except codes.MalformedCode:
        typo = _("This code has a typo: check every character and try again.")
        return None, Status(400, {"detail": str(typo)})
    found = find(code)
    if found is None:
        return None, Status(404, {"detail": str(unknown)})
    return found, None
