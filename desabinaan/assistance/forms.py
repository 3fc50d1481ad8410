"""Forms of the services pillar: shape and input checks only; the rules are in services.py and
the views put its refusals back on the form (core.refusals.add_to_form)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from desabinaan.core.widgets import DateInput
from desabinaan.regions.forms import RegionField
from desabinaan.regions.models import Level
from desabinaan.reports.models import Category

from .models import (
    ATTENDANCE_OUTCOMES,
    AgeGroup,
    DocumentRequirement,
    Service,
    Sex,
    SignUpStatus,
    Topic,
)
from .services import MAX_ANSWER, MAX_QUESTION, MIN_QUESTION


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.RadioSelect):
            continue
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class QuestionForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("What is your question about?"),
        choices=Topic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the question is about.")},
    )
    question = forms.CharField(
        label=_("Your question"),
        help_text=_("Do not write your own name or NIK."),
        min_length=MIN_QUESTION,
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your question."),
            "min_length": _("Write a little more (at least %(limit_value)d characters)."),
        },
    )
    desa = RegionField(level=Level.DESA, label=_("Your village (desa or kelurahan)"))
    contact = forms.CharField(
        label=_("Your phone or e-mail (optional)"),
        help_text=_(
            "Only if you want a personal answer. Without it, read the answer with your code."
        ),
        required=False,
        max_length=200,
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4().hex)
        _style(self)


class CodeLookupForm(forms.Form):
    kode = forms.CharField(label=_("Your code"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        help_text=_("Plain text. Links (https://…) to guides are shown as links."),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the answer first.")},
    )
    public = forms.BooleanField(
        label=_("Public answer (others may read it; it can go into the FAQ)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ConvertForm(forms.Form):
    category = forms.ChoiceField(
        label=_("The report is about"),
        choices=Category.choices,
        error_messages={"required": _("Choose what the report is about.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class ServiceDayForm(forms.Form):
    desa = forms.ChoiceField(label=_("Corner (desa binaan)"))
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date such as 2026-01-31.")},
    )
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    quota = forms.IntegerField(label=_("Quota (people)"), min_value=1, max_value=1000)
    offers_new = forms.BooleanField(label=_("New passports"), required=False)
    offers_replacement = forms.BooleanField(label=_("Replacement passports"), required=False)
    serves_children = forms.BooleanField(label=_("Children served"), required=False)
    notes = forms.CharField(
        label=_("Notes for residents (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = [("", "—")] + [(r.code, r.path) for r in villages]
        _style(self)


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Full name (as on the KTP)"), max_length=120)
    phone = forms.CharField(
        label=_("Phone number"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    service = forms.ChoiceField(
        label=_("Service"), choices=Service.choices, widget=forms.RadioSelect
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=AgeGroup.choices, widget=forms.RadioSelect
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    nik = forms.CharField(
        label=_("NIK (optional)"),
        help_text=_("16 digits, on the KTP or Kartu Keluarga."),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        if day is not None:
            self.fields["service"].choices = [(s, Service(s).label) for s in day.services]
            if not day.serves_children:
                self.fields["age_group"].choices = [
                    c for c in AgeGroup.choices if c[0] != AgeGroup.ANAK
                ]
        _style(self)


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, cancel my place"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class MarkForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[(s, SignUpStatus(s).label) for s in ATTENDANCE_OUTCOMES],
        error_messages={"required": _("Choose present, served or rescheduled.")},
    )


class DocumentForm(forms.Form):
    name = forms.CharField(label=_("Document"), max_length=150)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    applies_to = forms.ChoiceField(
        label=_("Applies to"), choices=DocumentRequirement.Applies.choices
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
