from django import forms
from django.utils.translation import gettext_lazy as _

from desabinaan.core.forms import BootstrapForm
from desabinaan.core.models import DeliveryStatus
from desabinaan.core.notify import PREFERENCE_KINDS, Kind


class NotificationPreferenceForm(forms.Form):
    """One tick per kind a user may switch off (core.notify.PREFERENCE_KINDS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in PREFERENCE_KINDS:
            self.fields[kind] = forms.BooleanField(
                label=Kind(kind).label, required=False, widget=forms.CheckboxInput
            )
        self.fields[Kind.NEW_REPORT].help_text = _(
            "Reports of stranded refugees always reach the Kanim and the Kanwil."
        )


class DeliveryFilterForm(BootstrapForm, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *DeliveryStatus.choices],
        required=False,
        error_messages={"invalid_choice": _("Unknown status. Choose one from the list.")},
    )
