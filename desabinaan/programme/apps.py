from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "desabinaan.programme"
    label = "programme"

    def ready(self):
        from desabinaan.accounts.scope import register_assignment_source
        from desabinaan.regions.geo import SAMPLE, register_point_source

        from .models import Corner
        from .selectors import active_assignment_regions

        # A PIMPASA's scope is the regions of their active assignments (accounts.scope).
        register_assignment_source(active_assignment_regions)

        def corners(within):
            return (
                Corner.objects.filter(within("desa_binaan__region__code"), latitude__isnull=False)
                .order_by("-updated_at")
                .values_list("latitude", "longitude")[:SAMPLE]
            )

        # Corners are public places: they may centre public maps.
        register_point_source("corners", corners, public=True)
