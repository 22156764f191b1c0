"""Timing helpers of the issue-check scripts (reduction_checks.py, moving_checks.py): best
of several calls in one process, and peers imported when installed."""

from __future__ import annotations

import importlib
import time

# A sample lasts at least this long: calls of a few microseconds are timed in loops, so
# that the clock's own cost (~0.1 us a reading) does not narrow their ratios.
SAMPLE_S = 2e-4


def best(function, *args, budget=1.0, least=3, **kwargs):
    """Best seconds per call of function(*args, **kwargs) over ``least`` samples or
    ``budget`` seconds, whichever is more, after one warm-up call; a sample times as many
    calls in a row as last SAMPLE_S."""
    start = time.perf_counter()
    function(*args, **kwargs)
    calls = max(1, int(SAMPLE_S / max(time.perf_counter() - start, 1e-9)))
    times, deadline = [], time.perf_counter() + budget
    while len(times) < least or time.perf_counter() < deadline:
        start = time.perf_counter()
        for _ in range(calls):
            function(*args, **kwargs)
        times.append((time.perf_counter() - start) / calls)
    return min(times)


def optional(name):
    """The module ``name``, or None where it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
