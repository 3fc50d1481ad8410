"""Scoring one query against one candidate: the name, then date of birth, nationality and
passport number as evidence, and a reason in plain Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from .normalise import ascii_tokens, canon
from .scripts import other_script

# Score adjustments (added to the name score, the result clamped to 0..1). Tuned on the
# generated benchmark (benchmarks/bench_screening.py); they are settings, not truths.
DOB_SAME = 0.10
DOB_NEAR = -0.18  # near but not equal: a typo, or someone else; alone it never makes a hit
DOB_YEAR_ONLY = 0.0
DOB_DIFFERENT = -0.30
NATIONALITY_SAME = 0.02
NATIONALITY_DIFFERENT = -0.10
PASSPORT_SAME_FLOOR = 0.97
PASSPORT_DIFFERENT = -0.05
TOKEN_MATCH_MIN = 0.5  # a token pair below this (knee-adjusted) similarity is no match at all
CONFLICT_PENALTY = 0.20  # each side has a token the other lacks
INITIAL_MATCH = 0.9
CLOSE_KNEE = 0.85  # token similarity below this counts double against the name
# Two different spellings that are each a name in their own right (each written on at least
# COMMON_NAME_ROWS list rows: Nasrin and Shirin, Jang and Kang, Rana and Raja) are two names,
# not one name with a typo: they do not pair. A typo rarely lands on another common name, and
# a list small enough to know few names keeps the plain similarity (the rule never fires).
COMMON_NAME_ROWS = 3
# A name with a token on each side that the other lacks (Nguyen Yen Thanh / Nguyen Hoa Thanh)
# names two people as often as one: the date of birth alone does not lift it to a hit.
CONFLICT_DOB_SAME = 0.0


@dataclass(frozen=True, slots=True)
class Person:
    """What a query or a list entry says about a person. ``dob`` is an ISO date, a year, or None."""

    name: str
    dob: str | None = None
    nationality: str | None = None
    passport: str | None = None


@dataclass(slots=True)
class Match:
    score: float
    name_score: float
    # what the reason text is made of (built only when asked: most comparisons are discarded)
    facts: tuple = ()

    @property
    def reasons(self) -> list[str]:
        q, e, pairs, missing, dob_kind, nationality, passport, written = self.facts
        out = [_written_reason(name, tokens) for name, tokens in written]
        out.append(_name_reason(q, e, pairs, missing))
        if dob_kind != "unknown":
            out.append(_DOB_TEXT[dob_kind])
        if nationality is not None:
            out.append("kewarganegaraan sama" if nationality else "kewarganegaraan berbeda")
        if passport is not None:
            out.append("nomor paspor sama" if passport else "nomor paspor berbeda")
        return out

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


_PASSPORT_JUNK = re.compile(r"[^0-9A-Z]")


def norm_passport(value: str | None) -> str:
    return _PASSPORT_JUNK.sub("", (value or "").upper())


def parse_dob(value: str | dt.date | None) -> tuple[int, int, int] | None:
    """(year, month, day); month and day 0 when only the year is known. None when absent or
    unreadable (an unreadable date is no evidence either way)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return (value.year, value.month, value.day)
    text = str(value).strip()
    try:
        if len(text) == 4:
            return (int(text), 0, 0)
        d = dt.date.fromisoformat(text[:10])
        return (d.year, d.month, d.day)
    except ValueError:
        return None


def dob_code(value: str | dt.date | None) -> int:
    """yyyymmdd as an int (0 when unknown) — compact storage for an index."""
    if type(value) is str and len(value) == 10 and value[4] == "-" == value[7]:
        y, m, d = value[:4], value[5:7], value[8:]
        if y.isdigit() and m.isdigit() and d.isdigit() and 0 < int(m) <= 12 and 0 < int(d) <= 31:
            return int(y) * 10000 + int(m) * 100 + int(d)
    parsed = parse_dob(value)
    return parsed[0] * 10000 + parsed[1] * 100 + parsed[2] if parsed else 0


