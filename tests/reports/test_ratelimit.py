"""The report and lookup limits behind a reverse proxy, their keyed hash, and the shared cache
they need when DEBUG is off (issue 10)."""

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.test import RequestFactory

from desabinaan.reports.ratelimit import _client_key, client_address

from .test_api import GOOD, post

rf = RequestFactory()


def request(remote="10.0.0.1", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **meta)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_one_trusted_proxy_gives_the_address_it_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote the first entry itself; our proxy appended what it saw.
    assert client_address(request("10.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_two_trusted_proxies_count_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    xff = "1.2.3.4, 203.0.113.9, 10.0.0.2"
    assert client_address(request("10.0.0.1", xff)) == "203.0.113.9"


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_the_key_is_a_keyed_hash_not_the_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    key = _client_key("g", request(xff="203.0.113.9"))
    assert "203.0.113.9" not in key and len(key) == 64
    settings.SECRET_KEY = "another-secret-key"
    assert _client_key("g", request(xff="203.0.113.9")) != key


@pytest.mark.django_db
def test_clients_behind_one_proxy_are_counted_apart(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REPORTS_RATE_LIMIT = 1
    cache.clear()
    a = {"X-Forwarded-For": "203.0.113.9"}
    b = {"X-Forwarded-For": "198.51.100.7"}
    assert post(client, GOOD, **a).status_code == 201
    assert post(client, GOOD, **a).status_code == 429
    assert post(client, GOOD, **b).status_code == 201  # same proxy, another person
    # A client cannot escape its count by writing its own header: the proxy appends its view.
    spoofed = {"X-Forwarded-For": "9.9.9.9, 203.0.113.9"}
    assert post(client, GOOD, **spoofed).status_code == 429


@pytest.mark.django_db
def test_tracking_code_lookups_are_limited_on_the_page(client, world, file_report, settings):
    settings.REPORTS_LOOKUP_LIMIT = 2
    cache.clear()
    code = file_report().tracking_code
    assert client.get(f"/lapor/status/{code}/").status_code == 200
    assert client.get(f"/lapor/status/{code}/").status_code == 200
    refused = client.get(f"/lapor/status/{code}/")
    assert refused.status_code == 429
    assert "Terlalu banyak pencarian kode" in refused.content.decode()
    assert client.get(f"/lapor/tanda-terima/{code}/").status_code == 429


@pytest.mark.django_db
def test_tracking_code_lookups_are_limited_on_the_api(client, world, file_report, settings):
    settings.REPORTS_LOOKUP_LIMIT = 1
    cache.clear()
    code = file_report().tracking_code
    assert client.get(f"/api/v1/reports/track/{code}").status_code == 200
    refused = client.get(f"/api/v1/reports/track/{code}")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Terlalu banyak pencarian kode")


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


def _ids():
    return {m.id for m in run_checks()}


def test_local_memory_cache_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    assert "reports.E001" in _ids()


def test_a_shared_cache_passes_the_check(settings):
    settings.DEBUG = False
    settings.CACHES = REDIS
    assert "reports.E001" not in _ids()


def test_development_may_use_local_memory(settings):
    settings.DEBUG = True
    settings.CACHES = LOCMEM
    assert "reports.E001" not in _ids()


def test_on_redis_the_limit_counts_in_one_round_trip(settings, monkeypatch):
    """The Redis counter (one pipeline, issue 17) counts as django-ratelimit does: the limit'th
    attempt passes, the next is refused; another client has its own count."""
    import uuid

    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on this machine")

    from desabinaan.reports.ratelimit import _allow

    settings.CACHES = {
        "default": settings.CACHES["default"],
        "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
    }
    settings.RATELIMIT_USE_CACHE = "redis"
    group = f"test-{uuid.uuid4().hex}"

    def library(*args, **kwargs):
        raise AssertionError("counted by django-ratelimit's three round trips")

    monkeypatch.setattr("desabinaan.reports.ratelimit.is_ratelimited", library)
    assert [_allow(request("10.0.0.7"), group, 3, 3600) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert _allow(request("10.0.0.8"), group, 3, 3600)
