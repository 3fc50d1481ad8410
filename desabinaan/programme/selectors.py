"""Read queries of the programme. Lists of people (PIMPASA, partners) pass through the region
scope; overview pages use a fixed number of grouped queries whatever the number of rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from desabinaan.accounts.models import Role
from desabinaan.accounts.scope import (
    EVERYWHERE,
    Actor,
    as_actor,
    scope_filter,
    scope_q,
    user_scope,
)
from desabinaan.core.models import AuditEvent
from desabinaan.regions.models import Level, Office, OfficeKind, Region

from .models import Corner, DesaBinaan, DesaBinaanStatus, Partner, PimpasaAssignment

KECAMATAN_CODE_LENGTH = len("19.04.01")
KABUPATEN_CODE_LENGTH = len("19.04")


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


# --- which offices a user may look at -----------------------------------------------------------


def offices_for_user(*, actor: Actor) -> QuerySet[Office]:
    """Kanim whose programme the actor may oversee: their own, their Kanwil's, or all."""
    actor = as_actor(actor)
    kanim = Office.objects.filter(kind=OfficeKind.KANIM).order_by("name")
    if user_scope(actor) is EVERYWHERE:
        return kanim
    if actor.role == Role.KANIM and actor.user.office_id:
        return kanim.filter(pk=actor.user.office_id)
    if actor.role == Role.KANWIL and actor.user.office_id:
        return kanim.filter(kanwil_id=actor.user.office_id)
    return kanim.none()


# --- overview rows ------------------------------------------------------------------------------


@dataclass
class KecamatanRow:
    region: Region
    pimpasa: PimpasaAssignment | None = None
    desa_total: int = 0
    desa_pimpasa: int = 0  # desa-level PIMPASA inside the kecamatan
    desa_binaan: int = 0
    corners: int = 0
    partners: int = 0

    @property
    def has_pimpasa(self) -> bool:
        return self.pimpasa is not None or self.desa_pimpasa > 0


@dataclass
class KabupatenGroup:
    region: Region
    rows: list[KecamatanRow] = field(default_factory=list)

    @property
    def desa_binaan(self) -> int:
        return sum(r.desa_binaan for r in self.rows)

    @property
    def gaps(self) -> int:
        return sum(1 for r in self.rows if not r.has_pimpasa)


def _grouped(qs: QuerySet, column: str, length: int, **extra) -> dict[str, dict]:
    """Counts grouped by the first `length` characters of a region code column: the fixed-width
    Kemendagri codes make a prefix the parent's code."""
    rows = (
        qs.annotate(area=Substr(column, 1, length))
        .values("area")
        .annotate(n=Count("pk"), **extra)
        .order_by()
    )
    return {r["area"]: r for r in rows}


