"""Linking: group records (stays) that describe the same person.

Candidate pairs come from blocks — the normalised passport number, each token skeleton with the
full date of birth, and each pair of token skeletons (blocks larger than MAX_BLOCK are skipped: a
common name with no other evidence is no reason to link). A pair is linked when the evidence is
strong enough (``required_similarity``), and linked pairs are closed transitively (union-find).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz

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
SAME_DOB_OTHER_PASSPORT = 100  # the same date, two different passports: the same folded name
NEAR_DOB_RARE_NAME = 2  # a near date links only the same name carried by at most this many records


def required_similarity(dob_a: int, dob_b: int, nat_a: str, nat_b: str, pass_a: str, pass_b: str):
    """(similarity the names need, whether a missing middle name is tolerated), or None when
    nothing besides the name supports a link: a common name alone never links. The near-date
    rule (same name, rare) is in `link`, which also inlines this test: keep the two the same."""
    if nat_a and nat_b and nat_a != nat_b:
        return None
    if pass_a and pass_a == pass_b:
        return SAME_PASSPORT, True
    if dob_a and dob_a == dob_b and dob_a % 100:
        return (SAME_DOB_OTHER_PASSPORT, False) if pass_a and pass_b else (SAME_DOB, True)
    return None


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
        return self._conflict(ri, rj)

    def _conflict(self, ri: int, rj: int) -> bool:
        a, b = self.passports.get(ri), self.passports.get(rj)
        return bool(a and b and not (a & b))

    def union(self, ri: int, rj: int) -> None:
        keep, gone = min(ri, rj), max(ri, rj)
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


def link(records: Sequence[Person]) -> LinkResult:
    n = len(records)
    canon_str: list[str] = [""] * n
    counts = [0] * n
    dobs = [0] * n
    nats = [""] * n
    passes = [""] * n
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
            if info[1] not in skels:
                skels.append(info[1])
        canons.sort()
        canon_str[i] = " ".join(canons)
        counts[i] = len(canons)
        dob = dob_code(rec.dob)
        dobs[i] = dob
        nats[i] = (rec.nationality or "").upper()
        p = norm_passport(rec.passport)
        passes[i] = p
        if p:
            block_keys.append("P" + p)
            block_rows.append(i)
        if dob % 100:
            # the same date: each token's skeleton (survives a typo in the other tokens)
            for s in skels:
                block_keys.append(f"{s}|{dob}")
                block_rows.append(i)
        # No date: only the passport can link it (required_similarity), and its block is above.
    # A near date links only the same rare name (see the loop): one block per rare name.
    frequency = Counter(canon_str)
    for i, name in enumerate(canon_str):
        if frequency[name] <= NEAR_DOB_RARE_NAME and dobs[i] % 100:
            block_keys.append("N" + name)
            block_rows.append(i)
    pairs = _candidate_pairs(block_keys, block_rows, n)
    clusters = _Clusters(n, passes)
    find = clusters.find

    linked = 0
    # Strongest evidence first (the same passport), so that clusters hold their passports
    # before the weaker links are weighed against them.
    pair_list = pairs.tolist()
    pair_list.sort(
        key=lambda k: not (passes[k >> 32] and passes[k >> 32] == passes[k & 0xFFFFFFFF])
    )
    for key in pair_list:
        i, j = key >> 32, key & 0xFFFFFFFF
        na, nb = nats[i], nats[j]
        if na and nb and na != nb:
            continue
        pa, pb = passes[i], passes[j]
        da, db = dobs[i], dobs[j]
        bridge = False  # may this link join two clusters with different passports?
        if pa and pa == pb:
            need, subset = SAME_PASSPORT, True
        elif da and da == db and da % 100:
            if pa and pb:
                # two documents (a renewed passport, or two namesakes born the same day): the
                # same name after folding, nothing less; the only link that may join two
                # clusters holding different passports
                if canon_str[i] != canon_str[j]:
                    continue
                need, subset, bridge = 0, False, True
            else:
                need, subset = SAME_DOB, True
        elif (
            not (pa and pb)
            and na
            and na == nb
            and canon_str[i] == canon_str[j]
            and frequency[canon_str[i]] <= NEAR_DOB_RARE_NAME
            and _near(da, db)
        ):
            need, subset = 0, False  # the same rare name and a near date
        else:
            continue
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if not bridge and clusters.conflict(ri, rj):
            continue
        a, b = canon_str[i], canon_str[j]
        if need and a != b:
            if subset and counts[i] != counts[j] and min(counts[i], counts[j]) >= 2:
                similarity = fuzz.token_ratio(a, b)
            else:
                similarity = fuzz.token_sort_ratio(a, b)
            if similarity < need:
                continue
        clusters.union(ri, rj)
        linked += 1
    return LinkResult([find(i) for i in range(n)], len(pairs), linked)


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
