"""Forms for the public report page and the officer pages. Shape and input checks only: the
business rules (who may file where, which file is acceptable, which step is allowed) are in
services.py, and the views put its refusals back on the form."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desabinaan.core.forms import BootstrapForm
from desabinaan.core.refusals import Invalid
from desabinaan.core.widgets import DateInput
from desabinaan.regions.forms import RegionField
from desabinaan.regions.geo import INDONESIA
from desabinaan.regions.models import Level

from .attachments import MAX_FILES
from .models import (
    CATEGORY_HELP,
    AgencyKind,
    Category,
    ForwardingStatus,
    ProtocolStage,
    RefugeeCondition,
    RefugeeLocation,
    Status,
)
from .services import (
    MAX_DESCRIPTION,
    MAX_NATIONALITY,
    MAX_NOTE,
    MAX_REFUGEES,
    MAX_STAGE_NOTE,
    MIN_DESCRIPTION,
    RefugeeInput,
    refugee_problems,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*,application/pdf,audio/*"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in items if item]


class CategoryRadio(forms.RadioSelect):
    option_template_name = "reports/widgets/category_option.html"
    # Its option template carries the Bootstrap classes (core.forms.widget_class leaves it be).
    styles_itself = True

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = CATEGORY_HELP.get(value, "")
        return option


def _people(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_REFUGEES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        error_messages={
            "invalid": _("Give a whole number."),
            "min_value": _("A number of people cannot be negative."),
            "max_value": _("At most %(limit_value)s people in one report."),
        },
    )


REFUGEE_COUNTS = ("refugee_total", "refugee_adults", "refugee_children", "refugee_women")
REFUGEE_FIELDS = (
    *REFUGEE_COUNTS,
    "refugee_nationality",
    "refugee_conditions",
    "refugee_location",
)


class ReportForm(BootstrapForm, forms.Form):
    labels_say_optional = True

    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Category.choices,
        widget=CategoryRadio,
        error_messages={"required": _("Choose what the report is about.")},
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("Who, what, how many people, since when. Do not write your own name."),
        min_length=MIN_DESCRIPTION,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Tell us what happened."),
            "min_length": _("Tell us a little more (at least %(limit_value)d characters)."),
        },
    )
    occurred_on = forms.DateField(
        label=_("When did it happen? (optional)"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date such as 2026-01-31.")},
    )
    desa = RegionField(level=Level.DESA, label=_("Village (desa or kelurahan)"))
    landmark = forms.CharField(
        label=_("Landmark (optional)"),
        help_text=_("E.g. near the harbour, behind the market."),
        required=False,
        max_length=200,
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        min_value=INDONESIA.south,
        max_value=INDONESIA.north,
        decimal_places=6,
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        min_value=INDONESIA.west,
        max_value=INDONESIA.east,
        decimal_places=6,
    )
    files = MultipleFileField(
        label=_("Photos, PDF or voice recording (optional)"),
        help_text=_("Up to 5 files, 10 MB each. Location data is removed from photos."),
        required=False,
    )
    contact = forms.CharField(
        label=_("Your phone or e-mail (optional)"),
        # A phone number is never sent through the webhook (no reporter data goes there).
        help_text=_(
            "Leave it empty to stay anonymous. If you give it, only the officers handling your "
            "report can see it. An e-mail address is also told when the status changes; a phone "
            "number is only for calling you back."
        ),
        required=False,
        max_length=200,
    )
    # The short refugee form (category pengungsi): shown under the categories; without
    # JavaScript always visible, with it only once "pengungsi" is chosen. Ignored otherwise.
    refugee_total = _people(_("How many people?"))
    refugee_adults = _people(_("Adults"))
    refugee_children = _people(_("Children"))
    refugee_women = _people(_("Of them, women and girls"))
    refugee_nationality = forms.CharField(
        label=_("Nationality, if known"),
        help_text=_("Choose a country from the list or write what you heard (e.g. Rohingya)."),
        required=False,
        max_length=MAX_NATIONALITY,
        widget=forms.TextInput(attrs={"list": "nationality-list", "autocomplete": "off"}),
    )
    refugee_conditions = forms.MultipleChoiceField(
        label=_("Their condition"),
        choices=RefugeeCondition.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the conditions listed.")},
    )
    refugee_location = forms.ChoiceField(
        label=_("Where exactly?"),
        choices=RefugeeLocation.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the places listed.")},
    )
    # Honeypot: hidden from people, filled in by bots that fill in every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # One token per rendered form: a double tap or a resend on a weak signal finds the report
    # made the first time instead of filing it twice.
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4().hex)

    def clean_occurred_on(self):
        # The service refuses it too; here it comes back with the form's other errors at once.
        day = self.cleaned_data.get("occurred_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("category") != Category.PENGUNGSI:
            # Answers typed in the refugee fieldset before another category was chosen.
            for name in REFUGEE_FIELDS:
                self._errors.pop(name, None)
                data.pop(name, None)
            return data
        missing = False
        for name in REFUGEE_COUNTS:
            if name not in self.errors and data.get(name) is None:
                self.add_error(name, _("Fill in this number (0 if none)."))
                missing = True
        if "refugee_location" not in self.errors and not data.get("refugee_location"):
            self.add_error(
                "refugee_location",
                _("Choose where the people are: on a boat, in the village or moving."),
            )
            missing = True
        if not missing and not self.errors:
            # The totals: the same rule the service applies, said on this first submit.
            try:
                refugee_problems(self.refugee_input())
            except Invalid as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data

    def refugee_input(self) -> RefugeeInput | None:
        data = self.cleaned_data
        if data.get("category") != Category.PENGUNGSI:
            return None
        return RefugeeInput(
            total=data.get("refugee_total"),
            adults=data.get("refugee_adults"),
            children=data.get("refugee_children"),
            women=data.get("refugee_women"),
            location_kind=data.get("refugee_location") or "",
            nationality=data.get("refugee_nationality") or "",
            conditions=tuple(data.get("refugee_conditions") or ()),
        )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(n)s files per report.") % {"n": MAX_FILES}, code="too_many"
            )
        return files


class StatusLookupForm(forms.Form):
    kode = forms.CharField(label=_("Tracking code"), max_length=20)


STATUS_FILTER_CHOICES = [
    ("", _("Open reports")),
    ("semua", _("All statuses")),
    *Status.choices,
]
AGE_CHOICES = [
    ("", _("Any age")),
    ("1", _("Last 24 hours")),
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("lama", _("Older than 30 days")),
    ("terlambat", _("Overdue (open too long)")),
]


class InboxFilterForm(BootstrapForm, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *Category.choices], required=False
    )
    desa = forms.ChoiceField(label=_("Village"), choices=[("", _("All villages"))], required=False)
    age = forms.ChoiceField(label=_("Age"), choices=AGE_CHOICES, required=False)

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = [("", _("All villages"))] + [
            (r.code, r.name) for r in villages
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-select-sm"  # the filter row is compact


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    # Set by the confirmation page's button: a closing step is taken only once confirmed.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Internal note (officers only)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    public_note = forms.CharField(
        label=_("Message to the reporter (shown by tracking code)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note first.")},
    )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {str(u.pk): u for u in officers}
        self.fields["assignee"].choices = [(str(u.pk), u.display_name) for u in officers]

    def clean_assignee(self):
        return self.officers[self.cleaned_data["assignee"]]


class ProtocolStageForm(forms.Form):
    stage = forms.ChoiceField(
        choices=ProtocolStage.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose one of the protocol stages.")},
    )
    done_at = forms.DateTimeField(
        label=_("When (empty: now)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time such as 2026-01-31 14:30.")},
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=MAX_STAGE_NOTE)


# --- forwarding and agencies (issue 17) ------------------------------------------------------


class ForwardForm(BootstrapForm, forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one agency."),
            "invalid_choice": _(
                "Choose agencies from the list: they must cover the report's village."
            ),
            "invalid_pk_value": _(
                "Choose agencies from the list: they must cover the report's village."
            ),
        },
    )
    note = forms.CharField(
        label=_("Note to the agency"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write what you ask of the agency.")},
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies


class ForwardingUpdateForm(BootstrapForm, forms.Form):
    status = forms.ChoiceField(
        label=_("Status at the agency"),
        choices=ForwardingStatus.choices,
        error_messages={"invalid_choice": _("Choose one of the offered statuses.")},
    )
    answer = forms.CharField(
        label=_("The agency's answer"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WaiveForm(BootstrapForm, forms.Form):
    reason = forms.CharField(
        label=_("Why no answer is needed"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write why this forwarding no longer needs an answer.")},
    )


class AgencyForm(BootstrapForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgencyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    region_code = forms.CharField(
        label=_("Area covered (Kemendagri code)"),
        max_length=13,
        widget=forms.TextInput(attrs={"list": "area-codes"}),
        required=False,
        help_text=_(
            "The kabupaten, kecamatan or desa the agency covers, e.g. 19.04 or 19.04.01. Empty "
            "for a national agency (directorate only)."
        ),
    )
    active = forms.BooleanField(
        label=_("Active (offered when forwarding)"), required=False, initial=True
    )

    def clean_region_code(self):
        from desabinaan.regions.models import Region

        code = self.cleaned_data["region_code"].strip().rstrip(".")
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(
                _("No region has the code %(code)s. Check the Kemendagri code.") % {"code": code}
            )
        return region
