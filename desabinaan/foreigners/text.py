"""Small pure helpers on names, passport numbers and dates; no database."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.translation import gettext as _

from desabinaan.regions.text import fold

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def normalise_passport(number: str) -> str:
    """'a 123-4567 ' → 'A1234567': the form people type varies, the number does not."""
    return _NOT_ALNUM.sub("", (number or "").upper())


PASSPORT_MIN, PASSPORT_MAX = 4, 20


def passport_number_problem(number: str) -> str:
    """Why a typed passport number is refused, or "". Letters and digits only: a sign or a space
    is refused with its name, never dropped (C1@# must not become C1)."""
    text = (number or "").strip()
    wrong = sorted({c for c in text if not (c.isascii() and c.isalnum())})
    if wrong:
        shown = " ".join(_("space") if c == " " else c for c in wrong)
        return _(
            "A passport number has only letters and digits. Remove “%(chars)s” and type the "
            "number exactly as printed in the passport."
        ) % {"chars": shown}
    if not PASSPORT_MIN <= len(text) <= PASSPORT_MAX:
        return _("A passport number has %(min)s to %(max)s letters and digits.") % {
            "min": PASSPORT_MIN,
            "max": PASSPORT_MAX,
        }
    return ""


# A masked number shows at most this share of its characters, and at most MASK_MAX_END at each
# end: a 9-character number shows 3 (A1*****89 would be 5 of 9, enough to guess the rest).
MASK_SHARE = 3
MASK_MAX_END = 2
MASK_STARS = "****"


def mask_passport(number: str) -> str:
    """The one masking of passport numbers (pages, API, exports): 'A12345678' → 'A****78'.
    At most a third of the characters show (none below three characters, one up to five), at
    most two at each end, and always four stars, so the mask does not tell the length either."""
    n = normalise_passport(number)
    if not n:
        return ""
    shown = min(len(n) // MASK_SHARE, 2 * MASK_MAX_END)
    head = shown // 2
    tail = shown - head
    return f"{n[:head]}{MASK_STARS}{n[len(n) - tail :] if tail else ''}"


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
