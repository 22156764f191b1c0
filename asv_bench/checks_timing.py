"""Timing helpers of the issue-check scripts (reduction_checks.py, moving_checks.py): best
of several calls in one process, and peers imported when installed."""

from __future__ import annotations

import importlib
import time


def best(function, *args, budget=1.0, least=3, **kwargs):
    """Best seconds of function(*args, **kwargs) over ``least`` calls or ``budget``
    seconds, whichever is more, after one warm-up call."""
    function(*args, **kwargs)
    times, deadline = [], time.perf_counter() + budget
    while len(times) < least or time.perf_counter() < deadline:
        start = time.perf_counter()
        function(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times)


def optional(name):
    """The module ``name``, or None where it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
