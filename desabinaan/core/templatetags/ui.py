from dataclasses import dataclass

import phonenumbers
from django import forms, template
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

register = template.Library()


@register.filter
def widget(bound_field):
    """Render a form field's widget with the Bootstrap class its kind needs."""
    w = bound_field.field.widget
    if isinstance(w, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    elif isinstance(w, forms.Select):
        css = "form-select"
    elif w.__class__.__name__ == "RegionPickerWidget":
        return bound_field.as_widget()
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
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


@register.filter
def tracking_code(code: str) -> str:
    """A report's tracking code as every page shows it: two groups of five, "7MW49-KGMYV"."""
    from desabinaan.core.codes import grouped

    return grouped(code) if code and len(code) == 10 else code
