from django.conf import settings


def site(request):
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
        # Error pages (400/403/404) show it so a person can quote it to the office.
        "request_id": getattr(request, "request_id", ""),
    }
