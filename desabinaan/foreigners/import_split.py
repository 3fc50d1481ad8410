"""Cutting a large CSV import file so that several processes can check it at once.

The check of a row is pure Python and the database waits for it, so on a machine with more than
one core a large file is cut into parts at line ends and each part is checked by its own forked
process (importer.StayImporter.validate). A cut must not fall inside a quoted field that holds a
line break: in CSV a quote inside a field is written twice, so a position lies outside every
quoted field exactly when the number of quote characters before it is even."""

from __future__ import annotations

import mmap
from pathlib import Path

_CHUNK = 8 * 1024 * 1024


def _count(view, needle: bytes, start: int, end: int) -> int:
    """Occurrences of one byte in view[start:end], a chunk at a time (a file may be large)."""
    return sum(view[at : min(at + _CHUNK, end)].count(needle) for at in range(start, end, _CHUNK))


def split_points(path: Path, body_start: int, parts: int) -> list[tuple[int, int, int]]:
    """(start, end, number of the first line) of up to `parts` byte ranges that cover the file
    from `body_start` (the byte after the header line, which is line 1) to its end. Each range
    starts at a line start outside quotes; a file too short to cut gives fewer ranges."""
    size = path.stat().st_size
    ranges = []
    start, line = body_start, 2
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
        quotes = _count(view, b'"', 0, start)
        for i in range(1, parts):
            at = max(start, body_start + (size - body_start) * i // parts)
            quotes_at = quotes + _count(view, b'"', start, at)
            cut = None
            while (newline := view.find(b"\n", at)) != -1:
                quotes_at += _count(view, b'"', at, newline)
                at = newline + 1
                if quotes_at % 2 == 0:
                    cut = at
                    break
            if cut is None or cut >= size:
                break
            ranges.append((start, cut, line))
            line += _count(view, b"\n", start, cut)
            start, quotes = cut, quotes_at
    ranges.append((start, size, line))
    return ranges
