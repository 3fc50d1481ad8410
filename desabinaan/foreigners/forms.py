from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from desabinaan.accounts.scope import scope_filter
from desabinaan.core.forms import BootstrapForm
from desabinaan.core.refusals import MAX_REASON, MIN_REASON
from desabinaan.core.widgets import DateInput
from desabinaan.regions.forms import RegionField
from desabinaan.regions.models import Level, Region

from .models import (
    AlertStatus,
    DepartureKind,
    Foreigner,
    HostKind,
    PassportNumber,
    PermitType,
    Purpose,
    Sex,
)
from .selectors import permit_types_active
from .services import PERMIT_TYPE_FIELDS, registration_problems

DATE = DateInput()
# A scope with up to this many desa gets a plain select (a mitra: one); larger ones the picker.
SELECT_MAX_DESA = 300


def _desa_field(user, label) -> forms.Field:
    desa = scope_filter(Region.objects.filter(level=Level.DESA), user, "").order_by("name")
    if desa.count() <= SELECT_MAX_DESA:
        return forms.ModelChoiceField(
            queryset=desa,
            label=label,
            empty_label=None if desa.count() == 1 else "—",
            error_messages={"invalid_choice": _("Choose a village from the list.")},
        )
    return RegionField(label=label)


class Styled(BootstrapForm, forms.Form):
    """The registry's forms: Bootstrap classes from core.forms; labels without "(optional)"."""

    labels_say_optional = True


