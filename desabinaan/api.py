"""The one NinjaAPI (DESIGN.md §6): one router per app, errors in plain Bahasa Indonesia."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic.json_schema import models_json_schema

from desabinaan.accounts.api import router as auth_router
from desabinaan.assistance.api import router as assistance_router
from desabinaan.core.api_schemas import Message, ValidationOut
from desabinaan.core.refusals import DomainError
from desabinaan.foreigners.api import router as foreigners_router
from desabinaan.foreigners.screening_api import router as screening_router
from desabinaan.literacy.api import router as literacy_router
from desabinaan.outreach.api import router as outreach_router
from desabinaan.programme.api import router as programme_router
from desabinaan.regions.api import router as regions_router
from desabinaan.reports.api import router as reports_router

COMPONENTS = "#/components/schemas/{model}"
# What desabinaan.core.edge lets through, said in the schema so clients (and schemathesis) know:
# no control characters in names and paths; in values only tab, line feed and carriage return.
NO_CONTROL = "^[^\\u0000-\\u001f\\u007f]*$"
TEXT = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


def _document_text_rules(node, pattern: str = TEXT) -> None:
    """Give every plain string schema under node the edge's character rule, and every object
    schema the rule for its property names."""
    if isinstance(node, list):
        for item in node:
            _document_text_rules(item, pattern)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and not ({"enum", "format", "pattern", "const"} & set(node)):
        node["pattern"] = pattern
    if node.get("type") == "object":
        node.setdefault("propertyNames", {"pattern": NO_CONTROL})
    for key, value in node.items():
        if key not in ("propertyNames", "examples", "example", "default"):
            _document_text_rules(value, pattern)


def _input_components(schema: dict, components: dict) -> set[str]:
    """Names of the component schemas a request body can reach (directly or nested): the rules
    on input apply to them, never to what the API answers."""
    found: set[str] = set()
    pending = [op.get("requestBody", {}) for ops in schema["paths"].values() for op in ops.values()]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[-1]
                if name not in found and name in components:
                    found.add(name)
                    pending.append(components[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


class DesaBinaanAPI(NinjaAPI):
    """The answers every operation can give, documented once here rather than in each decorator
    (where a new endpoint would forget them): 422 for invalid input (and control characters,
    refused by desabinaan.core.edge), 400 for a body that cannot be read, 401 where a login is
    needed and 404 where the path names a record."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        refs, definitions = models_json_schema(
            [(Message, "validation"), (ValidationOut, "validation")], ref_template=COMPONENTS
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in definitions.get("$defs", {}).items():
            components.setdefault(name, definition)

        def answer(description: str, model) -> dict:
            return {
                "description": description,
                "content": {"application/json": {"schema": refs[(model, "validation")]}},
            }

        for name in _input_components(schema, components):
            _document_text_rules(components[name])
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    _document_text_rules(
                        parameter.get("schema"), NO_CONTROL if parameter["in"] == "path" else TEXT
                    )
                # ninja keys its own answers by int; JSON has only strings: one kind of key.
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
                responses.setdefault("400", answer("Unreadable request", Message))
                responses.setdefault("422", answer("Invalid input", ValidationOut))
                if operation.get("security"):
                    responses.setdefault("401", answer("Authentication required", Message))
                if "{" in path:
                    responses.setdefault("404", answer("Not found", Message))
        return schema


api = DesaBinaanAPI(
    title="Desa Binaan Imigrasi API",
    version="1",
    description="Regions, programme, reports and foreigner registry. Errors carry `detail`; "
    "validation errors also carry `errors`, one per field.",
    urls_namespace="api",
)
api.add_router("/auth", auth_router)
api.add_router("/regions", regions_router)
api.add_router("/reports", reports_router)
api.add_router("/", programme_router)
api.add_router("/", foreigners_router)
api.add_router("/screening", screening_router)
api.add_router("/literacy", literacy_router)
api.add_router("/", assistance_router)
api.add_router("/", outreach_router)


def _field_message(error: dict) -> str:
    """Pydantic's English messages, said in plain Indonesian (via i18n) for people to read."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "enum":
        return _("Unknown value. Choose one of: %(choices)s.") % {
            "choices": ctx.get("expected", "").replace("'", "")
        }
    if kind == "string_too_long":
        return _("Too long: at most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Too short: at least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return _("Must be a number.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("Number out of range.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Not a valid date (use YYYY-MM-DD).")
    if kind in ("json_invalid", "model_attributes_type", "dict_type"):
        return _("The request body is not valid JSON.")
    if kind == "extra_forbidden":
        return _("Unknown field: remove it or check its spelling.")
    if kind == "object_type":
        return _("The request body must be a JSON object, e.g. {}.")
    return _("Invalid value.")


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        # ninja prefixes locations with where the value came from (query, body, path, payload).
        loc = [
            str(p)
            for p in error.get("loc", [])
            if p not in ("query", "body", "path", "payload", "filters")
        ]
        errors.append({"field": ".".join(loc), "message": _field_message(error)})
    summary = "; ".join(
        f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
    )
    return api.create_response(
        request, {"detail": summary or _("Invalid input."), "errors": errors}, status=422
    )


@api.exception_handler(DomainError)
def refused(request, exc: DomainError):
    """Every service refusal, one shape: 404 outside the caller's area, 403 for their role,
    409 for a reused request key, 422 with `errors` for bad input (core/refusals.py)."""
    return api.create_response(request, exc.as_json(), status=exc.status)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    detail = str(exc)
    if detail.startswith("Cannot parse request body"):  # ninja's own words for a bad body
        detail = _("The request body is not valid JSON.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)
