"""Small pure helpers on names, passport numbers and dates; no database."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from desabinaan.regions.text import fold

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def normalise_passport(number: str) -> str:
    """'a 123-4567 ' → 'A1234567': the form people type varies, the number does not."""
    return _NOT_ALNUM.sub("", (number or "").upper())


def mask_passport(number: str) -> str:
    """'A1234589' → 'A12****89'. Always four stars, so the mask does not tell the length."""
    n = normalise_passport(number)
    if len(n) >= 6:
        return f"{n[:3]}****{n[-2:]}"
    return f"{n[:1]}****" if n else ""


def _fold(text: str) -> str:
    # Most names and addresses are plain ASCII: skip Unicode decomposition for them (the bulk
    # import folds a million of each).
    return " ".join(text.lower().split()) if text.isascii() else fold(text)


def fold_name(given_names: str, family_name: str = "") -> str:
    return _fold(f"{given_names} {family_name}")


_PUNCT = re.compile(r"[^\w]+")


def fold_address(address: str) -> str:
    """Addresses typed by different people: case, punctuation and spacing do not count."""
    return " ".join(_PUNCT.sub(" ", _fold(address)).split())[:255]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clipped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
