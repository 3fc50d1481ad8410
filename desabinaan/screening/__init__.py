"""Name screening and person linking: a pure-Python engine (no Django import; the foreigners app
feeds it rows and stores the results). See normalise.py (spelling), score.py (evidence and
reasons), index.py (candidate index, watch-list screening), link.py (grouping stays into persons).
"""

from .index import DEFAULT_THRESHOLD, Candidate, Entry, ScreeningIndex, screen
from .score import Match, Person, compare

__all__ = [
    "DEFAULT_THRESHOLD",
    "Candidate",
    "Entry",
    "Match",
    "Person",
    "ScreeningIndex",
    "compare",
    "screen",
]
