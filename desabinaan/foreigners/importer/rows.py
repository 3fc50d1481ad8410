"""One row of the file: read as a FileRow (the file's text, by column name), checked by the
registration's own rules (stay_rules) plus what only a file can get wrong (a date's format,
control characters), and turned into a ParsedRow: the values to save."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from django.utils.translation import gettext as _

from .. import stay_rules
from ..text import fold_address, fold_name
from .columns import COLUMN_OF_FIELD, COLUMNS, REQUIRED


class FileRow(NamedTuple):
    """A row's values as the file gives them (stripped text), in the order of COLUMNS."""

    given_names: str
    family_name: str
    aliases: str
    sex: str
    date_of_birth: str
    nationality: str
    passport_number: str
    passport_country: str
    passport_expiry: str
    region_code: str
    address: str
    host_name: str
    host_kind: str
    purpose: str
    arrival_date: str
    expected_departure: str
    permit_code: str
    permit_number: str
    permit_expiry: str


assert FileRow._fields == COLUMNS


class ParsedRow(NamedTuple):
    """A valid row as saved. Dates are YYYY-MM-DD text, which both databases take for a date
    column. Spilled between the passes as a plain tuple (marshal), made named again to write."""

    passport_country: str
    passport_number: str
    passport_expiry: str | None
    given_names: str
    family_name: str
    aliases: str
    name_folded: str
    sex: str
    date_of_birth: str
    nationality: str
    region: str
    address: str
    address_key: str
    host_name: str
    host_kind: str
    purpose: str
    arrival_date: str
    expected_departure: str | None
    permit_type: int
    permit_number: str
    permit_expiry: str
    line: int = 0


# Control characters (NUL and the like) have no place in a name or an address, and PostgreSQL
# refuses NUL in text outright. Tab, line feed and carriage return may sit in a quoted cell.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Sex as files write it: the registry's L/P, and M/F of English-language systems.
SEX = {"L": "L", "P": "P", "M": "L", "F": "P"}
_SPACES_DASHES = re.compile(r"[\s-]")
_DATE_COLUMNS = (
    "date_of_birth",
    "passport_expiry",
    "arrival_date",
    "expected_departure",
    "permit_expiry",
)
_DATE_REQUIRED = tuple(c in REQUIRED for c in _DATE_COLUMNS)
# The registration's field names of a row's values, as RowParser.parse orders them.
_VALUE_FIELDS = (
    "given_names",
    "family_name",
    "aliases",
    "sex",
    "date_of_birth",
    "nationality",
    "passport_number",
    "passport_country",
    "passport_expiry",
    "region",
    "address",
    "host_name",
    "host_kind",
    "purpose",
    "arrival_date",
    "expected_departure",
    "permit_type",
    "permit_number",
    "permit_expiry",
)


def _date(value: str, name: str) -> str:
    """The date as YYYY-MM-DD text, which compares like the dates themselves."""
    try:
        if "/" in value:  # spreadsheets saved in Indonesian locale: DD/MM/YYYY
            day, month, year = value.split("/")
            return dt.date(int(year), int(month), int(day)).isoformat()
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise ValueError(
            _("%(field)s is not a valid date (YYYY-MM-DD or DD/MM/YYYY)") % {"field": name}
        ) from None


def _choice_message(column: str) -> str:
    if column == "sex":
        return _("sex must be L or P")
    if column in ("nationality", "passport_country"):
        return _("%(field)s: unknown country code") % {"field": column}
    allowed = ", ".join(sorted(stay_rules.choices()[column]))
    if column == "host_kind":
        return _("host_kind must be one of: %(c)s") % {"c": allowed}
    return _("purpose must be one of: %(c)s") % {"c": allowed}


def message(refusal: stay_rules.Refusal, values: dict) -> str:
    """A stay_rules refusal as a line of the import's error report: short, naming the column."""
    column = COLUMN_OF_FIELD.get(refusal.field, refusal.field)
    code, params = refusal.code, refusal.params
    if code == "required":
        return _("%(field)s is required") % {"field": column}
    if code == "too_long":
        return _("%(field)s is longer than %(limit)s characters") % {
            "field": column,
            "limit": params["limit"],
        }
    if code == "invalid_choice":
        return _choice_message(column)
    if code == "passport_number":
        return f"passport_number: {params['problem']}"
    if code == "unknown_permit":
        return _("permit_code: unknown permit type")
    if code == "inactive_permit":
        return _("permit_code: this permit type is no longer in use")
    if code == "not_desa":
        return _("region_code %(code)s is not a desa code") % {"code": values["region"]}
    if code == "outside_area":
        return _("region_code %(code)s is outside your area") % {"code": values["region"]}
    return {
        "born_in_future": lambda: _("date_of_birth is in the future"),
        "arrival_in_future": lambda: _("arrival_date is in the future"),
        "arrival_before_birth": lambda: _("arrival_date is before date_of_birth"),
        "passport_expired": lambda: _(
            "passport_expiry has passed: give the passport the person holds now"
        ),
        "permit_before_arrival": lambda: _("permit_expiry is before arrival_date"),
        "departure_before_arrival": lambda: _("expected_departure is before arrival_date"),
    }[code]()