def near_dob_codes(code: int) -> list[int]:
    """The dates a typo could have turned this full date (yyyymmdd) into: day and month swapped,
    the year one off, one digit of the day changed, the day before or after (a date carried over
    from another calendar or time zone). Used to look a near date up in an index."""
    if not code % 100:
        return []
    y, m, d = code // 10000, code // 100 % 100, code % 100
    out = {(y - 1) * 10000 + m * 100 + d, (y + 1) * 10000 + m * 100 + d}
    if d <= 12 and d != m:
        out.add(y * 10000 + d * 100 + m)
    for tens in range(4):
        for units in range(10):
            day = tens * 10 + units
            if (
                0 < day <= 31
                and day != d
                and ((tens == d // 10) != (units == d % 10) or abs(day - d) == 1)
            ):
                out.add(y * 10000 + m * 100 + day)
    return sorted(out)


def _from_code(code: int) -> tuple[int, int, int] | None:
    return (code // 10000, code // 100 % 100, code % 100) if code else None


def _one_digit_apart(a: int, b: int) -> bool:
    sa, sb = f"{a:02d}", f"{b:02d}"
    return sum(x != y for x, y in zip(sa, sb, strict=True)) == 1


def compare_dob(a, b) -> tuple[str, float]:
    """('same'|'near'|'year'|'different'|'unknown', adjustment). Near: same day and month a year
    apart, day and month swapped, one digit of the day wrong, or the day before or after."""
    a = _from_code(a) if isinstance(a, int) else parse_dob(a)
    b = _from_code(b) if isinstance(b, int) else parse_dob(b)
    if not a or not b:
        return "unknown", 0.0
    if a == b:
        return "same", DOB_SAME
    (ya, ma, da), (yb, mb, db) = a, b
    if 0 in (ma, mb):
        if ya == yb:
            return "year", DOB_YEAR_ONLY
        return ("near", DOB_NEAR) if abs(ya - yb) == 1 else ("different", DOB_DIFFERENT)
    if ya == yb and (
        (ma, da) == (db, mb) or (ma == mb and (_one_digit_apart(da, db) or abs(da - db) == 1))
    ):
        return "near", DOB_NEAR
    if (ma, da) == (mb, db) and abs(ya - yb) == 1:
        return "near", DOB_NEAR
    return "different", DOB_DIFFERENT


def _sim(a: str, b: str) -> float:
    return 1.0 if a == b else Indel.normalized_similarity(a, b)


def name_score(
    query: list[str], entry: list[str], common=None
) -> tuple[float, list[tuple[str, str, str]], list[str]]:
    """Similarity of two token lists (ascii tokens, any order), 0..1, with the aligned pairs
    (query token, entry token, 'same'|'spelling'|'close') and the tokens left unmatched.

    Tokens are aligned greedily by the similarity of their canonical forms; the score is the
    length-weighted mean similarity of the aligned pairs, lowered by the share of letters left
    unmatched (a missing middle name costs little, a lone matching token among three a lot).
    ``common``: canonical tokens that are names of their own (see COMMON_NAME_ROWS), or None."""
    if not query or not entry:
        return 0.0, [], list(query or entry)
    cq = [canon(t) for t in query]
    ce = [canon(t) for t in entry]
    options = []
    for i, a in enumerate(cq):
        for j, b in enumerate(ce):
            if (
                min(len(query[i]), len(entry[j])) == 1 < max(len(query[i]), len(entry[j]))
                and query[i][0] == entry[j][0]
            ):
                s = INITIAL_MATCH  # an initial: "M. Hasan" for "Muhammad Hasan"
            elif a != b and common is not None and a in common and b in common:
                continue  # two known names, not two spellings of one
            else:
                s = _sim(a, b)
            if s < CLOSE_KNEE:
                s -= CLOSE_KNEE - s
            if s >= TOKEN_MATCH_MIN:
                options.append((s, -abs(len(a) - len(b)), i, j))
    options.sort(reverse=True)
    used_q: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    weighted = 0.0
    weight = 0.0
    for s, _, i, j in options:
        if i in used_q or j in used_e:
            continue
        used_q.add(i)
        used_e.add(j)
        w = max(len(cq[i]), len(ce[j]))
        weighted += s * w
        weight += w
        kind = "same" if query[i] == entry[j] else ("spelling" if s == 1.0 else "close")
        pairs.append((i, query[i], entry[j], kind))
    pairs = [p[1:] for p in sorted(pairs)]  # in the query's order, for the reason text
    if not pairs:
        return 0.0, [], list(query) + list(entry)
    missing_q = [query[i] for i in range(len(query)) if i not in used_q]
    missing_e = [entry[j] for j in range(len(entry)) if j not in used_e]
    missing = missing_q + missing_e
    total = sum(len(t) for t in cq) + sum(len(t) for t in ce)
    covered = 2 * weight / total if total else 0.0  # share of letters in aligned tokens
    base = weighted / weight
    if len(pairs) >= 2 or (len(cq) == 1 and len(ce) == 1):
        factor = 0.75 + 0.25 * covered
    else:  # one token in common and the other side says more: weak
        factor = 0.5 + 0.3 * covered
    if missing_q and missing_e:  # each side has a token the other lacks: they disagree
        factor -= CONFLICT_PENALTY
    return min(1.0, base * factor), pairs, missing


def compare(
    query: Person,
    entry: Person,
    *,
    query_tokens=None,
    entry_tokens=None,
    entry_dob: int | None = None,
    common=None,
    named=None,
) -> Match:
    """The full comparison of a query with one list entry (or one stay with another).
    ``common``: see name_score; ``named``: the name part already computed (an index compares
    one query with many rows of the same name)."""
    q = query_tokens if query_tokens is not None else ascii_tokens(query.name)
    e = entry_tokens if entry_tokens is not None else ascii_tokens(entry.name)
    score, pairs, missing = named if named is not None else name_score(q, e, common)
    total = score
    dob_kind, adj = compare_dob(query.dob, entry_dob if entry_dob is not None else entry.dob)
    if dob_kind == "same" and _conflict(q, e, pairs):
        adj = CONFLICT_DOB_SAME
    total += adj
    same_nat = None
    qn, en = (query.nationality or "").upper(), (entry.nationality or "").upper()
    if qn and en:
        same_nat = qn == en
        total += NATIONALITY_SAME if same_nat else NATIONALITY_DIFFERENT
    # a name written in another script is said so, with the Latin letters that were compared
    written = tuple((n, t) for n, t in ((query.name, q), (entry.name, e)) if other_script(n))
    same_pass = None
    qp, ep = norm_passport(query.passport), norm_passport(entry.passport)
    if qp and ep:
        same_pass = qp == ep
        if same_pass:
            total = max(total + 0.3, PASSPORT_SAME_FLOOR) if score >= 0.5 else total + 0.3
        else:
            total += PASSPORT_DIFFERENT
    return Match(
        score=round(max(0.0, min(1.0, total)), 4),
        name_score=round(score, 4),
        facts=(q, e, pairs, missing, dob_kind, same_nat, same_pass, written),
    )


def _conflict(q, e, pairs) -> bool:
    """Each side has a token the other lacks."""
    return len(pairs) < len(q) and len(pairs) < len(e)


_DOB_TEXT = {
    "same": "tanggal lahir sama",
    "near": "tanggal lahir hampir sama",
    "year": "tahun lahir sama",
    "different": "tanggal lahir berbeda",
}


def _written_reason(name: str, tokens) -> str:
    latin = " ".join(t.capitalize() for t in tokens)
    # the name is set apart (first-strong isolate) so a right-to-left script does not reorder
    # the words around it wherever the reason is shown
    return f"nama dialihaksarakan dari aksara aslinya: \u2068{name}\u2069 → {latin}"


def _name_reason(q, e, pairs, missing) -> str:
    if not pairs:
        return "nama tidak mirip"
    spelling = [f"{a.capitalize()} → {b.capitalize()}" for a, b, k in pairs if k == "spelling"]
    close = [f"{a.capitalize()} ≈ {b.capitalize()}" for a, b, k in pairs if k == "close"]
    parts = []
    if not spelling and not close:
        # the matched parts in the same order on both sides (a part missing on one side is not
        # a change of order: "Ali Soltani" / "Ali Narges Soltani")
        at = [list(e).index(b) for _, b, _ in pairs]
        same_order = at == sorted(at)
        parts.append("nama sama" if same_order else "nama sama, urutan berbeda")
    else:
        if spelling:
            parts.append("nama cocok setelah penyesuaian ejaan: " + ", ".join(spelling))
        if close:
            parts.append("nama mirip: " + ", ".join(close))
    if missing:
        parts.append(
            "bagian nama tidak ada di salah satu sisi: "
            + ", ".join(t.capitalize() for t in missing)
        )
    return "; ".join(parts)