class StayRegisterForm(Styled):
    # Person, as written in the passport.
    given_names = forms.CharField(label=_("Given names"), max_length=160)
    family_name = forms.CharField(label=_("Family name"), max_length=120, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DATE)
    nationality = Foreigner._meta.get_field("nationality").formfield(label=_("Nationality"))
    # The length and the characters are checked by services.passport_number_problem.
    passport_number = forms.CharField(label=_("Passport number"))
    passport_country = PassportNumber._meta.get_field("issuing_country").formfield(
        label=_("Passport issued by")
    )
    passport_expiry = forms.DateField(label=_("Passport expiry"), widget=DATE, required=False)
    # The stay.
    address = forms.CharField(label=_("Address in the village"), max_length=255)
    host_name = forms.CharField(label=_("Host or employer"), max_length=160, required=False)
    host_kind = forms.ChoiceField(label=_("Kind of host"), choices=HostKind.choices)
    # No purpose is preset: "Bekerja" first in the list was saved by people who never chose it.
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[("", _("— choose the purpose —")), *Purpose.choices],
        error_messages={"required": _("Choose the purpose of the stay.")},
    )
    arrival_date = forms.DateField(label=_("Arrival date"), widget=DATE)
    expected_departure = forms.DateField(label=_("Expected departure"), widget=DATE, required=False)
    permit_type = forms.ModelChoiceField(
        label=_("Permit type"),
        queryset=permit_types_active(),
        error_messages={"invalid_choice": _("Choose a permit type from the list.")},
    )
    permit_number = forms.CharField(label=_("Permit number"), max_length=40, required=False)
    permit_expiry = forms.DateField(label=_("Permit expiry"), widget=DATE)
    # Filled on the second step when the person may already be registered: a record id or "new".
    person_choice = forms.CharField(required=False, widget=forms.HiddenInput)
    # Set once the user has read the warnings (visit visa and work, expired permit…) and saves.
    confirm_warnings = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"] = _desa_field(user, _("Village"))
        self.order_fields(["region"])
        self.style()
        for field in self.fields.values():
            # A browser cuts a pasted text at maxlength without a word: let it through and
            # refuse it here with the reason instead.
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs.pop("minlength", None)
        self.fields["passport_number"].widget.attrs.update(
            {"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        )

    def clean(self):
        data = super().clean()
        # The service's own checks, on every value that passed its field: all the problems of a
        # form come back on the first submit, in the same words the API uses.
        for field, messages in registration_problems(data).items():
            if field in self.fields and field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return data


class ReasonForm(Styled):
    reason = forms.CharField(
        label=_("Why do you open this record?"),
        min_length=MIN_REASON,
        max_length=255,
        help_text=_("For example: field verification, alert follow-up. It is logged."),
        error_messages={"min_length": _("Write the reason in at least %(limit_value)d letters.")},
    )


class VerifyForm(Styled):
    verified_with = forms.CharField(
        label=_("Verified with"),
        max_length=160,
        help_text=_("What you checked: original passport, ITAS card, home visit…"),
    )


class PermitTypeForm(BootstrapForm, forms.ModelForm):
    labels_say_optional = True

    class Meta:
        model = PermitType
        # The service's list of what a permit type holds: written once.
        fields = PERMIT_TYPE_FIELDS


class PhotoForm(Styled):
    # A file field, not ImageField: services.clean_photo reads the image (once) and says what is
    # wrong with it in the users' words.
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        # On a phone, `capture` opens the camera directly.
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text=_("JPG or PNG, at most 8 MB. Location and camera details are removed."),
    )
    remove = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("remove") and not data.get("photo") and not self.errors:
            self.add_error("photo", _("Choose a photo to upload."))
        return data


class DepartureForm(Styled):
    departed_on = forms.DateField(label=_("Departure date"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("Where to"), choices=DepartureKind.choices, widget=forms.RadioSelect
    )
    moved_to = RegionField(label=_("Moved to (village)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == DepartureKind.MOVED and not data.get("moved_to"):
            self.add_error("moved_to", _("Choose the village the person moved to."))
        return data


class AlertResolveForm(Styled):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[c for c in AlertStatus.choices if c[0] != AlertStatus.BARU],
    )
    reason = forms.CharField(label=_("Note or reason"), max_length=255, required=False)


class MergeForm(Styled):
    other = forms.IntegerField(
        label=_("Record number of the duplicate"),
        min_value=1,
        help_text=_("The duplicate is merged into this record; it can be split again later."),
    )
    reason = forms.CharField(label=_("Why are they the same person?"), max_length=255)


class ExportForm(Styled):
    unmasked = forms.BooleanField(label=_("Full passport numbers"), required=False)
    reason = forms.CharField(label=_("Reason (needed for full numbers)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("unmasked") and len((data.get("reason") or "").strip()) < MIN_REASON:
            self.add_error(
                "reason",
                _("Give the reason for the unmasked export (at least %(n)s letters).")
                % {"n": MIN_REASON},
            )
        return data


class ImportForm(Styled):
    file = forms.FileField(label=_("CSV or XLSX file"))
    skip_invalid = forms.BooleanField(
        label=_("Save the valid rows and give me the invalid ones back"), required=False
    )


# --- the village's domicile letter --------------------------------------------------------------


class LetterheadForm(Styled):
    """The kop surat of one desa. The service checks the values again (the API has no form)."""

    government = forms.CharField(
        label=_("Government line"),
        max_length=160,
        help_text=_("For example: PEMERINTAH KABUPATEN TAPIN, KECAMATAN TAPIN TENGAH"),
    )
    village_name = forms.CharField(
        label=_("Name of the village"), max_length=120, help_text=_("For example: DESA MANDURIAN")
    )
    address = forms.CharField(label=_("Office address"), max_length=255)
    head_title = forms.CharField(label=_("Title of the signer"), max_length=60)
    head_name = forms.CharField(label=_("Name of the village head"), max_length=120)
    classification = forms.CharField(
        label=_("Classification code"),
        max_length=20,
        help_text=_("The code at the start of the letter number, as the village uses it."),
    )
    validity_months = forms.IntegerField(
        label=_("Longest validity (months)"),
        min_value=1,
        max_value=60,
        help_text=_("A letter ends when the stay permit ends, and at the latest after this."),
    )


class LetterIssueForm(Styled):
    permit_number = forms.CharField(
        label=_("Permit number"),
        max_length=40,
        required=False,
        help_text=_("Only when the stay has no permit number: as written on the permit."),
    )


class LetterRevokeForm(Styled):
    reason = forms.CharField(
        label=_("Reason"),
        min_length=MIN_REASON,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={
            "min_length": _("Say why the letter is revoked (at least %(n)s letters).")
            % {"n": MIN_REASON}
        },
    )
