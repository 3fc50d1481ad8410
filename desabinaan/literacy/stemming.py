"""Indonesian words reduced to stems, the same way when a guide is indexed and when a resident
searches (so "perpanjangan", "memperpanjang" and "diperpanjang" meet at one stem).

Snowball's Indonesian stemmer (PyStemmer) does most of the work. Two gaps it leaves are closed
here:
- it strips one layer of prefix per pass: "memperpanjang" → "perpanjang" while "perpanjangan"
  → "panjang". We apply it until the word stops changing (at most three passes).
- nasal prefixes swallow the root's first consonant (me-/pe- + tipu → menipu, penipuan) and
  Snowball returns the rest ("ipu"). Where the stem starts with a vowel after such a prefix we
  index the restored roots as well (t-, p-, k-, s-), so "tipu" finds "penipuan".
Both are applied at index and query time alike; a variant that is not a real word costs nothing
but a token in the index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("indonesian")
_WORD = re.compile(r"[a-z0-9]+")
VOWELS = "aeiou"
# meN-/peN- before a vowel: the consonant the prefix may have swallowed.
_NASAL = (
    (("meny", "peny"), "s"),
    (("meng", "peng"), "k"),
    (("mem", "pem"), "p"),
    (("men", "pen"), "t"),
)
# Words too common to help a search; dropped from queries only (the index keeps everything).
STOPWORDS = frozenset(
    {
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "ini",
        "itu",
        "dengan",
        "atau",
        "tidak",
        "ada",
        "akan",
        "pada",
        "juga",
        "saya",
        "kami",
        "kita",
        "anda",
        "apa",
        "apakah",
        "bagaimana",
        "cara",
        "bisa",
        "harus",
        "jika",
        "kalau",
        "oleh",
        "sudah",
        "belum",
        "dalam",
        "tentang",
        "agar",
        "supaya",
        "karena",
        "saat",
        "bila",
        "the",
        "a",
        "of",
    }
)


def fold(text: str) -> str:
    """Lower case, accents removed (é → e), so "Umrah" and "umrah" are one word."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=20000)
def variants(word: str) -> tuple[str, ...]:
    """The stems a (folded) word is indexed and searched under, the main stem first."""
    stem = word
    for _ in range(3):
        shorter = _STEMMER.stemWord(stem)
        if shorter == stem or len(shorter) < 3:
            break
        stem = shorter
    found = [stem]
    if stem and stem[0] in VOWELS:
        for prefixes, consonant in _NASAL:
            if word.startswith(prefixes):
                found.append(consonant + stem)
                break
    return tuple(found)


def stem_text(text: str) -> str:
    """The text as the index stores it: every word's variants, space separated."""
    return " ".join(v for w in words(text) for v in variants(w))


def query_groups(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The query as (word typed, its variants) pairs, stopwords and repeats dropped."""
    groups: list[tuple[str, tuple[str, ...]]] = []
    seen: set[tuple[str, ...]] = set()
    for word in words(text):
        if word in STOPWORDS:
            continue
        vs = variants(word)
        if vs not in seen:
            seen.add(vs)
            groups.append((word, vs))
    return groups
