"""Bulk work (building an index, linking a million stays) allocates millions of small objects
that hold no reference cycles. Python's cycle collector, triggered by the allocation count alone,
would walk the whole heap again and again for nothing: measured at 1,000,000 stays, a quarter of
the linking time. It is paused for the duration; plain reference counting still frees memory."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
