"""Guard (issue 12 item 1): every URL pattern and every OpenAPI operation, as the public and as a
signed-in officer, with control characters in the path, the query string and the body.

Each such request must be refused at the edge (400 page or 422 JSON), never reach a view and never
be a 5xx. Routes and operations are enumerated, not listed, so a new one is covered the day it is
added."""

import json
import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from desabinaan.api import api

# NUL first: PostgreSQL cannot store it. Then other C0 controls, ESC (terminal escapes) and DEL.
CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f"]
# Names a page or endpoint may read from the query or a form.
FIELDS = ["q", "page", "desa", "code", "region", "status", "next", "username", "description"]
VALID = {"int": "1", "str": "19.04.01", "path": "1", "slug": "x", "uuid": "x"}


def _routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            yield prefix + pattern


def _fill(route: str, value_for) -> str:
    """A concrete path for a route: each <converter:name> (or regex group) gets value_for(kind)."""
    path = re.sub(r"\(\?P<\w+>[^)]*\)", lambda m: value_for("str"), route)
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: value_for(m.group(1) or "str"), path)
    return "/" + path.replace("^", "").replace("$", "")


ROUTES = sorted(set(_routes()))


def _refused(response) -> bool:
    return response.status_code in (400, 422)


@pytest.fixture(params=["public", "officer"])
def caller(request, world, client):
    if request.param == "officer":
        client.force_login(world["users"]["kanim.pangkalpinang"])
    return client


def test_the_enumeration_sees_pages_and_the_api():
    assert len(ROUTES) > 60
    assert "lapor/" in ROUTES and "api/v1/reports" in ROUTES and "desa/<str:code>/" in ROUTES


def test_every_route_refuses_control_characters(caller):
    failures = []
    for index, route in enumerate(ROUTES):
        # NUL everywhere on every route; the other characters take turns, route by route, so
        # each is tried on many routes without multiplying the requests by six.
        for char in {CONTROL[0], CONTROL[1 + index % (len(CONTROL) - 1)]}:
            bad = quote(f"x{char}y", safe="")
            has_params = "<" in route or "(?P<" in route
            attempts = {
                "path": _fill(route, lambda kind, b=bad: b)
                if has_params
                else _fill(route, VALID.get) + bad,
                "query": _fill(route, VALID.get) + "?" + "&".join(f"{f}={bad}" for f in FIELDS),
                "query name": _fill(route, VALID.get) + f"?na{bad}me=1",
            }
            for where, path in attempts.items():
                response = caller.get(path)
                if not _refused(response):
                    failures.append(f"GET {path!r} ({where}): {response.status_code}")
            form = {f: f"a{char}b" for f in FIELDS}
            response = caller.post(_fill(route, VALID.get), form)
            if not _refused(response):
                failures.append(f"POST form {route!r}: {response.status_code}")
    assert not failures, "\n".join(failures[:40])


def _operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


OPERATIONS = list(_operations())


def _body_fields(operation) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    if not ref:
        return []
    components = api.get_openapi_schema(path_prefix="/api/v1")["components"]["schemas"]
    return list(components[ref.rsplit("/", 1)[-1]].get("properties", {}))


def test_every_api_operation_is_enumerated():
    names = {op["operationId"] for _path, _method, op in OPERATIONS}
    assert len(OPERATIONS) >= 19
    for name in ("report_reject", "stay_create", "token_create", "list_regions"):
        assert any(n.endswith(name) for n in names), name


def test_every_api_operation_refuses_control_characters(caller):
    failures = []
    for path, method, operation in OPERATIONS:
        params = operation.get("parameters", [])
        query = [p["name"] for p in params if p["in"] == "query"] or ["q"]
        body_fields = _body_fields(operation) or ["note"]
        for char in CONTROL:
            bad = quote(f"1{char}", safe="")
            good_path = re.sub(r"\{\w+\}", "1", path)
            attempts = [
                ("path", re.sub(r"\{\w+\}", bad, path) if "{" in path else path + bad, None),
                ("query", good_path + "?" + "&".join(f"{n}={bad}" for n in query), None),
                ("body", good_path, {f: f"a{char}b" for f in body_fields}),
                ("body key", good_path, {f"k{char}": "v"}),
                ("nested body", good_path, {body_fields[0]: [{"x": f"{char}"}]}),
            ]
            for where, url, body in attempts:
                if method == "get" and body is not None:
                    continue  # no GET operation reads a body
                if body is None and method != "get":
                    body = {}
                response = caller.generic(
                    method.upper(),
                    url,
                    json.dumps(body) if body is not None else "",
                    content_type="application/json",
                )
                if response.status_code != 422 or "errors" not in response.json():
                    failures.append(
                        f"{method.upper()} {url!r} ({where}): {response.status_code} "
                        f"{response.content[:120]!r}"
                    )
    assert not failures, "\n".join(failures[:40])
