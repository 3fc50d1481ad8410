"""The import file's columns as an officer reads them on the import page, and the template file
offered for download (issue 11 item 16). The importer's COLUMNS and REQUIRED are the truth;
this module only explains them, and a test keeps the two in step."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .importer import COLUMNS, REQUIRED
from .models import HostKind, Purpose


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    example: str

    @property
    def required(self) -> bool:
        return self.name in REQUIRED


def _choices(choices) -> str:
    return ", ".join(f"{value} ({label})" for value, label in choices)


_choices_lazy = lazy(_choices, str)

# Meaning and an example value per column, in the file's order.
_HELP = {
    "given_names": (_("Given names, as in the passport"), "Maria"),
    "family_name": (_("Family name, as in the passport"), "Schneider"),
    "aliases": (_("Other names the person uses"), ""),
    "sex": (_("L (male) or P (female); M and F are accepted"), "P"),
    "date_of_birth": (_("Date of birth"), "1990-05-17"),
    "nationality": (_("Nationality: two-letter country code (AU, CN, DE)"), "DE"),
    "passport_number": (_("Passport number: 4 to 20 letters or digits"), "C01X00T47"),
    "passport_country": (_("Country that issued the passport: two-letter code"), "DE"),
    "passport_expiry": (_("Passport valid until"), "2031-01-31"),
    "region_code": (
        _("Kemendagri code of the desa or kelurahan, inside your area (see Find a village)"),
        "",
    ),
    "address": (_("Address in the desa"), "Jl. Contoh RT 01 No. 1"),
    "host_name": (_("Host or employer"), "Keluarga Rahman"),
    "host_kind": (_choices_lazy(HostKind.choices), HostKind.KELUARGA),
    "purpose": (_choices_lazy(Purpose.choices), Purpose.KELUARGA),
    "arrival_date": (_("Date of arrival in the desa"), "2026-01-10"),
    "expected_departure": (_("Expected departure"), ""),
    "permit_code": (_("Visa or stay permit code (see Permit types)"), "C1"),
    "permit_number": (_("Number of the visa or permit"), ""),
    "permit_expiry": (_("Visa or permit valid until"), "2026-03-10"),
}


def columns() -> list[Column]:
    return [Column(name, *_HELP[name]) for name in COLUMNS]


def example_row(region_code: str) -> list[str]:
    """One example row; the region is a desa of the user's area so the row is valid as is."""
    return [region_code if c.name == "region_code" else c.example for c in columns()]
