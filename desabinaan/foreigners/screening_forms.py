"""Forms of the watch-list pages (issue 18)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from desabinaan.core.widgets import DateInput

from .forms import Styled
from .watchlist_models import HitStatus

# A name may be written right to left (Arabic script): the field follows the text's direction.
_NAME_INPUT = {"dir": "auto"}


class WatchlistEntryForm(Styled):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs=_NAME_INPUT)
    )
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        max_length=1000,
        help_text=_("Other names, separated by ;"),
        widget=forms.TextInput(attrs=_NAME_INPUT),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=[("", "—"), *list(countries)]
    )
    passport_no = forms.CharField(label=_("Passport number"), required=False, max_length=20)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)
    source = forms.CharField(label=_("Source"), required=False, max_length=120)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class WatchlistImportForm(Styled):
    file = forms.FileField(label=_("CSV file"))


class HitDecisionForm(Styled):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (HitStatus.CONFIRMED, _("This is the listed person")),
            (HitStatus.DISMISSED, _("Not the same person")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=255, help_text=_("Needed when you dismiss.")
    )
