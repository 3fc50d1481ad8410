from django import template

from desabinaan.reports.codes import grouped

register = template.Library()


@register.filter
def tracking_code(code: str) -> str:
    """A report's tracking code as every page shows it: two groups of five, "7MW49-KGMYV"."""
    return grouped(code) if code and len(code) == 10 else code
