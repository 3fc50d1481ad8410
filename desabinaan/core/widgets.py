"""Widgets every form of the project shares."""

from __future__ import annotations

from django import forms

# The one format an <input type="date"> reads and sends (HTML's "valid date string"). Django's
# DateInput otherwise renders the active language's first input format (Indonesian: 01-12-2026),
# which the browser cannot read: the field shows empty and saving it unchanged erases the date.
ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A native date picker that shows the saved date: always rendered in ISO form."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=ISO_DATE)
