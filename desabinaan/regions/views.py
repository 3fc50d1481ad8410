import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import RegionPickerWidget
from .geo import map_view
from .models import Level
from .selectors import region_get

_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


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
