"""The import file's columns (README "Foreigner registry") and what the import reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Foreigner, ImportRun, PassportNumber, Stay
from ..stay_rules import REQUIRED as REQUIRED_FIELDS

# The file's columns. Order does not matter in a file; names do. This order is the order of
# FileRow (rows.py).
COLUMNS = (
    "given_names",
    "family_name",
    "aliases",
    "sex",
    "date_of_birth",
    "nationality",
    "passport_number",
    "passport_country",
    "passport_expiry",
    "region_code",
    "address",
    "host_name",
    "host_kind",
    "purpose",
    "arrival_date",
    "expected_departure",
    "permit_code",
    "permit_number",
    "permit_expiry",
)
# The registration's field (stay_rules, the form) a column fills, where the names differ.
FIELD_OF_COLUMN = {"region_code": "region", "permit_code": "permit_type"}
COLUMN_OF_FIELD = {f: c for c, f in FIELD_OF_COLUMN.items()}
# The registration's required fields, as columns.
REQUIRED = tuple(COLUMN_OF_FIELD.get(f, f) for f in REQUIRED_FIELDS)
# The model field each column is saved into. The checks read their limits (max_length,
# choices) from these fields, so a change to a model is a change to the import's checks: no
# second list of limits to keep in step. tests/foreigners/test_import_limits.py builds a bad
# value for every column from these fields.
COLUMN_FIELDS = {
    "given_names": (Foreigner, "given_names"),
    "family_name": (Foreigner, "family_name"),
    "aliases": (Foreigner, "aliases"),
    "sex": (Foreigner, "sex"),
    "date_of_birth": (Foreigner, "date_of_birth"),
    "nationality": (Foreigner, "nationality"),
    "passport_number": (PassportNumber, "number"),
    "passport_country": (PassportNumber, "issuing_country"),
    "passport_expiry": (PassportNumber, "expiry_date"),
    "region_code": (Stay, "region"),
    "address": (Stay, "address"),
    "host_name": (Stay, "host_name"),
    "host_kind": (Stay, "host_kind"),
    "purpose": (Stay, "purpose"),
    "arrival_date": (Stay, "arrival_date"),
    "expected_departure": (Stay, "expected_departure"),
    "permit_code": (Stay, "permit_type"),
    "permit_number": (Stay, "permit_number"),
    "permit_expiry": (Stay, "permit_expiry"),
}


def column_field(column: str):
    model, name = COLUMN_FIELDS[column]
    return model._meta.get_field(name)


class ImportFileError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, missing columns)."""


@dataclass
class RowError:
    line: int
    message: str
    raw: dict
    # The stay_rules refusals behind the message, as (field, code): what the registration
    # would refuse for the same values (tests/foreigners/test_shared_rules.py).
    codes: tuple[tuple[str, str], ...] = ()


@dataclass
class ImportResult:
    run: ImportRun
    errors: list[RowError] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return self.run.status == ImportRun.Status.DONE
