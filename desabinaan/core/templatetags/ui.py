from dataclasses import dataclass

import phonenumbers
from django import template
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from desabinaan.core.forms import widget_class

register = template.Library()


@register.filter
def widget(bound_field):
    """Render a field's widget for core/_field.html: its Bootstrap class (set by
    core.forms.BootstrapForm, else core.forms.widget_class here) and `is-invalid` when the field
    is in error and its form is not `quiet`."""
    w = bound_field.field.widget
    css = w.attrs.get("class") or widget_class(w)
    if not css:
        return bound_field.as_widget()
    if bound_field.errors and not getattr(bound_field.form, "quiet", False):
        css = f"{css} is-invalid"
    return bound_field.as_widget(attrs={"class": css})


@dataclass(frozen=True)
class Phone:
    """A phone number as the pages show it: national form to read, E.164 for `tel:`, and a
    WhatsApp link for numbers that can be mobiles."""

    display: str
    tel: str
    whatsapp: str


WHATSAPP_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def phone_of(raw: str) -> Phone | None:
    if not raw or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, "ID")
    except NumberParseException:
        return Phone(display=raw, tel="", whatsapp="")
    if not phonenumbers.is_valid_number(number):
        # Shown as typed, without a link that would dial a wrong number.
        return Phone(display=raw, tel="", whatsapp="")
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    whatsapp = ""
    if phonenumbers.number_type(number) in WHATSAPP_TYPES:
        whatsapp = "https://wa.me/" + e164.lstrip("+")  # wa.me wants 62…, without + or 0
    return Phone(
        display=phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
        tel="tel:" + e164,
        whatsapp=whatsapp,
    )


@register.inclusion_tag("core/_phone.html")
def phone(raw: str, label: str = ""):
    """`{% phone office.phone %}`: a tap-to-call link and, for a mobile, a WhatsApp link."""
    return {"phone": phone_of(raw), "label": label}
