"""One family of refusals (issue 10): what a service raises when it will not do what was asked.

A refusal carries a message in the user's language (written in English in the code, Bahasa
Indonesia through the catalogue), a stable `code` clients may branch on, and the `field` it is
about ('' when it is about the whole request). The API turns them into JSON answers in one handler
(desabinaan/api.py); a view either shows an `Invalid` on its form (`add_to_form`) or lets the
exception through: `RefusalMiddleware` answers NotFoundInScope with the 404 page and NotAllowed
with the 403 page, so views no longer decide 403 versus 422 themselves.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _


class DomainError(Exception):
    """Base of every refusal. Subclasses set the HTTP status the API answers with."""

    status = 422
    default_code = "invalid"

    def __init__(self, message: str = "", *, code: str = "", field: str = ""):
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code
        self.field = field
        # The checks' own refusals behind an Invalid's `problems`, where a service keeps them.
        self.refusals: list = []

    def as_json(self) -> dict:
        """The README's error shape: `detail` always, `errors` (one per field) for bad input."""
        body: dict = {"detail": self.message, "code": self.code}
        if self.status == 422:
            body["errors"] = [{"field": self.field, "message": self.message}]
        return body


class NotFoundInScope(DomainError):
    """The record does not exist for this actor: absent, or outside their area (never 403, so
    a record's existence does not leak across regions)."""

    status = 404
    default_code = "not_found"

    def __init__(self, message: str = "", **kwargs):
        super().__init__(message or _("Not found."), **kwargs)


class NotAllowed(DomainError):
    """The actor's role (or this record's state for this actor) does not allow the action."""

    status = 403
    default_code = "not_allowed"

    def __init__(self, message: str = "", **kwargs):
        super().__init__(message or _("Your role cannot do this."), **kwargs)


class Invalid(DomainError):
    """The input or the record's state makes the action impossible; the message says why.

    `problems` ({field: [message, ...]}) carries every reason at once when a service checks a
    whole form's worth of values (a registration): the API lists each in `errors`, a form shows
    each on its field."""

    status = 422
    default_code = "invalid"

    def __init__(
        self,
        message: str = "",
        *,
        code: str = "",
        field: str = "",
        problems: dict[str, list[str]] | None = None,
    ):
        if problems and not message:
            message = " ".join(f"{f}: {m}" if f else m for f, ms in problems.items() for m in ms)
        super().__init__(message, code=code, field=field)
        self.problems = {f: [str(m) for m in ms] for f, ms in (problems or {}).items()}

    def as_json(self) -> dict:
        if not self.problems:
            return super().as_json()
        return {
            "detail": self.message,
            "code": self.code,
            "errors": [{"field": f, "message": m} for f, ms in self.problems.items() for m in ms],
        }

    def renamed(self, names: dict[str, str]) -> Invalid:
        """The same refusal with its fields named as a client knows them (the API says
        `region_code` where the form and the service say `region`)."""
        problems = {names.get(f, f): ms for f, ms in self.problems.items()}
        field = names.get(self.field, self.field)
        message = self.message
        if self.problems:
            message = " ".join(f"{f}: {m}" if f else m for f, ms in problems.items() for m in ms)
        return Invalid(message, code=self.code, field=field, problems=problems)


# Wherever a person must say why (unmasking a passport, revoking a letter, dismissing a match,
# waiving a step), the same bounds apply, so a reason means the same thing in every app.
MIN_REASON = 5
MAX_REASON = 255


def require_reason(
    text: str | None, *, message: str, field: str = "reason", code: str = "reason_required"
) -> str:
    """The reason with its whitespace collapsed, or an `Invalid` on `field`. `message` says what
    the reason is for and may name the minimum as %(n)s."""
    reason = " ".join((text or "").split())
    if len(reason) < MIN_REASON:
        raise Invalid(message % {"n": MIN_REASON}, field=field, code=code)
    if len(reason) > MAX_REASON:
        raise Invalid(
            _("At most %(limit)s characters (this has %(count)s). Shorten it.")
            % {"limit": MAX_REASON, "count": len(reason)},
            field=field,
            code="too_long",
        )
    return reason


class Conflict(DomainError):
    """The same request key was used for a different request (Idempotency-Key reuse)."""

    status = 409
    default_code = "conflict"


def add_to_form(form, exc: DomainError) -> None:
    """Show a refusal on the form it answers: on its field when the form has one, else on top.
    Refusals that are not about input go up to RefusalMiddleware (404/403 pages)."""
    if not isinstance(exc, Invalid | Conflict):
        raise exc
    problems = getattr(exc, "problems", None) or {exc.field: [exc.message]}
    for field, messages_ in problems.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def to_message(request, exc: DomainError) -> None:
    """Say a refusal as a flash message (buttons without a form: "Nonaktifkan", "Tutup")."""
    if not isinstance(exc, Invalid | Conflict):
        raise exc
    messages.error(request, exc.message)


class RefusalMiddleware:
    """Turns a refusal a view let through into the page a person understands: 404 for a record
    outside their area, 403 (in words) for their role; anything else about input is a 400 page
    with the message, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if isinstance(exc, NotFoundInScope):
            raise Http404(exc.message)
        if isinstance(exc, NotAllowed):
            raise PermissionDenied(exc.message)
        if isinstance(exc, DomainError):
            from django.shortcuts import render

            return render(request, "core/refused.html", {"message": exc.message}, status=400)
        return None
