"""The "Kegiatan di desa ini" section of the public village page (programme), served by this
app so programme does not import it (imports go one way)."""

from django import template

from desabinaan.outreach.selectors import public_activities_for_region

register = template.Library()


@register.inclusion_tag("outreach/_desa_section.html")
def outreach_for_desa(region):
    return {"activities": public_activities_for_region(region.code)}
