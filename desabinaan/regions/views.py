import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from desabinaan.programme.selectors import active_pimpasa_for_region

from .forms import RegionLookupForm, RegionPickerWidget
from .geo import map_view
from .models import Level
from .selectors import offices_for_region, region_get

_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


@require_GET
def lookup(request):
    """'Which office and PIMPASA look after this village?' — public, and the picker's showcase."""
    form = RegionLookupForm(request.GET or None)
    region = form.cleaned_data["desa"] if form.is_bound and form.is_valid() else None
    context = {"form": form, "region": region}
    if region:
        context["offices"] = offices_for_region(region)
        context["pimpasa"] = active_pimpasa_for_region(region)
    return render(request, "regions/lookup.html", context)


@require_GET
def map_centre(request):
    """Where a map about a region opens (JSON), for the map pickers. Public, so drawn from
    public places only (Imigrasi Corners), never from reports."""
    region = region_get(request.GET.get("kode", "")[:13])
    if region is None:
        raise Http404
    view = map_view(region)
    return JsonResponse({"lat": view.lat, "lng": view.lng, "zoom": view.zoom})


@require_GET
def picker(request):
    """Re-renders one region picker for htmx (cascade change or type-to-search)."""
    name = request.GET.get("field", "")
    widget_id = request.GET.get("id", "")
    level = request.GET.get(f"{name}__level", Level.DESA)
    if not _FIELD_NAME.match(name) or not _FIELD_NAME.match(widget_id) or level not in Level.values:
        raise Http404
    widget = RegionPickerWidget(level=level)
    value = widget.value_from_datadict(request.GET, {}, name)
    html = widget.render(name, value, attrs={"id": widget_id}, renderer=None)
    return render(request, "regions/_picker_fragment.html", {"html": html})
