"""The rules a registered stay must satisfy: one set of checks for the registration
(`services.stay_register`, its form and the API) and the bulk import (`importer`), so both refuse
the same things. Each check answers with `Refusal`s (a field, a stable code, parameters); each
caller words them for its readers (a sentence beside a form field; a short line of the import's
error report naming the column).

Values come as a mapping by the registration's field names. A value that is None was refused
or left out before (a form field that failed its own check, a required import column that is
empty): its checks are skipped, so a problem is told once. Dates may be `date`s or YYYY-MM-DD
text (the import's form, which compares as the dates do), as long as `today` is of the same kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, NamedTuple

from .models import Foreigner, Stay
from .text import passport_number_problem

# Fields that must hold something. (The import's column names differ for two of them, see
# importer.columns.)
REQUIRED = (
    "given_names",
    "sex",
    "date_of_birth",
    "nationality",
    "passport_number",
    "passport_country",
    "region",
    "address",
    "host_kind",
    "purpose",
    "arrival_date",
    "permit_type",
    "permit_expiry",
)
# Free text saved as typed: the longest each may be is the model field's own max_length.
_TEXT_MODELS = {
    "given_names": Foreigner,
    "family_name": Foreigner,
    "aliases": Foreigner,
    "address": Stay,
    "host_name": Stay,
    "permit_number": Stay,
}


class Refusal(NamedTuple):
    field: str
    code: str
    params: Mapping[str, Any] = {}


@cache
def text_limits() -> tuple[tuple[str, int], ...]:
    return tuple(
        (name, model._meta.get_field(name).max_length) for name, model in _TEXT_MODELS.items()
    )


@cache
def choices() -> dict[str, frozenset[str]]:
    """The values each coded field may take, read from the model fields."""
    from django_countries import countries

    country_codes = frozenset(code for code, _name in countries)
    return {
        "sex": frozenset(v for v, _l in Foreigner._meta.get_field("sex").choices),
        "nationality": country_codes,
        "passport_country": country_codes,
        "host_kind": frozenset(v for v, _l in Stay._meta.get_field("host_kind").choices),
        "purpose": frozenset(v for v, _l in Stay._meta.get_field("purpose").choices),
    }


def check_region(*, is_desa: bool, in_scope: bool) -> Refusal | None:
    """Where a stay may be registered: a desa (or kelurahan) in the user's area."""
    if not is_desa:
        return Refusal("region", "not_desa")
    if not in_scope:
        return Refusal("region", "outside_area")
    return None


def check_permit(*, known: bool, active: bool) -> Refusal | None:
    if not known:
        return Refusal("permit_type", "unknown_permit")
    if not active:
        return Refusal("permit_type", "inactive_permit")
    return None


def check_values(values: Mapping[str, Any], *, today) -> list[Refusal]:
    """Every refusal of the stay's own values at once (the region and permit are checked by
    check_region and check_permit, which need the caller's lookups). Runs once per row of a
    million-row import: plain loops, a Refusal made only for a value that fails."""
    get = values.get
    refusals: list[Refusal] = []
    for name in REQUIRED:
        value = get(name)
        if value.__class__ is str and (not value or value.isspace()):
            refusals.append(Refusal(name, "required"))
    for name, limit in text_limits():
        text = get(name)
        if text and len(text) > limit:
            refusals.append(Refusal(name, "too_long", {"limit": limit, "count": len(text)}))
    for name, allowed in choices().items():
        value = get(name)
        if value and value not in allowed:
            refusals.append(Refusal(name, "invalid_choice", {"allowed": allowed}))
    number = get("passport_number")
    if number:
        problem = passport_number_problem(number)
        if problem:
            refusals.append(Refusal("passport_number", "passport_number", {"problem": problem}))
    refusals.extend(check_dates(values, today=today))
    return refusals


def check_dates(values: Mapping[str, Any], *, today) -> list[Refusal]:
    get = values.get
    born = get("date_of_birth")
    arrival = get("arrival_date")
    expected = get("expected_departure")
    permit_end = get("permit_expiry")
    passport_end = get("passport_expiry")
    refusals = []
    if born and born > today:
        refusals.append(Refusal("date_of_birth", "born_in_future"))
    if arrival and arrival > today:
        refusals.append(Refusal("arrival_date", "arrival_in_future"))
    if arrival and born and arrival < born:
        refusals.append(Refusal("arrival_date", "arrival_before_birth"))
    if passport_end and passport_end < today:
        refusals.append(Refusal("passport_expiry", "passport_expired", {"date": passport_end}))
    if permit_end and arrival and permit_end < arrival:
        refusals.append(
            Refusal(
                "permit_expiry", "permit_before_arrival", {"end": permit_end, "arrival": arrival}
            )
        )
    if expected and arrival and expected < arrival:
        refusals.append(Refusal("expected_departure", "departure_before_arrival"))
    return refusals
