"""The one table behind every benchmark, and the benchmark class that iterates it.

Each public function has one entry: how parafunc and its peers (bottleneck, numbagg) call
it, and the NumPy formulation a user without them would write. The family modules
(``reduce.py``, ``moving.py``, named like ``parafunc/reduce.py`` and ``parafunc/moving.py``)
hold one class per function, named like the function, that only picks its entry: adding a
function is a line here and two lines there, and a peer's benchmark cannot time another
function than parafunc's.

Peers are imported in ``setup``, not at module import, so that a missing one skips its
benchmarks (``NotImplementedError``, as asv expects) and an installed one (numbagg brings
numba and LLVM, ~100 MB resident) does not weigh on the others' ``peakmem_`` figures.
"""

from __future__ import annotations

import abc
import importlib
import os
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import ClassVar

import numpy as np

import parafunc

WINDOW = 20  # a typical moving window: a month of trading days
NAN_FRACTION = 0.01

LIBRARIES = ["parafunc", "numpy", "bottleneck", "numbagg"]
# "all" is every CPU this process may run on; a param rather than a number so that results
# from machines with different core counts line up.
THREADS = [1, "all"]
# Name -> (shape, axis). The first three are realistic sizes; the last measures per-call
# overhead, which dominates for the small arrays pandas and xarray often pass.
CASES = {
    "(1000, 10000) axis=-1": ((1000, 10000), -1),
    "(1000, 10000) axis=0": ((1000, 10000), 0),
    "(10000000,)": ((10_000_000,), -1),
    "(10,)": ((10,), -1),
}


def numpy_move_mean(a, window, min_count=None, axis=-1):
    """Moving mean in NumPy alone: running sums of the NaN-zeroed values and of the non-NaN
    counts, differenced ``window`` apart. This is the fast NumPy way (sliding_window_view +
    nanmean copies ``window`` times the input); it still allocates several temporaries the
    size of the input, which is what the memory benchmarks show."""
    min_count = window if min_count is None else min_count
    valid = ~np.isnan(a)
    sums = np.cumsum(np.where(valid, a, 0.0), axis=axis)
    counts = np.cumsum(valid, axis=axis, dtype=np.intp)
    lead = [slice(None)] * a.ndim
    lag = [slice(None)] * a.ndim
    lead[axis] = slice(window, None)
    lag[axis] = slice(None, -window)
    sums[tuple(lead)] -= sums[tuple(lag)]
    counts[tuple(lead)] -= counts[tuple(lag)]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
    means[counts < min_count] = np.nan
    return means


def _window(a, axis):
    return min(WINDOW, a.shape[axis])


def _call_with_axis(f, a, axis):
    return f(a, axis=axis)


@dataclass(frozen=True)
class Function:
    """How each library computes one function on ``(a, axis)``."""

    numpy: Callable  # (a, axis) -> result, the NumPy formulation
    # (library's function, a, axis) -> result, for parafunc and the peers alike ...
    call: Callable = _call_with_axis
    # ... except a peer whose signature differs, which gets its own.
    peer_calls: dict[str, Callable] = field(default_factory=dict)


def _numbagg_ddof0(f, a, axis):
    """numbagg's nanvar and nanstd default to ddof=1; the others' to 0."""
    return f(a, axis=axis, ddof=0)


FUNCTIONS = {
    "nansum": Function(numpy=lambda a, axis: np.nansum(a, axis=axis)),
    "nanmean": Function(numpy=lambda a, axis: np.nanmean(a, axis=axis)),
    "nanvar": Function(
        numpy=lambda a, axis: np.nanvar(a, axis=axis), peer_calls={"numbagg": _numbagg_ddof0}
    ),
    "nanstd": Function(
        numpy=lambda a, axis: np.nanstd(a, axis=axis), peer_calls={"numbagg": _numbagg_ddof0}
    ),
    "nanmin": Function(numpy=lambda a, axis: np.nanmin(a, axis=axis)),
    "nanmax": Function(numpy=lambda a, axis: np.nanmax(a, axis=axis)),
    "nanargmin": Function(numpy=lambda a, axis: np.nanargmin(a, axis=axis)),
    "nanargmax": Function(numpy=lambda a, axis: np.nanargmax(a, axis=axis)),
    "ss": Function(numpy=lambda a, axis: np.sum(a * a, axis=axis)),
    "anynan": Function(numpy=lambda a, axis: np.isnan(a).any(axis=axis)),
    "allnan": Function(numpy=lambda a, axis: np.isnan(a).all(axis=axis)),
    "nancount": Function(numpy=lambda a, axis: np.count_nonzero(~np.isnan(a), axis=axis)),
    "move_mean": Function(
        numpy=lambda a, axis: numpy_move_mean(a, _window(a, axis), axis=axis),
        call=lambda f, a, axis: f(a, _window(a, axis), axis=axis),
        # numbagg's moving functions take the window by keyword only.
        peer_calls={"numbagg": lambda f, a, axis: f(a, window=_window(a, axis), axis=axis)},
    ),
}


