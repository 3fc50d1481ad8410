"""The candidate index: a query is compared with a few hundred list rows, not the whole list.

Blocking keys (measured in benchmarks/bench_screening.py against brute force):

* every unordered pair of the name's token skeletons (a name of one token: that token alone) —
  order-independent, survives a missing middle name and a wrong spelling of one token of three;
* every token skeleton with the full date of birth — survives a typo in the other tokens when the
  date is given.

When nothing found on those keys passes the threshold, a second pass widens each token's
skeleton to the skeletons one edit away (a typo in a consonant) and looks again.

Keys live in two sorted numpy int64 arrays (key, row) — a few bytes per posting instead of a
Python dict entry — and are looked up with one ``searchsorted`` per pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process

from .bulk import no_cycle_collection
from .normalise import ascii_tokens, canon, skeleton, word_tokens
from .score import (
    COMMON_NAME_ROWS,
    Match,
    Person,
    compare,
    dob_code,
    name_score,
    near_dob_codes,
    norm_passport,
)

DEFAULT_THRESHOLD = 0.85
MAX_TOKENS = 6  # more tokens than this: the first six make the keys
BIG_BLOCK = 4000  # a key shared by more rows than this says little; skipped when others exist
DATED_BLOCK = (
    300  # with a date of birth given, name blocks larger than this are left to the date keys
)
DATED_HEAD_START = 40
NEAR_HEAD_START = 12
WIDENED_SHARE = 10  # the widened pass reads name blocks up to a third of those sizes
SHORTLIST = 12  # rows compared in full after the fast name pre-filter
PREFILTER_MIN = (
    50  # rapidfuzz ratio (0-100) of the sorted canonical names below which a row is dropped
)
# The second pass (skeletons one edit away) is for a misspelt name; when the first found the name
# itself (this close) and only the other evidence disagrees, it would read a few thousand rows to
# find nothing better.
WIDEN_UNLESS_NAME = 0.95
# A name matched but for a missing part (Ahmed Butt / Ahmed Hira Butt), on a pair of names more
# list rows than this carry: namesakes born the same day are then expected in a large list, so
# the row is shown as a candidate but not raised as a hit by the name and date alone.
PARTIAL_COMMON_ROWS = 10
PARTIAL_COMMON_CAP = 0.01  # how far below the threshold such a row is held
DATED_PREFILTER_MIN = 30  # rows with the query's date of birth: the pre-filter's lower bar
_PAIR_SHIFT = 21
_DOB_SHIFT = 25


@dataclass(frozen=True, slots=True)
class Candidate:
    entry_id: object
    name: str
    score: float
    hit: bool
    match: Match
    alias: str = ""  # the alias that matched, when not the entry's own name

    @property
    def explanation(self) -> str:
        """The reason in words, built when asked (most candidates are never shown)."""
        text = self.match.explanation
        return f"cocok dengan nama alias {self.alias}; {text}" if self.alias else text


@dataclass(frozen=True, slots=True)
class Entry:
    id: object
    person: Person
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=100_000)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(ascii_tokens(name))


class ScreeningIndex:
    def __init__(self, threshold: float = DEFAULT_THRESHOLD):
        self.threshold = threshold
        self.entry_ids: list[object] = []
        self.entry_person: list[Person] = []
        self.entry_dob: list[int] = []
        self.row_entry: list[int] = []
        self.row_name: list[str] = []
        self.row_canon: list[str] = []
        self._skel_id: dict[str, int] = {}
        self._skel: list[str] = [""]
        self._neighbours: dict[str, list[int]] | None = None
        self._pair_keys = np.zeros(0, np.int64)
        self._pair_rows = np.zeros(0, np.int32)
        self._dob_keys = np.zeros(0, np.int64)
        self._dob_rows = np.zeros(0, np.int32)
        self._canon_array = np.zeros(0, object)
        self.common: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.entry_ids)

    # -- building --------------------------------------------------------------------------
    @classmethod
    def build(
        cls, entries: Iterable[Entry], threshold: float = DEFAULT_THRESHOLD
    ) -> ScreeningIndex:
        with no_cycle_collection():
            return cls._build(entries, threshold)

    @classmethod
    def _build(cls, entries: Iterable[Entry], threshold: float) -> ScreeningIndex:
        index = cls(threshold)
        pair_keys: list[int] = []
        pair_rows: list[int] = []
        dob_keys: list[int] = []
        dob_rows: list[int] = []
        # Names repeat their words far more than themselves: everything per word is memoised.
        word_info: dict[str, tuple] = {}  # word -> ((canon, skeleton id, is particle), ...)
        canon_rows: dict[str, int] = {}  # canonical token -> rows that carry it
        skel_id = index._skel_id
        skels = index._skel
        entry_ids = index.entry_ids
        entry_person = index.entry_person
        entry_dob = index.entry_dob
        row_entry = index.row_entry
        row_name = index.row_name
        row_canon = index.row_canon
        add_pk, add_pr = pair_keys.append, pair_rows.append
        add_dk, add_dr = dob_keys.append, dob_rows.append
        for entry in entries:
            slot = len(entry_ids)
            entry_ids.append(entry.id)
            person = entry.person
            entry_person.append(person)
            dob = dob_code(person.dob)
            entry_dob.append(dob)
            full_dob = dob if dob % 100 else 0
            names = (person.name, *entry.aliases) if entry.aliases else (person.name,)
            for name in names:
                row = len(row_entry)
                row_entry.append(slot)
                row_name.append(name)
                parts = []
                for word in name.split():
                    info = word_info.get(word)
                    if info is None:
                        info = []
                        for token, particle in word_tokens(word):
                            c = canon(token)
                            s = skeleton(c)
                            sid = skel_id.get(s)
                            if sid is None:
                                sid = skel_id[s] = len(skels)
                                skels.append(s)
                            info.append((c, sid, particle))
                        info = word_info[word] = tuple(info)
                    parts.extend(info)
                kept = [p for p in parts if not p[2]] or parts
                if len(kept) > MAX_TOKENS:
                    kept = kept[:MAX_TOKENS]
                row_canon.append(" ".join(sorted([p[0] for p in kept])))
                for p in kept:
                    canon_rows[p[0]] = canon_rows.get(p[0], 0) + 1
                if len(kept) == 1:
                    ids = [kept[0][1]]
                    add_pk(_pair_key(0, ids[0]))
                    add_pr(row)
                else:
                    ids = list(dict.fromkeys([p[1] for p in kept]))
                    if len(ids) == 1:
                        add_pk(_pair_key(0, ids[0]))
                        add_pr(row)
                    for a, b in combinations(ids, 2):
                        add_pk((a << _PAIR_SHIFT) | b if a <= b else (b << _PAIR_SHIFT) | a)
                        add_pr(row)
                if full_dob:
                    for sid in ids:
                        add_dk((sid << _DOB_SHIFT) | full_dob)
                        add_dr(row)
        index._pair_keys, index._pair_rows = _sorted(pair_keys, pair_rows)
        index._dob_keys, index._dob_rows = _sorted(dob_keys, dob_rows)
        index._neighbours = _deletion_map(index._skel)
        index._canon_array = np.array(index.row_canon, dtype=object)  # fancy-indexed per query
        index.common = frozenset(c for c, n in canon_rows.items() if n >= COMMON_NAME_ROWS)
        return index

    # -- querying --------------------------------------------------------------------------
    def search(self, query: Person, *, limit: int = 10) -> list[Candidate]:
        tokens = _tokens(query.name)
        if not tokens or not self.entry_ids:
            return []
        tok_ids = [self._skel_id.get(skeleton(canon(t)), -1) for t in tokens[:MAX_TOKENS]]
        ids = list(dict.fromkeys(tok_ids))
        dob = dob_code(query.dob)
        full_dob = dob if dob % 100 else 0
        qcanon = " ".join(sorted(canon(t) for t in tokens))

        known = [i for i in ids if i >= 0]
        # An unknown token (no list row has its skeleton) leaves the pairs of the others; the
        # widened pass looks at its neighbours.
        keys = _pair_keys(known) if len(known) > 1 or len(ids) == 1 == len(known) else []
        dkeys = [(i << _DOB_SHIFT) | full_dob for i in ids if i >= 0] if full_dob else []
        near = [(i << _DOB_SHIFT) | d for d in near_dob_codes(full_dob) for i in ids if i >= 0]
        seen: list[np.ndarray] = []  # rows already scored by the first pass
        names: dict[tuple[str, ...], tuple] = {}  # entry tokens -> name_score (namesakes repeat)
        results = self._score(query, tokens, qcanon, keys, dkeys, seen, names, near_keys=near)
        if (not results or results[0][0] < self.threshold) and not any(
            r[3].name_score >= WIDEN_UNLESS_NAME for r in results
        ):
            wide, wide_dob = self._widened(tok_ids, tokens, full_dob)
            results = sorted(
                results
                + self._score(query, tokens, qcanon, wide, wide_dob, seen, names, widened=True),
                key=lambda r: -r[0],
            )
        out: list[Candidate] = []
        taken: set[int] = set()
        for score, slot, row, match in results:
            if slot in taken:
                continue
            taken.add(slot)
            name = self.entry_person[slot].name
            alias = self.row_name[row] if self.row_name[row] != name else ""
            out.append(
                Candidate(self.entry_ids[slot], name, score, score >= self.threshold, match, alias)
            )
            if len(out) >= limit:
                break
        return out

    def _lookup(self, keys_arr, rows_arr, keys) -> list[np.ndarray]:
        if not keys or not len(keys_arr):
            return []
        q = np.asarray(keys, np.int64)
        lo = np.searchsorted(keys_arr, q, "left")
        hi = np.searchsorted(keys_arr, q, "right")
        return [rows_arr[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]

    def _score(self, query, tokens, qcanon, keys, dkeys, seen, names, near_keys=(), widened=False):
        blocks = self._lookup(self._pair_keys, self._pair_rows, keys)
        # With a date of birth, the rows with that date (or a near one) under each token come
        # from the date keys, so a name block only has to be searched whole when it is small.
        limit = DATED_BLOCK if dkeys else BIG_BLOCK
        if widened:  # keys one typo away: many, each a guess; only the narrow ones are read
            limit //= WIDENED_SHARE
        small = [b for b in blocks if len(b) <= limit]
        dob_blocks = self._lookup(self._dob_keys, self._dob_rows, dkeys)
        near_blocks = self._lookup(self._dob_keys, self._dob_rows, list(near_keys))
        if len(small) < len(blocks) and not small and not dob_blocks and not widened:
            small = [
                b[:BIG_BLOCK] for b in blocks
            ]  # nothing narrower: the first rows of the big one
        dob_rows = np.unique(np.concatenate(dob_blocks)) if dob_blocks else np.zeros(0, np.int32)
        parts = [*small, *near_blocks, dob_rows]
        rows = np.unique(np.concatenate(parts)) if len(parts) > 1 else dob_rows
        if seen:
            rows = rows[~np.isin(rows, np.concatenate(seen))]
        if not len(rows):
            return []
        seen.append(rows)
        choices = self._canon_array[rows]
        # plain ratio of the sorted canonical names: the cheapest rapidfuzz scorer, measured to
        # keep the true row in the shortlist (token_ratio cost ten times as much per row)
        pre = process.cdist([qcanon], choices, scorer=fuzz.ratio, dtype=np.int32)[0]
        # The pre-filter knows the names only; the date of birth moves the final score by up
        # to 0.4 (same +0.1, different -0.3), so rows with the same date get that head start
        # (and rows with a near one a little), or a crowd of namesakes born on other days
        # would push the right row out of the shortlist. They also pass a lower bar: a typo in
        # a token's first letter reorders the sorted name and the plain ratio drops.
        if len(dob_rows) or near_blocks:
            dated = np.isin(rows, dob_rows) if len(dob_rows) else np.zeros(len(rows), bool)
            near = np.isin(rows, np.concatenate(near_blocks)) if near_blocks else dated & False
            low = (dated | near) & (pre >= DATED_PREFILTER_MIN)
            keep = np.flatnonzero((pre >= PREFILTER_MIN) | low)
            pre = pre[keep] + dated[keep] * DATED_HEAD_START + near[keep] * NEAR_HEAD_START
        else:
            keep = np.flatnonzero(pre >= PREFILTER_MIN)
            pre = pre[keep]
        if not len(keep):
            return []
        if len(keep) > SHORTLIST:
            top = keep[np.argpartition(-pre, SHORTLIST)[:SHORTLIST]].tolist()
        else:
            top = keep.tolist()
        out = []
        common = self.common
        for row in rows[top].tolist():
            slot = self.row_entry[row]
            entry_tokens = _tokens(self.row_name[row])
            named = names.get(entry_tokens)
            if named is None:
                named = names[entry_tokens] = name_score(tokens, entry_tokens, common)
                names[entry_tokens, "common"] = self._common_partial(tokens, entry_tokens, named)
            match = compare(
                query,
                self.entry_person[slot],
                query_tokens=tokens,
                entry_tokens=entry_tokens,
                entry_dob=self.entry_dob[slot],
                named=named,
            )
            if names[entry_tokens, "common"] and match.score >= self.threshold:
                cap = round(self.threshold - PARTIAL_COMMON_CAP, 4)
                match = Match(min(match.score, cap), match.name_score, match.facts)
            out.append((match.score, slot, row, match))
        out.sort(key=lambda r: -r[0])
        return out

    def _common_partial(self, query_tokens, entry_tokens, named) -> bool:
        """Two tokens in common, a third on one side only, and that pair of names carried by
        more than PARTIAL_COMMON_ROWS list rows (see there)."""
        pairs = named[1]
        if len(pairs) != 2 or (len(pairs) < len(query_tokens)) == (len(pairs) < len(entry_tokens)):
            return False
        ids = [self._skel_id.get(skeleton(canon(e)), -1) for _q, e, _k in pairs]
        if ids[0] < 0 or ids[1] < 0:
            return False
        key = _pair_key(ids[0], ids[1]) if ids[0] != ids[1] else _pair_key(0, ids[0])
        lo = np.searchsorted(self._pair_keys, key, "left")
        hi = np.searchsorted(self._pair_keys, key, "right")
        return int(hi - lo) > PARTIAL_COMMON_ROWS

    def _widened(self, ids, tokens, full_dob):
        """Keys with each token's skeleton replaced by the skeletons one edit away."""
        if self._neighbours is None:
            self._neighbours = _deletion_map(self._skel)
        near: list[list[int]] = []
        for t in tokens[:MAX_TOKENS]:
            s = skeleton(canon(t))
            found = set(self._neighbours.get(s, ()))
            for i in range(len(s)):
                found.update(self._neighbours.get(s[:i] + s[i + 1 :], ()))
            near.append(sorted(found))
        pair_keys: list[int] = []
        dob_keys: list[int] = []
        for i, options in enumerate(near):
            others = list(dict.fromkeys(x for j, x in enumerate(ids) if j != i and x >= 0))
            for alt in options:
                if alt == ids[i]:
                    continue
                pair_keys.extend(_pair_key(alt, o) for o in others if o != alt)
                if len(ids) == 1:
                    pair_keys.append(_pair_key(0, alt))
                if full_dob:
                    dob_keys.append((alt << _DOB_SHIFT) | full_dob)
        return pair_keys, dob_keys


