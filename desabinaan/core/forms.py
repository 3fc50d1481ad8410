"""What every form of the site shares: Bootstrap classes on its widgets (the one way: set on the
form, so `{{ field }}`, `core/_field.html` and a radio's `{{ radio.tag }}` all carry them) and
the one helper that runs a service for a posted form and shows its refusal on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from .refusals import Conflict, DomainError, Invalid, add_to_form


def widget_class(widget: forms.Widget) -> str:
    """The Bootstrap class a widget's kind needs ("" for widgets that style themselves)."""
    if getattr(widget, "styles_itself", False) or widget.is_hidden:
        return ""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    if isinstance(widget, forms.Textarea) or getattr(widget, "input_type", ""):
        return "form-control"
    return ""


class BootstrapForm:
    """Mixin for forms.Form and forms.ModelForm: every widget gets its Bootstrap class
    (widget_class; a class the form set itself is kept), so `{{ field }}`, core/_field.html and a
    radio's `{{ radio.tag }}` all carry it. core/_field.html marks fields in error `is-invalid`
    when it renders them (ui.widget), unless the form is `quiet`: shown again without its errors
    (the report form's no-JavaScript place picker round trip).

    `labels_say_optional`: core/_field.html adds "(optional)" to the label of a field that may
    stay empty, unless the form's labels say it themselves."""

    labels_say_optional = False
    quiet = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        """Classes on every widget; call again after adding fields in __init__."""
        for field in self.fields.values():
            css = widget_class(field.widget)
            if css:
                field.widget.attrs.setdefault("class", css)


def refuse(form, exc: ValidationError | DomainError) -> None:
    """Put a service's refusal on the form: by field where it names one the form has, else on
    top. Refusals that are not about input (not found, not allowed) go up to the middleware."""
    if isinstance(exc, DomainError):
        add_to_form(form, exc)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, " ".join(exc.messages))


def submit(request, form, action: Callable[[dict], Any], success: str) -> bool:
    """Run `action(cleaned_data)` for a posted, valid form. True when the service accepted it
    (`success` is queued as a message); otherwise its refusal is on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except (ValidationError, Invalid, Conflict) as exc:
        refuse(form, exc)
        return False
    messages.success(request, success)
    return True
