"""Linking: group records (stays) that describe the same person.

Candidate pairs come from blocks — the normalised passport number, each token skeleton with the
full date of birth, and each pair of token skeletons (blocks larger than MAX_BLOCK are skipped: a
common name with no other evidence is no reason to link). A pair is linked when the evidence is
strong enough (``decide``), and linked pairs are closed transitively (union-find).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz

from .normalise import ascii_tokens, canon, skeleton
from .score import Person, compare_dob, dob_code, norm_passport

MAX_BLOCK = 60
MAX_TOKENS = 6


@dataclass(frozen=True, slots=True)
class LinkResult:
    labels: list[int]  # labels[i]: the representative record index of record i's person
    compared: int  # candidate pairs scored
    linked: int  # pairs accepted


def decide(name: float, dob_a: int, dob_b: int, nat_a: str, nat_b: str, pass_a: str, pass_b: str) -> bool:
    """Do two records describe the same person? ``name`` is the token similarity 0..100."""
    if nat_a and nat_b and nat_a != nat_b:
        return False
    if pass_a and pass_a == pass_b:
        return name >= 70
    if dob_a and dob_a == dob_b and dob_a % 100:
        return name >= (92 if pass_a and pass_b else 86)
    if name >= 95 and nat_a and nat_a == nat_b and compare_dob(dob_a, dob_b)[0] == "near":
        return not (pass_a and pass_b)
    return False


def _name_similarity(a: str, b: str, na: int, nb: int) -> float:
    if a == b:
        return 100.0
    if na != nb and min(na, nb) >= 2:  # a missing middle name
        return fuzz.token_ratio(a, b)
    return fuzz.token_sort_ratio(a, b)


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
            for s in skels:
                block_keys.append(f"{s}|{dob}")
                block_rows.append(i)
        skels.sort()
        for a, b in combinations(skels, 2):
            block_keys.append(f"{a}|{b}")
            block_rows.append(i)
    pairs = _candidate_pairs(block_keys, block_rows, n)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked = 0
    for key in pairs.tolist():
        i, j = key >> 32, key & 0xFFFFFFFF
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        name = _name_similarity(canon_str[i], canon_str[j], counts[i], counts[j])
        if decide(name, dobs[i], dobs[j], nats[i], nats[j], passes[i], passes[j]):
            parent[max(ri, rj)] = min(ri, rj)
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
