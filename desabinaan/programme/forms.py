from django import forms
from django.utils.translation import gettext_lazy as _

from desabinaan.accounts.models import Role, User
from desabinaan.core.refusals import Invalid
from desabinaan.core.widgets import DateInput
from desabinaan.regions.forms import RegionField
from desabinaan.regions.geo import INDONESIA
from desabinaan.regions.models import Level

from .models import Corner, PartnerRole
from .services import CORNER_FIELDS, check_designation_date, check_inauguration_date


class DesignateForm(forms.Form):
    desa = RegionField(label=_("Village"))
    sk_number = forms.CharField(label=_("Decree (SK) number"), max_length=100)
    designated_on = forms.DateField(label=_("Designation date"), widget=DateInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_designated_on(self):
        return _past(check_designation_date, self.cleaned_data["designated_on"])


def _past(check, value):
    """A service's date check as a field error, so the form shows it with the other errors."""
    try:
        check(value)
    except Invalid as exc:
        raise forms.ValidationError(exc.message, code=exc.code) from exc
    return value


class AssignPimpasaForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())
    kecamatan = RegionField(level=Level.KECAMATAN, label=_("Kecamatan"))
    desa = RegionField(label=_("Desa (only for a PIMPASA of a single desa)"), required=False)
    sk_number = forms.CharField(label=_("Decree (SK) number"), max_length=100)
    inaugurated_on = forms.DateField(label=_("Inauguration date"), widget=DateInput)
    replace = forms.BooleanField(
        label=_("Replace the current PIMPASA (their assignment ends on this date)"), required=False
    )

    def clean_inaugurated_on(self):
        return _past(check_inauguration_date, self.cleaned_data["inaugurated_on"])

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(
            role=Role.PIMPASA, office=office, is_active=True
        ).order_by("first_name", "username")
        self.fields["officer"].label_from_instance = lambda u: u.display_name
        self.fields["officer"].empty_label = _("— choose an officer —")

    def clean(self):
        data = super().clean()
        kecamatan, desa = data.get("kecamatan"), data.get("desa")
        if kecamatan and desa and desa.parent_id != kecamatan.code:
            self.add_error("desa", _("This desa is not in the chosen kecamatan."))
        return data

    @property
    def area(self):
        return self.cleaned_data.get("desa") or self.cleaned_data.get("kecamatan")


class CornerForm(forms.ModelForm):
    photo_upload = forms.FileField(label=_("Photo"), required=False)

    class Meta:
        model = Corner
        # The service's list of what a corner holds (services.corner_save): written once.
        fields = CORNER_FIELDS
        widgets = {"opened_on": DateInput}

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        if value is not None and not INDONESIA.south <= value <= INDONESIA.north:
            raise forms.ValidationError(
                _("Latitude must be inside Indonesia (%(south)s to %(north)s).")
                % {"south": INDONESIA.south, "north": INDONESIA.north}
            )
        return value

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        if value is not None and not INDONESIA.west <= value <= INDONESIA.east:
            raise forms.ValidationError(
                _("Longitude must be inside Indonesia (%(west)s to %(east)s).")
                % {"west": INDONESIA.west, "east": INDONESIA.east}
            )
        return value

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data


class PartnerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail (for an account invitation)"), required=False)


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
