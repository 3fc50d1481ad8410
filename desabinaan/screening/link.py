"""Linking: group records (stays) that describe the same person.

Candidate pairs come from blocks: the normalised passport number, each token skeleton with the
full date of birth, and the whole name when it is rare (for a near date). Blocks larger than
MAX_BLOCK are skipped: a common name with no other evidence is no reason to link. `_evidence`
says whether a pair may be linked and how strongly; pairs are then linked strongest first and
closed transitively (union-find), with two guards against chains: a weak link never joins two
clusters holding different passports, and a record without a passport that could join several
documented people joins only the one its name matches best (`_ambiguous`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz

from .bulk import no_cycle_collection
from .normalise import ascii_tokens, canon, skeleton
from .score import Person, dob_code, norm_passport

MAX_BLOCK = 60
MAX_TOKENS = 6


@dataclass(frozen=True, slots=True)
class LinkResult:
    labels: list[int]  # labels[i]: the representative record index of record i's person
    compared: int  # candidate pairs scored
    linked: int  # pairs accepted


# Link rules: the evidence besides the name, and what the name must then reach (0-100).
SAME_PASSPORT = 70  # the same passport number: the name only has to be plausibly the same
SAME_DOB = 86  # the same full date of birth, passports not both known (a missing middle name ok)
NEAR_DOB_RARE_NAME = 2  # a near date links only the same name carried by at most this many records
# Two different spellings that are each carried by at least this many records are two names in
# their own right (Peng Fengli / Peng Fengrui), not one name with a typo: the date alone does not
# link them. The screening index has the same rule per token (score.COMMON_NAME_ROWS).
COMMON_SPELLING_RECORDS = 3
# Two passports, the same date and a name this close (0-100), one spelling rare: a renewed
# passport on a stay with a typo in the name (Shammari / Shasmari).
RENEWED_PASSPORT_TYPO = 92

# Evidence ranks: links are made strongest first, so that clusters hold their passports (and
# their exact-name members) before weaker links are weighed against them.
PASSPORT, SAME_NAME_TWO_PASSPORTS, DATE, NEAR_DATE = range(4)


class _Clusters:
    """Union-find that keeps each cluster's passport numbers: two clusters that each hold a
    passport, and none in common, merge only on evidence that may join two passports (the
    caller's `bridge`): a chain of weak links (a missing middle name here, a typo there) must
    not join two documented people."""

    def __init__(self, n: int, passes: list[str]):
        self.parent = list(range(n))
        self.passports: dict[int, frozenset[str]] = {
            i: frozenset((p,)) for i, p in enumerate(passes) if p
        }

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def conflict(self, ri: int, rj: int) -> bool:
        a, b = self.passports.get(ri), self.passports.get(rj)
        return bool(a and b and not (a & b))

    def union(self, ri: int, rj: int) -> None:
        # A cluster holding passports keeps its representative, so that a refusal recorded
        # against it (`_ambiguous`) still names it after it has taken in undocumented records.
        if (ri in self.passports) == (rj in self.passports):
            keep, gone = min(ri, rj), max(ri, rj)
        else:
            keep, gone = (ri, rj) if ri in self.passports else (rj, ri)
        self.parent[gone] = keep
        moved = self.passports.pop(gone, None)
        if moved:
            self.passports[keep] = self.passports.get(keep, frozenset()) | moved


def _near(a: int, b: int) -> bool:
    """Two full dates (yyyymmdd ints) that differ by a typical slip: the day and month swapped,
    one digit of the day, the day before or after, or the year by one with the same day and
    month."""
    if not (a % 100 and b % 100) or a == b:
        return False
    ya, ma, da = a // 10000, a // 100 % 100, a % 100
    yb, mb, db = b // 10000, b // 100 % 100, b % 100
    if ya == yb:
        if (ma, da) == (db, mb):
            return True
        return ma == mb and ((da // 10 == db // 10) != (da % 10 == db % 10) or abs(da - db) == 1)
    return abs(ya - yb) == 1 and (ma, da) == (mb, db)


@dataclass(slots=True)
class _Records:
    """What linking needs of each record, computed once."""

    canon: list[str]  # sorted canonical tokens, joined: the name whatever its order
    counts: list[int]  # tokens in the name
    ends: list[tuple[str, str]]  # skeletons of the name's first and last token, as written
    skels: list[frozenset[str]]  # skeletons of all its tokens
    dobs: list[int]
    nats: list[str]
    passes: list[str]
    frequency: Counter  # records per canonical name


def link(records: Sequence[Person]) -> LinkResult:
    with no_cycle_collection():
        return _link(records)


def _link(records: Sequence[Person]) -> LinkResult:
    recs, block_keys, block_rows = _prepare(records)
    pairs = _candidate_pairs(block_keys, block_rows, len(records))
    accepted = []
    for key in pairs.tolist():
        i, j = key >> 32, key & 0xFFFFFFFF
        found = _evidence(recs, i, j)
        if found is not None:
            accepted.append((found, i, j))
    # Strongest evidence first, and within a rank the closer name first (see the ranks).
    accepted.sort(key=lambda a: a[0])
    clusters = _Clusters(len(records), recs.passes)
    find = clusters.find
    linked = 0
    refused: set[tuple[int, int]] | None = None
    for (rank, _sim, bridge), i, j in accepted:
        if rank >= DATE and refused is None:
            # the documented people are known now: settle the undocumented records that could
            # join more than one of them
            refused = _ambiguous(recs, accepted, find, clusters)
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if not bridge and clusters.conflict(ri, rj):
            continue
        if refused and ((i, rj) in refused or (j, ri) in refused):
            continue
        clusters.union(ri, rj)
        linked += 1
    return LinkResult([find(i) for i in range(len(records))], len(pairs), linked)


def _prepare(records: Sequence[Person]) -> tuple[_Records, list[object], list[int]]:
    n = len(records)
    recs = _Records(
        [""] * n, [0] * n, [("", "")] * n, [frozenset()] * n, [0] * n, [""] * n, [""] * n, Counter()
    )
    token_info: dict[str, tuple[str, str]] = {}
    block_keys: list[object] = []
    block_rows: list[int] = []
    for i, rec in enumerate(records):
        canons = []
        skels = []
        for token in ascii_tokens(rec.name)[:MAX_TOKENS]:
            info = token_info.get(token)
            if info is None:
                c = canon(token)
                info = token_info[token] = (c, skeleton(c))
            canons.append(info[0])
            skels.append(info[1])
        if skels:
            recs.ends[i] = (skels[0], skels[-1])
        recs.skels[i] = frozenset(skels)
        canons.sort()
        recs.canon[i] = " ".join(canons)
        recs.counts[i] = len(canons)
        dob = recs.dobs[i] = dob_code(rec.dob)
        recs.nats[i] = (rec.nationality or "").upper()
        p = recs.passes[i] = norm_passport(rec.passport)
        if p:
            block_keys.append("P" + p)
            block_rows.append(i)
        if dob % 100:
            # the same date: each token's skeleton (survives a typo in the other tokens)
            for s in recs.skels[i]:
                block_keys.append(f"{s}|{dob}")
                block_rows.append(i)
        # No date: only the passport can link it, and its block is above.
    recs.frequency = Counter(recs.canon)
    # A near date links only the same rare name (`_evidence`): one block per rare name.
    for i, name in enumerate(recs.canon):
        if recs.frequency[name] <= NEAR_DOB_RARE_NAME and recs.dobs[i] % 100:
            block_keys.append("N" + name)
            block_rows.append(i)
    return recs, block_keys, block_rows


def _evidence(recs: _Records, i: int, j: int) -> tuple[int, int, bool] | None:
    """(rank, minus the name similarity, may it join two clusters holding different
    passports) when the pair may be linked, else None. A common name alone never links."""
    na, nb = recs.nats[i], recs.nats[j]
    if na and nb and na != nb:
        return None
    pa, pb = recs.passes[i], recs.passes[j]
    da, db = recs.dobs[i], recs.dobs[j]
    a, b = recs.canon[i], recs.canon[j]
    if pa and pa == pb:
        rank, need = PASSPORT, SAME_PASSPORT
    elif da and da == db and da % 100:
        if pa and pb:
            # two documents (a renewed passport, or two namesakes born the same day): the same
            # name after folding, or a typo of a rare one; the only link that may join two
            # clusters holding different passports
            if a == b:
                return SAME_NAME_TWO_PASSPORTS, -100, True
            if (
                recs.counts[i] == recs.counts[j]
                and min(recs.frequency[a], recs.frequency[b]) < COMMON_SPELLING_RECORDS
            ):
                similarity = fuzz.token_sort_ratio(a, b)
                if similarity >= RENEWED_PASSPORT_TYPO:
                    return SAME_NAME_TWO_PASSPORTS, -round(similarity), True
            return None
        rank, need = DATE, SAME_DOB
    elif (
        not (pa and pb)
        and na
        and na == nb
        and a == b
        and recs.frequency[a] <= NEAR_DOB_RARE_NAME
        and _near(da, db)
    ):
        return NEAR_DATE, -100, False  # the same rare name and a near date
    else:
        return None
    if a == b:
        return rank, -100, False
    ci, cj = recs.counts[i], recs.counts[j]
    if ci != cj and min(ci, cj) >= 2:
        if rank == DATE and not _inner_part_missing(recs, i, j):
            return None
        similarity = fuzz.token_ratio(a, b)
    else:
        if rank == DATE and min(recs.frequency[a], recs.frequency[b]) >= COMMON_SPELLING_RECORDS:
            return None
        similarity = fuzz.token_sort_ratio(a, b)
    return (rank, -round(similarity), False) if similarity >= need else None


def _inner_part_missing(recs: _Records, i: int, j: int) -> bool:
    """The shorter name keeps the longer one's first and last part (Pooja Kumar / Pooja Ravi
    Kumar): a missing middle name. A missing first or last part (Rahim Miah / Mohammad Rahim
    Miah) is as often another person of the family, and the date alone does not link it."""
    short, long = (i, j) if recs.counts[i] < recs.counts[j] else (j, i)
    first, last = recs.ends[long]
    return first in recs.skels[short] and last in recs.skels[short]


def _ambiguous(recs: _Records, accepted, find, clusters: _Clusters) -> set[tuple[int, int]]:
    """(record, cluster) links to refuse: a record without a passport that a date link could
    join to several clusters holding passports joins only the one its name matches best, and
    none when two match equally well (two namesakes born the same day: no way to tell)."""
    reach: dict[int, dict[int, int]] = {}
    for (rank, sim, _bridge), i, j in accepted:
        if rank < DATE:
            continue
        for x, y in ((i, j), (j, i)):
            if recs.passes[x]:
                continue
            root = find(y)
            if clusters.passports.get(root):
                options = reach.setdefault(x, {})
                options[root] = min(options.get(root, 0), sim)
    refused: set[tuple[int, int]] = set()
    for x, options in reach.items():
        if len(options) < 2:
            continue
        best = min(options.values())
        winners = [root for root, sim in options.items() if sim == best]
        refused.update((x, root) for root in options if len(winners) > 1 or root != winners[0])
    return refused


def _candidate_pairs(keys: list[object], rows: list[int], n: int) -> np.ndarray:
    """Unique (i << 32 | j), i < j, for records sharing a block of at most MAX_BLOCK records."""
    if not keys:
        return np.zeros(0, np.int64)
    codes: dict[object, int] = {}
    k = np.fromiter((codes.setdefault(x, len(codes)) for x in keys), np.int64, len(keys))
    r = np.fromiter(rows, np.int64, len(rows))
    order = np.lexsort((r, k))
    k, r = k[order], r[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    out = []
    for size in range(2, MAX_BLOCK + 1):
        sel = starts[sizes == size]
        if not len(sel):
            continue
        for a, b in combinations(range(size), 2):
            out.append((r[sel + a] << 32) | r[sel + b])
    if not out:
        return np.zeros(0, np.int64)
    return np.unique(np.concatenate(out))
