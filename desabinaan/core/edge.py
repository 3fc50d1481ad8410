"""The edge: what every request passes on the way in and every API answer on the way out.

In: control characters are refused before any view, form or query sees them.

A NUL byte cannot be stored in a PostgreSQL text column (the driver raises) and other control
characters have no place in a name, a code or a search: one check here, for every route, is
surer than a check in every form and schema. Tab, line feed and carriage return are kept in
values (a textarea's text has line breaks); in the path and in field names nothing is allowed.

Out: an API error that Django or a library answered with an HTML page (an unknown path, a wrong
method, a CSRF failure, an unreadable body) is said again as JSON with `detail`, the shape the
API documents, so a client never has to parse HTML.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

# C0 controls and DEL; in values tab (09), line feed (0a) and carriage return (0d) may stay.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
API_PREFIX = "/api/"


class Unreadable(Exception):
    """The request body could not be parsed at all."""


def _bad_name(name: str) -> bool:
    return bool(_ANY_CONTROL.search(name))


def _bad_value(value: str) -> bool:
    return bool(_VALUE_CONTROL.search(value))


def _querydict_field(data) -> str | None:
    for key, values in data.lists():
        if _bad_name(key) or any(isinstance(v, str) and _bad_value(v) for v in values):
            return key
    return None


def _json_field(value, where: str = "") -> str | None:
    """The dotted path of the first string (or key) in a JSON document holding a control
    character, or None."""
    if isinstance(value, str):
        return where if _bad_value(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            if _bad_name(key):
                return path
            found = _json_field(item, path)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _json_field(item, f"{where}.{index}" if where else str(index))
            if found is not None:
                return found
    return None


def offending_field(request: HttpRequest) -> str | None:
    """Where the first control character is: "path", a field name, or None when all is clean.
    Raises Unreadable for a body that cannot be parsed."""
    if _bad_name(request.path):
        return "path"
    found = _querydict_field(request.GET)
    if found is not None:
        return found
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    content_type = request.content_type or ""
    try:
        if content_type in _FORM_TYPES:
            found = _querydict_field(request.POST)
            if found is None:
                for key, files in request.FILES.lists():
                    if _bad_name(key) or any(_bad_name(f.name or "") for f in files):
                        return key
            return found
        body = request.body
    except (SuspiciousOperation, MultiPartParserError, OSError) as exc:
        raise Unreadable from exc
    if not body:
        return None
    # The API reads every other body as JSON, whatever its declared type; escapes such as
    # "\u0000" only show once decoded. A body that is not JSON is left to the view to refuse.
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return _json_field(document, "")


def _printable(name: str) -> str:
    """A field name fit to be said back: its control characters written as escapes."""
    return _ANY_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


def refusal(request: HttpRequest, *, field: str | None, message: str) -> HttpResponse:
    """A 400 page for people, a JSON answer in the API's validation shape for clients."""
    if field is not None:
        field = _printable(field)
    if request.path.startswith(API_PREFIX):
        if field is None:
            return JsonResponse({"detail": message}, status=400)
        return JsonResponse(
            {"detail": f"{field}: {message}", "errors": [{"field": field, "message": message}]},
            status=422,
        )
    return render(request, "core/refused.html", {"message": message}, status=400)


def _api_error_detail(status: int) -> str:
    if status == 401:
        return _("Authentication required.")
    if status == 403:
        return _("You may not do this. Sign in again or use a valid token.")
    if status == 404:
        return _("Not found.")
    if status == 405:
        return _("This method is not allowed here.")
    if status == 400 or status == 413:
        return _("The request could not be read. Check what you sent and try again.")
    if status >= 500:
        return _("Server error. Please try again later.")
    return _("The request could not be completed.")


def _as_json(response: HttpResponse) -> HttpResponse:
    """An HTML (or empty) API error said again as JSON, keeping status and Allow."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    if response.status_code >= 500 and settings.DEBUG:
        return response  # a developer's traceback page stays readable
    replacement = JsonResponse(
        {"detail": _api_error_detail(response.status_code)}, status=response.status_code
    )
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            replacement[header] = response[header]
    return replacement


class EdgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._refuse_control_characters(request) or self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response = _as_json(response)
        return response

    def _refuse_control_characters(self, request: HttpRequest) -> HttpResponse | None:
        try:
            field = offending_field(request)
        except Unreadable:
            return refusal(
                request,
                field=None,
                message=_("The request could not be read. Check what you sent and try again."),
            )
        if field is not None:
            return refusal(
                request,
                field=field,
                message=_(
                    "Contains a control character (such as a NUL byte) that text cannot hold. "
                    "Remove it and send again."
                ),
            )
        return None
