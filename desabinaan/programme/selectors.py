from __future__ import annotations

from django.db.models import QuerySet

from desabinaan.regions.models import Region

from .models import PimpasaAssignment


def active_pimpasa_for_region(region: Region) -> PimpasaAssignment | None:
    """The PIMPASA answering for a place: a desa-level assignment wins over its kecamatan's."""
    codes = region.ancestor_codes()
    return (
        PimpasaAssignment.objects.filter(region_id__in=codes, ended_on__isnull=True)
        .select_related("officer", "office", "region")
        .order_by("-region_id")  # longer code = deeper level
        .first()
    )


def assignments_of(officer) -> QuerySet[PimpasaAssignment]:
    return PimpasaAssignment.objects.filter(officer=officer).select_related("region", "office")
