"""The refusal family (core/refusals.py): one shape for the API, one way into forms and pages."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from desabinaan.accounts.scope import EVERYWHERE, as_actor, system_actor
from desabinaan.core.audit import Action, record
from desabinaan.core.models import AuditEvent
from desabinaan.core.refusals import (
    MAX_REASON,
    MIN_REASON,
    Conflict,
    Invalid,
    NotAllowed,
    NotFoundInScope,
    RefusalMiddleware,
    add_to_form,
    require_reason,
)


def test_api_shape_per_kind():
    bad = Invalid("Tanggal tidak boleh di masa depan.", field="arrival_date", code="future_date")
    assert (bad.status, bad.as_json()) == (
        422,
        {
            "detail": "Tanggal tidak boleh di masa depan.",
            "code": "future_date",
            "errors": [{"field": "arrival_date", "message": "Tanggal tidak boleh di masa depan."}],
        },
    )
    assert NotAllowed("Hanya Kanim.").as_json() == {"detail": "Hanya Kanim.", "code": "not_allowed"}
    assert NotFoundInScope().status == 404
    assert Conflict("Kunci dipakai.").status == 409


class _Form(forms.Form):
    arrival_date = forms.DateField()


def test_invalid_lands_on_its_field_or_on_top():
    form = _Form(data={"arrival_date": "2026-01-01"})
    assert form.is_valid()
    add_to_form(form, Invalid("Salah tanggal.", field="arrival_date"))
    add_to_form(form, Invalid("Salah semuanya.", field="no_such_field"))
    assert form.errors == {"arrival_date": ["Salah tanggal."], "__all__": ["Salah semuanya."]}


def test_role_and_scope_refusals_go_to_the_pages():
    form = _Form(data={})
    with pytest.raises(NotAllowed):
        add_to_form(form, NotAllowed())
    middleware = RefusalMiddleware(lambda r: None)
    request = RequestFactory().get("/")
    with pytest.raises(Http404):
        middleware.process_exception(request, NotFoundInScope())
    with pytest.raises(PermissionDenied):
        middleware.process_exception(request, NotAllowed("Hanya Kanim."))
    assert middleware.process_exception(request, ValueError()) is None


def test_system_actor_is_named_and_none_is_refused():
    actor = system_actor("load_demo")
    assert actor.scope is EVERYWHERE and actor.is_system and actor.label == "sistem: load_demo"
    with pytest.raises(ValueError):
        system_actor("")
    with pytest.raises(TypeError):
        as_actor(None)


@pytest.mark.django_db
def test_record_names_the_system_actor_and_refuses_unknown_actions():
    before = AuditEvent.objects.count()
    event = record(
        actor=system_actor("load_demo"),
        action=Action.CORNER_UPDATE,
        summary="uji",
        changes={"phone": ["1", "2"]},
    )
    event.refresh_from_db()
    assert (event.actor, event.actor_name, event.changes) == (
        None,
        "sistem: load_demo",
        {"phone": ["1", "2"]},
    )
    with pytest.raises(ValueError):
        record(actor=system_actor("x"), action="no.such", summary="uji")
    assert AuditEvent.objects.count() == before + 1


# --- one rule for a reason that must be given ---------------------------------------------


def test_a_reason_is_returned_with_its_whitespace_collapsed():
    assert (
        require_reason("  paspor   hilang\n di jalan ", message="%(n)s") == "paspor hilang di jalan"
    )


@pytest.mark.parametrize("text", [None, "", "    ", "abcd", " a  b "])
def test_a_reason_shorter_than_the_minimum_is_refused_on_its_field(text):
    with pytest.raises(Invalid) as refused:
        require_reason(text, message="Tulis alasan (paling sedikit %(n)s huruf).", field="note")
    assert refused.value.field == "note"
    assert refused.value.message == f"Tulis alasan (paling sedikit {MIN_REASON} huruf)."


def test_a_reason_longer_than_the_maximum_is_refused_with_its_length():
    with pytest.raises(Invalid) as refused:
        require_reason("x" * (MAX_REASON + 1), message="%(n)s")
    assert refused.value.code == "too_long"
    assert str(MAX_REASON + 1) in refused.value.message
