"""Error reports (the debug page, error e-mails) never show a credential (issue 12 item 1)."""

import sys

from django.test import override_settings
from django.views.debug import ExceptionReporter, get_exception_reporter_filter

# Built at run time: the debug page also shows this file's source lines around the raise.
MARK = "Sandi" + "-"
SECRETS = {
    "DATABASE_URL": f"postgres://desabinaan:db-{MARK}77@db.internal:5432/desabinaan",
    "REDIS_URL": f"redis://:redis-{MARK}88@cache.internal:6379/0",
    "SENTRY_DSN": "https://" + "abcdef" + "0123456789@o1.ingest.example/42",
    "BACKUP_TARGET": f"s3://backup:s3-{MARK}99@bucket.example/dump",
    "WEBHOOK": f"https://hooks.example/x?token=hook-{MARK}11&x=1",
}


def _report_html(rf) -> str:
    request = rf.get("/lapor/", **SECRETS)
    try:
        raise ValueError("boom")
    except ValueError:
        return ExceptionReporter(request, *sys.exc_info()).get_traceback_html()


@override_settings(
    EMAIL_HOST_PASSWORD=f"mail-{MARK}22",
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"redis://:cache-{MARK}33@cache.internal:6379/1",
        }
    },
    BROKER=f"amqp://user:amqp-{MARK}44@mq.internal//",
    DEBUG=True,
)
def test_debug_page_masks_credentials_in_settings_and_environment(rf):
    page = _report_html(rf)
    for secret in (MARK, "abcdef" + "0123456789"):
        assert secret not in page
    # What is not secret stays readable for the developer.
    assert "cache.internal" in page and "mq.internal" in page


def test_filter_masks_the_password_but_keeps_the_rest_of_a_url(rf):
    reporter_filter = get_exception_reporter_filter(rf.get("/"))
    masked = reporter_filter.cleanse_setting(
        "SOMETHING", f"postgres://desabinaan:db-{MARK}77@db.internal:5432/desabinaan"
    )
    assert masked == "postgres://desabinaan:" + "*" * 20 + "@db.internal:5432/desabinaan"
    meta = reporter_filter.get_safe_request_meta(rf.get("/", **SECRETS))
    assert meta["DATABASE_URL"] == reporter_filter.cleansed_substitute
    assert MARK not in str(meta)
