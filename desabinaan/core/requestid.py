"""A request id on every log line and in error pages, so a person quoting the number on a 500
page leads straight to the log lines of that request.

The id lives in a context variable while the request runs, so log lines written anywhere below
(services, the ORM, django.request) pick it up without being handed the request.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

from django.conf import settings
from django.core.signals import request_finished
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# An id from a proxy is accepted only in this shape: it ends up in logs and a page.
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        header = settings.REQUEST_ID_HEADER
        self.meta_key = "HTTP_" + header.upper().replace("-", "_") if header else ""

    def __call__(self, request):
        given = request.META.get(self.meta_key, "") if self.meta_key else ""
        request_id = given if _VALID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        # Left set until the request is finished (signal below): Django logs a 4xx/5xx answer
        # ("Not Found: ...") after the middleware chain has returned.
        _current.set(request_id)
        response = self.get_response(request)
        response.headers["X-Request-ID"] = request_id
        return response


def _forget(**kwargs):
    _current.set("-")


request_finished.connect(_forget, dispatch_uid="desabinaan.request_id.forget")


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


# Extra attributes never written: Django's request logger attaches the request, whose repr
# carries the query string (a searched name, a passport number).
_LEFT_OUT = {"request", "server_time", "color_message"}


class JsonLogFormatter(JsonFormatter):
    """One JSON object a line: time (ISO 8601, UTC), level, logger, message, request_id, plus a
    record's safe extras (e.g. status_code) and the traceback of an exception."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *_LEFT_OUT])
        super().__init__(*args, **kwargs)