class RowInvalid(ValueError):
    """Every problem of one row: the message for the error report, the refusals' codes."""

    def __init__(self, message: str, codes: tuple[tuple[str, str], ...]):
        super().__init__(message)
        self.codes = codes


class RowParser:
    """Checks rows against what the importing user may do: the desa of their area, the permit
    types, today's date. Holds no database connection use after construction, except the list
    of every desa, read once when first needed (before forking, see StayImporter)."""

    def __init__(self, *, desa: set[str], permits: dict[str, tuple[int, bool]], today: dt.date):
        self.desa = desa
        self.permits = permits
        self.today = today.isoformat()
        # A file repeats its dates (arrivals, expiries, birth dates) many times over: each
        # distinct text is read once.
        self.dates: dict[str, str] = {}
        self._known_desa: frozenset[str] | None = None
        self._passes = stay_rules.quick_check(_VALUE_FIELDS)

    def known_desa(self) -> frozenset[str]:
        """Every desa code, to tell "outside your area" from "not a desa" in an error."""
        if self._known_desa is None:
            from desabinaan.regions.models import Level, Region

            self._known_desa = frozenset(
                Region.objects.filter(level=Level.DESA).values_list("code", flat=True)
            )
        return self._known_desa

    def parse(self, f: tuple[str, ...], line: int = 0) -> ParsedRow:
        """One row's values (in the order of COLUMNS) as the values to save; RowInvalid with
        every problem of the row at once (issue 11 item 16)."""
        (
            given_names,
            family_name,
            aliases,
            sex,
            date_of_birth,
            nationality,
            passport_number,
            passport_country,
            passport_expiry,
            region,
            address,
            host_name,
            host_kind,
            purpose,
            arrival_date,
            expected_departure,
            permit_code,
            permit_number,
            permit_expiry,
        ) = f
        # What only a file can get wrong: a date's format. A date that cannot be read is None
        # for the rules (skipped); an empty required one stays "" (the rules say "required").
        format_problems: list[str] = []
        dates = []
        known = self.dates
        for value, name, required in zip(
            (date_of_birth, passport_expiry, arrival_date, expected_departure, permit_expiry),
            _DATE_COLUMNS,
            _DATE_REQUIRED,
            strict=True,
        ):
            if not value:
                dates.append("" if required else None)
                continue
            iso = known.get(value)
            if iso is None:
                try:
                    iso = known[value] = _date(value, name)
                except ValueError as exc:
                    format_problems.append(str(exc))
            dates.append(iso)
        date_of_birth, passport_expiry, arrival_date, expected_departure, permit_expiry = dates
        # Spaces and dashes are how numbers are often written in a sheet (documented as
        # ignored); any other sign is refused by the registration's own rule, not dropped.
        number = (
            passport_number
            if passport_number.isalnum()
            else _SPACES_DASHES.sub("", passport_number)
        )
        sex = SEX.get(sex.upper(), sex)
        nationality = nationality.upper()
        passport_country = passport_country.upper()
        host_kind = host_kind.lower()
        purpose = purpose.lower()
        # The registration's values, by stay_rules' field names in the order of _VALUE_FIELDS.
        row = (
            given_names,
            family_name,
            aliases,
            sex,
            date_of_birth,
            nationality,
            number,
            passport_country,
            passport_expiry,
            region,
            address,
            host_name,
            host_kind,
            purpose,
            arrival_date,
            expected_departure,
            permit_code,
            permit_number,
            permit_expiry,
        )
        # Most rows are good: the quick test proves it without building the registration's
        # mapping; any doubt goes to the shared check_values, which alone words the refusals.
        if format_problems or not self._passes(row, self.today):
            refusals = stay_rules.check_values(
                dict(zip(_VALUE_FIELDS, row, strict=True)), today=self.today
            )
        else:
            refusals = []
        permit = self.permits.get(permit_code.upper())
        if permit_code and (permit is None or not permit[1]):
            refusals.append(
                stay_rules.check_permit(
                    known=permit is not None, active=permit is not None and permit[1]
                )
            )
        if region and region not in self.desa:
            refusals.append(
                stay_rules.check_region(is_desa=region in self.known_desa(), in_scope=False)
            )
        joined = "".join(f)
        control = not joined.isprintable() and _CONTROL.search(joined)
        if refusals or format_problems or control:
            values = dict(zip(_VALUE_FIELDS, row, strict=True))
            required = [message(r, values) for r in refusals if r.code == "required"]
            others = [message(r, values) for r in refusals if r.code != "required"]
            if control:
                others.append(_("the row holds control characters (such as NUL); remove them"))
            raise RowInvalid(
                "; ".join([*required, *format_problems, *others]),
                tuple((r.field, r.code) for r in refusals),
            )
        return ParsedRow(
            passport_country,
            # Accepted, so letters and digits only: normalise_passport(number) is its upper case.
            number.upper(),
            passport_expiry,
            given_names,
            family_name,
            aliases,
            fold_name(given_names, family_name),
            sex,
            date_of_birth,
            nationality,
            region,
            address,
            fold_address(address),
            host_name,
            host_kind,
            purpose,
            arrival_date,
            expected_departure,
            permit[0],
            permit_number,
            permit_expiry,
            line,
        )
