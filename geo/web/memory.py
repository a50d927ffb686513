"""Memory management for the server's large views.

The dashboard builds a view of 100,000 incidents as millions of small dicts and
lists, and keeps a few such views cached. Python's cycle collector then costs
the server twice: while a view is built it runs again and again over the
growing heap (about a third of the first open at that size), and afterwards each
full collection walks every cached object again, a pause of 1-1.5 s that came
many times a minute at 100,000 events (24 s of pauses in one 90-second timing
run). :func:`no_cycle_collection` turns the collector off while a view is
built and then freezes what exists (``gc.freeze``): later collections skip it.
Cached views hold no reference cycles, so a frozen view dropped from its cache
is still freed at once. Other cyclic garbage that happened to be alive at a
freeze is reclaimed by a full collection at most every :data:`RECLAIM_EVERY`
seconds.
"""
from __future__ import annotations

import contextlib
import gc
import threading
import time

#: Seconds between two full collections of what earlier freezes kept (see the module docstring).
RECLAIM_EVERY = 600
_last_reclaim = time.monotonic()
_lock = threading.Lock()


@contextlib.contextmanager
def no_cycle_collection():
    """Run the block with Python's cycle collector off; freeze what exists after it, then turn the
    collector on again.

    What the block drops is still freed at once (reference counting); only
    cycles wait for the collector. With several threads, whichever turned the
    collector off turns it on again, so it is never left off.

    Examples
    --------
    >>> import gc
    >>> with no_cycle_collection():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        _settle()
        if was:
            gc.enable()


def _settle() -> None:
    """Collect the young generations and freeze everything left; now and then, first unfreeze
    and collect everything, so cycles frozen by chance are not kept for ever."""
    global _last_reclaim
    with _lock:
        if time.monotonic() - _last_reclaim >= RECLAIM_EVERY:
            gc.unfreeze()
            gc.collect()
            _last_reclaim = time.monotonic()
        else:
            gc.collect(1)
        gc.freeze()