def _pair_key(a: int, b: int) -> int:
    if a > b:
        a, b = b, a
    return (a << _PAIR_SHIFT) | b


def _pair_keys(ids: list[int]) -> list[int]:
    if len(ids) == 1:
        return [_pair_key(0, ids[0])]
    return [_pair_key(a, b) for a, b in combinations(ids, 2)]


def _sorted(keys: list[int], rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    k = np.fromiter(keys, np.int64, len(keys))
    r = np.fromiter(rows, np.int32, len(rows))
    order = np.argsort(k, kind="stable")
    return k[order], r[order]


def _deletion_map(skels: list[str]) -> dict[str, list[int]]:
    """skeleton or one-deletion of it -> skeleton ids: ids within one edit of s are those filed
    under s and under any deletion of s."""
    out: dict[str, list[int]] = {}
    for sid, s in enumerate(skels):
        if not s:
            continue
        out.setdefault(s, []).append(sid)
        for i in range(len(s)):
            d = s[:i] + s[i + 1 :]
            if d:
                out.setdefault(d, []).append(sid)
    return out


def screen(
    index: ScreeningIndex, *, name: str, dob=None, nationality=None, passport=None, limit: int = 10
) -> list[Candidate]:
    """Convenience wrapper."""
    return index.search(
        Person(name, dob, nationality, norm_passport(passport) or None), limit=limit
    )
