"""The services pillar's section of the public village page (programme/public_desa.html): a
template tag, so the programme app does not import a feature app."""

from django import template

from desabinaan.assistance.selectors import public_days_for_region

register = template.Library()


@register.inclusion_tag("assistance/_desa_section.html")
def assistance_for_desa(region):
    return {"region": region, "days": public_days_for_region(region.code)}
