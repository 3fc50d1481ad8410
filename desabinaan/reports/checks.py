"""Deployment checks of lapor's rate limits."""

from django.conf import settings
from django.core import checks

# Caches that each process keeps for itself (or not at all): a limit counted in them is
# multiplied by the number of workers, or not enforced.
NOT_SHARED = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches)
def shared_cache_for_rate_limits(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in NOT_SHARED:
        return [
            checks.Error(
                f"The report rate limits need a cache shared by every worker, not {backend}.",
                hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0).",
                id="reports.E001",
            )
        ]
    return []