def all_threads() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def make_array(shape, seed=0):
    """float64 normal values with about 1% NaN, the same for every library.

    The NaN positions are drawn as indices rather than from a uniform array the size of
    the input: that temporary would set the process's peak memory before any benchmark
    runs and hide what the ``peakmem_`` benchmarks are there to show."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    a.flat[rng.integers(0, a.size, int(a.size * NAN_FRACTION))] = np.nan
    return a


class FunctionBenchmarks(abc.ABC):
    """Time and memory of one registry function for every library, case and thread count.

    Subclasses set ``function`` to a key of ``FUNCTIONS``; asv names the benchmarks after
    the subclass (``reduce.nansum.time_call``). Abstract until then, which is also how asv
    knows not to run this class itself.
    """

    params: ClassVar = [LIBRARIES, list(CASES), THREADS]
    param_names: ClassVar = ["library", "case", "threads"]
    timeout = 180

    @property
    @abc.abstractmethod
    def function(self) -> str:
        """The key of ``FUNCTIONS`` that this class measures."""

    def setup(self, library, case, threads):
        entry = FUNCTIONS[self.function]
        shape, self.axis = CASES[case]
        self.restore = None
        if library == "numpy":
            if threads != 1:
                raise NotImplementedError("NumPy has no thread count: its figures are at 1")
            self.compute = entry.numpy
        elif library == "parafunc":
            before = parafunc.get_num_threads()
            parafunc.set_num_threads(all_threads() if threads == "all" else threads)
            self.restore = lambda: parafunc.set_num_threads(before)
            self.compute = partial(entry.call, getattr(parafunc, self.function))
        else:
            try:
                module = importlib.import_module(library)
            except ImportError:
                raise NotImplementedError(f"{library} is not installed") from None
            if not hasattr(module, self.function):
                raise NotImplementedError(f"{library} has no {self.function}")
            self.restore = self._set_peer_threads(library, threads)
            call = entry.peer_calls.get(library, entry.call)
            self.compute = partial(call, getattr(module, self.function))
        self.a = make_array(shape)
        self.compute(self.a, self.axis)  # warm-up: numbagg compiles on its first call

    @staticmethod
    def _set_peer_threads(library, threads):
        """numbagg runs on numba's thread pool, the others on one thread."""
        if library != "numbagg":
            if threads != 1:
                raise NotImplementedError(f"{library} has no thread count: its figures are at 1")
            return None
        import numba

        before = numba.get_num_threads()
        wanted = all_threads() if threads == "all" else threads
        numba.set_num_threads(min(wanted, numba.config.NUMBA_NUM_THREADS))
        return lambda: numba.set_num_threads(before)

    def teardown(self, library, case, threads):
        if self.restore is not None:
            self.restore()

    def time_call(self, library, case, threads):
        self.compute(self.a, self.axis)

    def peakmem_call(self, library, case, threads):
        """Peak resident memory of the process (the input and the libraries included):
        sees every allocation, also C++ and numba scratch that tracemalloc does not."""
        self.compute(self.a, self.axis)

    def track_temporary_bytes(self, library, case, threads):
        """Peak bytes allocated through NumPy (traced by tracemalloc) during one call, beyond
        the result it returns: the temporaries. NumPy's nan-functions copy the input; the
        contract is that parafunc allocates nothing proportional to it."""
        tracemalloc.start()
        try:
            result = self.compute(self.a, self.axis)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return max(0, peak - np.asarray(result).nbytes)

    track_temporary_bytes.unit = "bytes"
