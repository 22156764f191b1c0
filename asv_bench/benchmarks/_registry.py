"""The benchmark class behind every benchmark, over the one table of calls.

Each public function has one entry in ``parafunc._report.FUNCTIONS`` (the table of
``python -m parafunc``): how parafunc and its peers (bottleneck, numbagg) call it, and
the NumPy formulation a user without them would write. The family modules (``reduce.py``,
``moving.py``, named like ``parafunc/reduce.py`` and ``parafunc/moving.py``) hold one
class per function, named like the function, that only picks its entry: adding a
function is a line in that table and two lines here, and a peer's benchmark cannot time
another function than parafunc's.

Peers are imported in ``setup``, not at module import, so that a missing one skips its
benchmarks (``NotImplementedError``, as asv expects) and an installed one (numbagg brings
numba and LLVM, ~100 MB resident) does not weigh on the others' ``peakmem_`` figures.
"""

from __future__ import annotations

import abc
import importlib
import os
import tracemalloc
from functools import partial
from typing import ClassVar

import numpy as np

import parafunc
from parafunc import _report

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
# Many short series, for the reductions (ReductionBenchmarks): costs per series, which
# along the last axis the engine spreads by copying series side by side into tiles.
SHORT_SERIES_CASES = {
    "(250000, 4) axis=-1": ((250_000, 4), -1),
}


# The calls to time: the same table as ``python -m parafunc`` (parafunc/_report.py), so
# that the report and the benchmarks cannot time different things.
FUNCTIONS = {function.name: function for function in _report.FUNCTIONS}


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
        shape, self.axis = {**CASES, **SHORT_SERIES_CASES}[case]
        self.restore = None
        if library == "numpy":
            if threads != 1:
                raise NotImplementedError("NumPy has no thread count: its figures are at 1")
            if entry.numpy is None:
                raise NotImplementedError(f"no NumPy formulation of {self.function} fits")
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
