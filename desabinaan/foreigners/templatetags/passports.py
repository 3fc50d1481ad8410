from django import template

from ..text import mask_passport

register = template.Library()


@register.filter
def masked(number: str) -> str:
    """{{ p.number|masked }}: the one masking function, never a slice in a template."""
    return mask_passport(number)