def kanim_overview(*, office: Office, actor: Actor, kabupaten: str = "", gaps_only: bool = False):
    """The office's kabupaten/kota → kecamatan with PIMPASA and programme figures."""
    kabupaten_qs = office.jurisdiction.filter(level=Level.KABUPATEN).order_by("code")
    if kabupaten:
        kabupaten_qs = kabupaten_qs.filter(code=kabupaten)
    groups = {k.code: KabupatenGroup(region=k) for k in kabupaten_qs}
    kecamatan = list(
        Region.objects.filter(level=Level.KECAMATAN, parent_id__in=groups).order_by("code")
    )
    codes = [k.code for k in kecamatan]
    in_scope = scope_q(user_scope(actor), "region")
    assignments = {
        a.region_id: a
        for a in PimpasaAssignment.objects.filter(
            in_scope, region_id__in=codes, ended_on__isnull=True
        ).select_related("officer")
    }
    desa_counts = {
        r["parent_id"]: r["n"]
        for r in Region.objects.filter(parent_id__in=codes)
        .values("parent_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    scoped_desa = DesaBinaan.objects.filter(in_scope, region__parent_id__in=codes)
    desa_pimpasa = _grouped(
        PimpasaAssignment.objects.filter(
            in_scope, region__parent_id__in=codes, ended_on__isnull=True
        ),
        "region_id",
        KECAMATAN_CODE_LENGTH,
    )
    binaan = _grouped(
        scoped_desa.filter(status=DesaBinaanStatus.DICANANGKAN),
        "region_id",
        KECAMATAN_CODE_LENGTH,
        corners=Count("corner"),
    )
    partners = _grouped(
        Partner.objects.filter(in_scope, is_active=True).filter(
            Q(region_id__in=codes) | Q(region__parent_id__in=codes)
        ),
        "region_id",
        KECAMATAN_CODE_LENGTH,
    )
    for kec in kecamatan:
        row = KecamatanRow(
            region=kec,
            pimpasa=assignments.get(kec.code),
            desa_total=desa_counts.get(kec.code, 0),
            desa_pimpasa=desa_pimpasa.get(kec.code, {}).get("n", 0),
            desa_binaan=binaan.get(kec.code, {}).get("n", 0),
            corners=binaan.get(kec.code, {}).get("corners", 0),
            partners=partners.get(kec.code, {}).get("n", 0),
        )
        if gaps_only and row.has_pimpasa:
            continue
        groups[kec.parent_id].rows.append(row)
    return list(groups.values())


def designated_villages(*, office: Office, actor: Actor, kabupaten: str = "") -> list[DesaRow]:
    """The office's designated villages (dicanangkan) in the user's scope, for the export: each
    with its kecamatan and kabupaten, corner and PIMPASA (desa-level first, else the
    kecamatan's). A fixed number of queries."""
    qs = (
        scope_filter(DesaBinaan.objects.filter(status=DesaBinaanStatus.DICANANGKAN), actor)
        .filter(office=office)
        .select_related("region__parent__parent", "corner")
        .order_by("region_id")
    )
    if kabupaten:
        qs = qs.filter(scope_q(frozenset({kabupaten}), "region"))
    villages = list(qs)
    codes = {d.region_id for d in villages} | {d.region.parent_id for d in villages}
    assignments = {
        a.region_id: a
        for a in PimpasaAssignment.objects.filter(
            region_id__in=codes, ended_on__isnull=True
        ).select_related("officer")
    }
    return [
        DesaRow(
            region=d.region,
            desa_binaan=d,
            corner=getattr(d, "corner", None),
            partners=0,
            pimpasa=assignments.get(d.region_id) or assignments.get(d.region.parent_id),
        )
        for d in villages
    ]


@dataclass
class OfficeFigures:
    office: Office
    kecamatan: int = 0
    kecamatan_with_pimpasa: int = 0
    desa_binaan: int = 0
    corners: int = 0
    partners: int = 0

    @property
    def gaps(self) -> int:
        return self.kecamatan - self.kecamatan_with_pimpasa


def kanwil_overview(*, actor: Actor) -> list[OfficeFigures]:
    """Each Kanim the actor oversees, side by side; a fixed number of queries in all."""
    offices = list(offices_for_user(actor=actor).prefetch_related("jurisdiction"))
    kab_to_office: dict[str, Office] = {}
    for office in offices:
        for region in office.jurisdiction.all():
            kab_to_office[region.code] = office
    figures = {o.pk: OfficeFigures(office=o) for o in offices}
    kab_codes = list(kab_to_office)
    in_scope = scope_q(user_scope(actor), "region")
    for row in (
        Region.objects.filter(level=Level.KECAMATAN, parent_id__in=kab_codes)
        .values("parent_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures[kab_to_office[row["parent_id"]].pk].kecamatan += row["n"]
    # A kecamatan counts as covered by a kecamatan-level PIMPASA or one of its desa's.
    covered = Counter()
    seen: set[str] = set()
    for code in PimpasaAssignment.objects.filter(in_scope, ended_on__isnull=True).values_list(
        "region_id", flat=True
    ):
        kec = code[:KECAMATAN_CODE_LENGTH]
        kab = code[:KABUPATEN_CODE_LENGTH]
        if kec not in seen and kab in kab_to_office:
            seen.add(kec)
            covered[kab_to_office[kab].pk] += 1
    for pk, n in covered.items():
        figures[pk].kecamatan_with_pimpasa = n
    binaan = _grouped(
        DesaBinaan.objects.filter(in_scope, status=DesaBinaanStatus.DICANANGKAN),
        "region_id",
        KABUPATEN_CODE_LENGTH,
        corners=Count("corner"),
    )
    partners = _grouped(
        Partner.objects.filter(in_scope, is_active=True), "region_id", KABUPATEN_CODE_LENGTH
    )
    for kab, office in kab_to_office.items():
        figures[office.pk].desa_binaan += binaan.get(kab, {}).get("n", 0)
        figures[office.pk].corners += binaan.get(kab, {}).get("corners", 0)
        figures[office.pk].partners += partners.get(kab, {}).get("n", 0)
    return list(figures.values())


# --- one kecamatan, one desa ------------------------------------------------------------------


@dataclass
class DesaRow:
    region: Region
    desa_binaan: DesaBinaan | None
    corner: Corner | None
    partners: int
    pimpasa: PimpasaAssignment | None

    @property
    def attention(self) -> list[str]:
        from django.utils.translation import gettext as _

        if self.desa_binaan is None or self.desa_binaan.status != DesaBinaanStatus.DICANANGKAN:
            return []
        items = []
        if self.corner is None:
            items.append(_("no corner yet"))
        elif self.corner.latitude is None:
            items.append(_("corner not on the map"))
        if self.partners == 0:
            items.append(_("no partners yet"))
        return items


def desa_rows(*, actor: Actor, parent_codes: list[str], only_binaan: bool = False) -> list[DesaRow]:
    """Desa of the given kecamatan with their programme state; a fixed number of queries."""
    regions = Region.objects.filter(parent_id__in=parent_codes, level=Level.DESA).order_by("code")
    regions = scope_filter(regions, actor, "")
    binaan = {
        d.region_id: d
        for d in scope_filter(
            DesaBinaan.objects.filter(region__parent_id__in=parent_codes), actor
        ).select_related("corner")
    }
    if only_binaan:
        regions = regions.filter(code__in=list(binaan))
    partner_counts = {
        r["region_id"]: r["n"]
        for r in scope_filter(
            Partner.objects.filter(is_active=True, region__parent_id__in=parent_codes), actor
        )
        .values("region_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    assignments = {
        a.region_id: a
        for a in PimpasaAssignment.objects.filter(ended_on__isnull=True)
        .filter(Q(region_id__in=parent_codes) | Q(region__parent_id__in=parent_codes))
        .select_related("officer")
    }
    rows = []
    for region in regions:
        d = binaan.get(region.code)
        corner = getattr(d, "corner", None) if d else None
        rows.append(
            DesaRow(
                region=region,
                desa_binaan=d,
                corner=corner,
                partners=partner_counts.get(region.code, 0),
                pimpasa=assignments.get(region.code) or assignments.get(region.parent_id),
            )
        )
    return rows


def desa_binaan_of(region: Region) -> DesaBinaan | None:
    return DesaBinaan.objects.select_related("office", "corner").filter(region=region).first()


def partners_of(*, actor: Actor, region: Region) -> QuerySet[Partner]:
    """Partners of a desa and of its kecamatan (the camat, kecamatan-level agents)."""
    return (
        scope_filter(Partner.objects.filter(region_id__in=[region.code, region.parent_id]), actor)
        .select_related("user", "region")
        .order_by("-is_active", "role", "name")
    )


# The programme's own actions. Other apps write audit events with a region too (reports,
# registry), and a desa's history must not tell its partners that a report was filed there.
PROGRAMME_ACTIONS = ("desa_binaan.", "corner.", "partner.", "pimpasa.")


def history_of(*, actor: Actor, region: Region) -> QuerySet[AuditEvent]:
    """Designation, corner, partner and PIMPASA events of a desa and of its kecamatan."""
    programme = Q()
    for prefix in PROGRAMME_ACTIONS:
        programme |= Q(action__startswith=prefix)
    return scope_filter(
        AuditEvent.objects.filter(programme, region_id__in=[region.code, region.parent_id]), actor
    ).select_related("actor")[:50]


def assignment_history(region: Region) -> QuerySet[PimpasaAssignment]:
    return (
        PimpasaAssignment.objects.filter(region_id__in=[region.code, region.parent_id])
        .select_related("officer", "office", "region")
        .order_by("-inaugurated_on")
    )


def public_desa(region: Region) -> dict:
    """What the public page shows: only programme facts, never partners' personal data."""
    desa = desa_binaan_of(region)
    active = desa is not None and desa.status == DesaBinaanStatus.DICANANGKAN
    pimpasa = active_pimpasa_for_region(region)
    offices = Office.objects.filter(
        kind=OfficeKind.KANIM, jurisdiction__code__in=region.ancestor_codes()
    ).distinct()
    return {
        "desa_binaan": desa if active else None,
        "corner": getattr(desa, "corner", None) if active else None,
        "pimpasa": pimpasa,
        "office": (desa.office if active else None) or offices.first(),
    }


def active_assignment_regions(officer_ids: list[int]) -> dict[int, list[str]]:
    """{officer id: [region codes]} of the officers' active PIMPASA assignments, in one query:
    what accounts.scope computes a PIMPASA's scope from (registered in programme.apps)."""
    regions: dict[int, list[str]] = {}
    for officer_id, code in PimpasaAssignment.objects.filter(
        officer_id__in=officer_ids, ended_on__isnull=True
    ).values_list("officer_id", "region_id"):
        regions.setdefault(officer_id, []).append(code)
    return regions
