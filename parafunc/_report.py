"""``python -m parafunc``: is parafunc worth it on this machine?

Times every public function against NumPy, and against bottleneck and numbagg where they
are installed, on realistic sizes and on a tiny array (where per-call overhead is all there
is), with parafunc at all threads and at one, and prints one table of times and speedups.
Everything runs in this one process, the implementations one after another on the same
data, so the ratios are fair even on a machine too noisy for absolute times.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import math
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np

import parafunc

WINDOW = 20  # a typical moving window: a month of trading days
ALPHA = 0.1  # a typical exponential window: about ten steps of memory
QUARTILES = [0.25, 0.5, 0.75]  # the quantiles of nanquantile's measurements
PERCENTILES = [25.0, 50.0, 75.0]
NAN_FRACTION = 0.01
PEERS = ("bottleneck", "numbagg")


def _numpy_window_sums(values, valid, window, axis):
    """Sums of ``values`` and counts of ``valid`` over each window, the first window - 1
    positions included, by running sums differenced ``window`` apart, as a NumPy user would
    write them (allocating several input-sized temporaries)."""
    sums = np.cumsum(np.where(valid, values, 0.0), axis=axis)
    counts = np.cumsum(valid, axis=axis, dtype=np.intp)
    lead = [slice(None)] * values.ndim
    lag = [slice(None)] * values.ndim
    lead[axis], lag[axis] = slice(window, None), slice(None, -window)
    sums[tuple(lead)] -= sums[tuple(lag)]
    counts[tuple(lead)] -= counts[tuple(lag)]
    return sums, counts


def numpy_move_mean(a, window, axis=-1, statistic="mean"):
    """The moving sum, mean, var or std (ddof=1) by running sums (sliding_window_view +
    nanmean would copy the input ``window`` times); NaN where a window is not full of
    numbers."""
    valid = ~np.isnan(a)
    sums, counts = _numpy_window_sums(a, valid, window, axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        if statistic == "sum":
            result = sums
        elif statistic == "mean":
            result = sums / counts
        else:  # the textbook formula, which cancels on large offsets
            squares, _ = _numpy_window_sums(a * a, valid, window, axis)
            result = np.maximum(squares - sums * sums / counts, 0.0) / (counts - 1)
            result = np.sqrt(result) if statistic == "std" else result
    result[counts < window] = np.nan
    return result


def numpy_move_reduce(a, window, axis, reduce):
    """``reduce`` (e.g. np.min) over a sliding_window_view, NaN before the first full window
    and for windows holding a NaN: no copy of the input, but every window read anew
    (O(window) per element)."""
    view = np.lib.stride_tricks.sliding_window_view(a, window, axis=axis)
    result = np.full(a.shape, np.nan)
    inner = [slice(None)] * a.ndim
    inner[axis] = slice(window - 1, None)
    result[tuple(inner)] = reduce(view, axis=-1)
    return result


def _newest_first(argreduce):
    """An arg-reduction counting back from the window's end (the newest of equal values),
    NaN for a window holding a NaN."""

    def reduce(view, axis):
        steps_back = argreduce(view[..., ::-1], axis=axis).astype(np.float64)
        steps_back[np.isnan(view).any(axis=axis)] = np.nan
        return steps_back

    return reduce


def numpy_decayed_sums(terms, decay, axis=-1):
    """For each i, the sum over k <= i of ``decay**(i - k) * terms[k]`` along ``axis``: the
    recursion s = decay * s + term as a NumPy user writes it without a compiled loop, in
    blocks of b ~ sqrt(n) steps: the recursion from 0 inside every block at once (a loop
    of b steps over whole arrays), then each block's start (a loop over the blocks' last
    sums), added with its decay. A Python loop of ~2 sqrt(n) steps, not n; several
    input-sized temporaries."""
    x = np.moveaxis(np.asarray(terms, dtype=np.float64), axis, -1)
    outer, n = x.shape[:-1], x.shape[-1]
    width = max(1, math.isqrt(n))
    blocks = -(-n // width)
    padded = np.zeros(outer + (blocks * width,))
    padded[..., :n] = x
    # (width, *outer, blocks): step k of every block, contiguous.
    sums = np.moveaxis(padded.reshape(outer + (blocks, width)), -1, 0).copy()
    for k in range(1, width):
        sums[k] += sums[k - 1] * decay
    starts = np.zeros(outer + (blocks,))
    for j in range(1, blocks):
        starts[..., j] = starts[..., j - 1] * decay**width + sums[-1][..., j - 1]
    powers = decay ** np.arange(1.0, width + 1.0)
    sums += powers.reshape((width,) + (1,) * (len(outer) + 1)) * starts
    return np.moveaxis(np.moveaxis(sums, 0, -1).reshape(padded.shape)[..., :n], -1, axis)


def numpy_move_exp(name, a, b=None, alpha=0.1, axis=-1):
    """numbagg's exponential moving windows from decayed sums (numpy_decayed_sums), with
    its formulas; NaN where fewer than two elements have come for the (co)variances."""
    b = a if b is None else b
    valid = ~(np.isnan(a) | np.isnan(b))
    decay = 1.0 - alpha

    def decayed(terms, rate=decay):
        return numpy_decayed_sums(np.where(valid, terms, 0.0), rate, axis)

    total = decayed(1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if name == "move_exp_nancount":
            return total
        if name == "move_exp_nansum":
            return np.where(np.cumsum(valid, axis=axis) > 0, decayed(a), np.nan)
        mean_a = decayed(a) / total
        if name == "move_exp_nanmean":
            return mean_a
        mean_b = decayed(b) / total
        covariance = decayed(a * b) / total - mean_a * mean_b
        if name == "move_exp_nancorr":
            var_a = decayed(a * a) / total - mean_a**2
            var_b = decayed(b * b) / total - mean_b**2
            result = covariance / np.sqrt(var_a * var_b)
        else:
            result = covariance / (1.0 - decayed(1.0, decay * decay) / total**2)
            result = np.sqrt(result) if name == "move_exp_nanstd" else result
        return np.where(np.cumsum(valid, axis=axis) >= 2, result, np.nan)


def numpy_move_cov(a, b, window, axis=-1, correlation=False):
    """The moving covariance (or correlation) as a NumPy user would write it: running sums
    of the pairs with no NaN, of their products and squares, differenced ``window`` apart.
    Allocates several input-sized temporaries, and cancels where the values are far from 0."""
    valid = ~(np.isnan(a) | np.isnan(b))
    x, y = np.where(valid, a, 0.0), np.where(valid, b, 0.0)
    lead = [slice(None)] * a.ndim
    lag = [slice(None)] * a.ndim
    lead[axis], lag[axis] = slice(window, None), slice(None, -window)

    def window_sums(v):
        sums = np.cumsum(v, axis=axis)
        sums[tuple(lead)] -= sums[tuple(lag)].copy()
        return sums

    n = window_sums(valid.astype(np.float64))
    sx, sy, sxy = window_sums(x), window_sums(y), window_sums(x * y)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sxy - sx * sy / n
        if correlation:
            cov /= np.sqrt((window_sums(x * x) - sx * sx / n) * (window_sums(y * y) - sy * sy / n))
        else:
            cov /= n - 1
    cov[n < max(window, 2)] = np.nan
    return cov


def _partner(a):
    """The second array of the two-input functions (move_cov, move_exp_nancov, ...): ``a``
    reversed along its first axis, a view (no allocation to time)."""
    return a[::-1]


def numpy_push(a, axis=-1, backward=False):
    """Forward (backward) fill as a NumPy user writes it: the running maximum (minimum,
    from the end) of the positions of the non-NaN elements, then the values there."""
    n = a.shape[axis]
    shape = [1] * a.ndim
    shape[axis] = n
    positions = np.arange(n).reshape(shape)
    if backward:
        source = np.where(np.isnan(a), n - 1, positions)
        source = np.flip(np.minimum.accumulate(np.flip(source, axis), axis=axis), axis)
    else:
        source = np.maximum.accumulate(np.where(np.isnan(a), 0, positions), axis=axis)
    return np.take_along_axis(a, source, axis)


def numpy_replace(a, old, new):
    """bottleneck's replace as a NumPy user writes it: a mask, then an assignment."""
    np.putmask(a, np.isnan(a) if old != old else a == old, new)
    return a


def _replace_call(f, a, axis):
    """replace NaN with NaN (in place: the shared test array stays as it is) in ``a`` with
    ``axis`` moved last (for axis 0, the transposed view)."""
    return f(np.moveaxis(a, axis, -1), np.nan, np.nan)


def _window(a, axis):
    return min(WINDOW, a.shape[axis])


def _numpy_pairs(correlation):
    """numpy_move_cov as a report entry's (a, axis) -> result."""
    return lambda a, axis: numpy_move_cov(a, _partner(a), _window(a, axis), axis, correlation)


def _middle(a, axis):
    """kth of the partitions: the middle of the axis."""
    return a.shape[axis] // 2


@dataclass(frozen=True)
class Function:
    """How each library computes one public function on ``(a, axis)``."""

    name: str
    # (a, axis) -> result: what a user without parafunc writes; None where that would not
    # fit in memory at the report's sizes.
    numpy: Callable | None
    # (the library's function, a, axis) -> result, for parafunc and the peers alike ...
    call: Callable = lambda f, a, axis: f(a, axis=axis)
    # ... except a peer whose signature differs.
    peer_calls: dict[str, Callable] = field(default_factory=dict)
    # (result, a, axis) -> what must agree between libraries, where results may
    # rightly differ (the order within a partition, the ranks among NaN).
    comparable: Callable = lambda result, a, axis: result


def _moving_call(f, a, axis):
    return f(a, _window(a, axis), axis=axis)


def _numbagg_moving_call(f, a, axis):
    """numbagg's moving functions take the window by keyword only."""
    return f(a, window=_window(a, axis), axis=axis)


def _numbagg_ddof0(f, a, axis):
    """numbagg's nanvar and nanstd default to ddof=1; parafunc's and NumPy's to 0."""
    return f(a, axis=axis, ddof=0)


def _exponential(name, arrays=1):
    """An exponential window's entry: alpha = ALPHA; a second array for cov and corr."""

    def second(a):
        return (_partner(a),) if arrays == 2 else ()

    return Function(
        name,
        numpy=lambda a, axis: numpy_move_exp(name, a, *second(a), alpha=ALPHA, axis=axis),
        call=lambda f, a, axis: f(a, *second(a), ALPHA, axis=axis),
        # numbagg takes alpha by keyword only.
        peer_calls={"numbagg": lambda f, a, axis: f(a, *second(a), alpha=ALPHA, axis=axis)},
    )


# One entry per public function (tests/test_report.py checks that none is missing); the
# asv benchmarks (asv_bench/benchmarks/_registry.py) time the same calls.
FUNCTIONS = (
    Function("nansum", numpy=lambda a, axis: np.nansum(a, axis=axis)),
    Function("nanmean", numpy=lambda a, axis: np.nanmean(a, axis=axis)),
    Function(
        "nanvar",
        numpy=lambda a, axis: np.nanvar(a, axis=axis),
        peer_calls={"numbagg": _numbagg_ddof0},
    ),
    Function(
        "nanstd",
        numpy=lambda a, axis: np.nanstd(a, axis=axis),
        peer_calls={"numbagg": _numbagg_ddof0},
    ),
    Function("nanmin", numpy=lambda a, axis: np.nanmin(a, axis=axis)),
    Function("nanmax", numpy=lambda a, axis: np.nanmax(a, axis=axis)),
    Function("nanargmin", numpy=lambda a, axis: np.nanargmin(a, axis=axis)),
    Function("nanargmax", numpy=lambda a, axis: np.nanargmax(a, axis=axis)),
    Function("ss", numpy=lambda a, axis: np.sum(a * a, axis=axis)),
    Function("anynan", numpy=lambda a, axis: np.isnan(a).any(axis=axis)),
    Function("allnan", numpy=lambda a, axis: np.isnan(a).all(axis=axis)),
    Function("nancount", numpy=lambda a, axis: np.count_nonzero(~np.isnan(a), axis=axis)),
    Function("median", numpy=lambda a, axis: np.median(a, axis=axis)),
    Function("nanmedian", numpy=lambda a, axis: np.nanmedian(a, axis=axis)),
    Function(
        "nanquantile",
        numpy=lambda a, axis: np.nanquantile(a, QUARTILES, axis=axis),
        call=lambda f, a, axis: f(a, QUARTILES, axis=axis),  # numbagg's too
    ),
    Function(
        "nanpercentile",
        numpy=lambda a, axis: np.nanpercentile(a, PERCENTILES, axis=axis),
        call=lambda f, a, axis: f(a, PERCENTILES, axis=axis),
    ),
    Function(
        "move_sum",
        numpy=lambda a, axis: numpy_move_mean(a, _window(a, axis), axis, "sum"),
        call=_moving_call,
        peer_calls={"numbagg": _numbagg_moving_call},
    ),
    Function(
        "move_mean",
        numpy=lambda a, axis: numpy_move_mean(a, _window(a, axis), axis, "mean"),
        call=_moving_call,
        peer_calls={"numbagg": _numbagg_moving_call},
    ),
    Function(
        "move_var",
        numpy=lambda a, axis: numpy_move_mean(a, _window(a, axis), axis, "var"),
        # ddof=1: numbagg's, which takes no ddof.
        call=lambda f, a, axis: f(a, _window(a, axis), axis=axis, ddof=1),
        peer_calls={"numbagg": _numbagg_moving_call},
    ),
    Function(
        "move_std",
        numpy=lambda a, axis: numpy_move_mean(a, _window(a, axis), axis, "std"),
        # ddof=1: numbagg's, which takes no ddof.
        call=lambda f, a, axis: f(a, _window(a, axis), axis=axis, ddof=1),
        peer_calls={"numbagg": _numbagg_moving_call},
    ),
    Function(
        "move_min",
        numpy=lambda a, axis: numpy_move_reduce(a, _window(a, axis), axis, np.min),
        call=_moving_call,
        peer_calls={"numbagg": _numbagg_moving_call},
    ),
    Function(
        "move_max",
        numpy=lambda a, axis: numpy_move_reduce(a, _window(a, axis), axis, np.max),
        call=_moving_call,
        peer_calls={"numbagg": _numbagg_moving_call},
    ),
    Function(
        "move_argmin",
        numpy=lambda a, axis: numpy_move_reduce(
            a, _window(a, axis), axis, _newest_first(np.argmin)
        ),
        call=_moving_call,
        peer_calls={"numbagg": _numbagg_moving_call},
    ),
    Function(
        "move_argmax",
        numpy=lambda a, axis: numpy_move_reduce(
            a, _window(a, axis), axis, _newest_first(np.argmax)
        ),
        call=_moving_call,
        peer_calls={"numbagg": _numbagg_moving_call},
    ),
    # NumPy's nanmedian and nanquantile over a sliding_window_view copy every window
    # (window x the input's memory): no NumPy formulation is timed for these.
    Function("move_median", numpy=None, call=_moving_call),
    Function(
        "move_quantile",
        numpy=None,
        call=lambda f, a, axis: f(a, _window(a, axis), 0.25, axis=axis),
    ),
    Function("move_rank", numpy=None, call=_moving_call),
    # NumPy has no averaged ranks (scipy.stats.rankdata is SciPy's; a double argsort gives
    # ordinal ranks only): no NumPy formulation is timed for these.
    # bottleneck ranks NaN among themselves in NumPy's argsort order, parafunc by position.
    Function("rankdata", numpy=None, comparable=lambda r, a, axis: np.where(a == a, r, np.nan)),
    Function("nanrankdata", numpy=None),
    # Any order within the two sides of kth is a right answer: compared sorted.
    Function(
        "partition",
        numpy=lambda a, axis: np.partition(a, _middle(a, axis), axis=axis),
        call=lambda f, a, axis: f(a, _middle(a, axis), axis=axis),
        comparable=lambda r, a, axis: np.sort(r, axis=axis),
    ),
    Function(
        "argpartition",
        numpy=lambda a, axis: np.argpartition(a, _middle(a, axis), axis=axis),
        call=lambda f, a, axis: f(a, _middle(a, axis), axis=axis),
        comparable=lambda r, a, axis: np.sort(
            np.take_along_axis(a, r, axis=-1 if axis is None else axis), axis=axis
        ),
    ),
    _exponential("move_exp_nanmean"),
    _exponential("move_exp_nansum"),
    _exponential("move_exp_nancount"),
    _exponential("move_exp_nanvar"),
    _exponential("move_exp_nanstd"),
    _exponential("move_exp_nancov", arrays=2),
    _exponential("move_exp_nancorr", arrays=2),
    *(
        Function(
            name,
            numpy=_numpy_pairs(correlation=name == "move_corr"),
            call=lambda f, a, axis: f(a, _partner(a), _window(a, axis), axis=axis),
            peer_calls={
                "numbagg": lambda f, a, axis: f(a, _partner(a), window=_window(a, axis), axis=axis)
            },
        )
        for name in ("move_cov", "move_corr")
    ),
    Function("push", numpy=numpy_push),
    Function("ffill", numpy=numpy_push),
    Function("bfill", numpy=lambda a, axis: numpy_push(a, axis, backward=True)),
    Function(
        "replace",
        numpy=partial(_replace_call, numpy_replace),
        call=_replace_call,
    ),
)


@dataclass(frozen=True)
class Case:
    shape: tuple[int, ...]
    axis: int

    @property
    def label(self) -> str:
        return f"{self.shape} axis={self.axis}" if len(self.shape) > 1 else f"{self.shape}"


# float64 with 1% NaN: a frame of 1000 series x 1000 steps along both axes, one long
# series, and a length-10 array for the per-call overhead that small pandas/xarray calls pay.
# (1e6 elements: large enough for every thread, small enough that the peers' and NumPy's
# slowest calls, bottleneck's move_rank among them, keep the report within a minute; the
# asv benchmarks time 1e7.)
CASES = (Case((1000, 1000), -1), Case((1000, 1000), 0), Case((10**6,), -1), Case((10,), -1))
QUICK_CASES = (Case((100, 1000), -1), Case((100, 1000), 0), Case((10**5,), -1), Case((10,), -1))
# Sampling time of the whole report, shared by every implementation and case (each gets
# at most MAX_BUDGET_S). The rest is first calls: ~15 s of NumPy's slow ones, and ~27 s of
# numbagg compiling (numba, on every run: its nanmedian alone takes ~17 s), so that the
# whole report stays under a minute on 2 cores (50-60 s with 6 s here, on a shared
# machine: 4 s leaves a margin).
TOTAL_BUDGET_S = 4.0
MAX_BUDGET_S = 0.3
QUICK_BUDGET_S = 0.005
MIN_ROUNDS = 3  # a call is taken best of 3 at least ...
SLOW_CALL_S = 0.03  # ... unless it takes longer (NumPy's nanmedian: ~0.5 s): then once
JIT_COMPILED = {"numbagg"}  # whose first call compiles, and so is never a sample
MAX_ROUNDS = 50
SAMPLE_FLOOR_S = 0.002  # loop fast calls so that a sample dwarfs the timer's resolution


@dataclass(frozen=True)
class Implementation:
    label: str  # the column header
    run: Callable  # (a, axis) -> result
    threads: int | None = None  # parafunc's thread count while it runs; None: not parafunc


def implementations(function, threads, peers):
    """parafunc at ``threads`` and at 1, NumPy, then each installed peer having the function."""
    ours = partial(function.call, getattr(parafunc, function.name))
    found = [Implementation("parafunc", ours, threads)]
    if threads > 1:  # else the same measurement twice
        found.append(Implementation("parafunc 1T", ours, 1))
    if function.numpy is not None:
        found.append(Implementation("numpy", function.numpy))
    for name, module in peers.items():
        if hasattr(module, function.name):
            call = function.peer_calls.get(name, function.call)
            found.append(Implementation(name, partial(call, getattr(module, function.name))))
    return found


def thread_count(impl):
    return parafunc.threads(impl.threads) if impl.threads else contextlib.nullcontext()


def calibrate(run):
    """(calls per sample, the first sample): enough calls that a sample lasts SAMPLE_FLOOR_S,
    found as timeit does."""
    loops = 1
    while (elapsed := _time_loops(run, loops)) < SAMPLE_FLOOR_S:
        loops = max(2 * loops, int(loops * 1.5 * SAMPLE_FLOOR_S / max(elapsed, 1e-9)))
    return loops, elapsed / loops


def best_times(timed, budget):
    """{label: best seconds per call} of warmed-up ``(impl, run, loops, first sample)``.

    Samples are taken in rounds, one of each implementation in turn, until ``budget`` is
    spent (at least MIN_ROUNDS): a disturbance from the rest of the machine then hits them
    all alike rather than one, and the best sample is the least disturbed. A call slower
    than SLOW_CALL_S keeps its one sample (its first call, but for a JIT-compiled
    library), so that the report stays within a minute."""
    best = {impl.label: first for impl, _, _, first in timed}
    again = [entry for entry in timed if entry[3] < SLOW_CALL_S]  # a slow call's sample stands
    deadline = time.perf_counter() + budget
    rounds = 1  # the calibration
    while again and (
        rounds < MIN_ROUNDS or (time.perf_counter() < deadline and rounds < MAX_ROUNDS)
    ):
        for impl, run, loops, _ in again:
            with thread_count(impl):
                best[impl.label] = min(best[impl.label], _time_loops(run, loops) / loops)
        rounds += 1
    return best


def _time_loops(run, loops):
    start = time.perf_counter()
    for _ in range(loops):
        run()
    return time.perf_counter() - start


def make_array(shape, rng):
    a = rng.standard_normal(shape)
    # NaN positions drawn as indices: no second input-sized array.
    a.flat[rng.integers(0, a.size, int(a.size * NAN_FRACTION))] = np.nan
    return a


class Progress:
    """``[3/24] nansum (1000, 10000) axis=0 bottleneck`` on stderr: rewritten in place on a
    terminal, one line per step otherwise (logs, CI)."""

    def __init__(self, total, stream=sys.stderr):
        self.total, self.done, self.width, self.stream = total, 0, 0, stream
        self.in_place = stream.isatty()

    def step(self, what):
        self.done += 1
        text = f"[{self.done}/{self.total}] {what}"
        if self.in_place:
            self.width = max(self.width, len(text))
            self.stream.write("\r" + text.ljust(self.width))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self):
        if self.in_place:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


def measure(functions, cases, threads, peers, budget):
    """{(function name, case label): {implementation label: seconds}}, and notes on
    implementations that failed or disagreed with parafunc."""
    plans = [(f, implementations(f, threads, peers)) for f in functions]
    steps = len(cases) * sum(len(impls) for _, impls in plans)
    budget = min(budget, TOTAL_BUDGET_S / steps) if budget > QUICK_BUDGET_S else budget
    progress = Progress(steps)
    times, notes = {}, []
    rng = np.random.default_rng(0)
    arrays = {case.shape: make_array(case.shape, rng) for case in cases}  # shared by all
    for function, impls in plans:
        for case in cases:
            what, expected, timed = f"{function.name} {case.label}", None, []
            for impl in impls:
                progress.step(f"{what} {impl.label}")
                run = partial(impl.run, arrays[case.shape], case.axis)
                try:
                    with thread_count(impl):
                        start = time.perf_counter()
                        result = run()  # warm-up: numbagg compiles here
                        first = time.perf_counter() - start
                        if first >= SLOW_CALL_S and impl.label not in JIT_COMPILED:
                            timed.append((impl, run, 1, first))  # too slow to call again
                        else:
                            timed.append((impl, run, *calibrate(run)))
                except Exception as error:
                    notes.append(f"{impl.label} {what} failed: {error!r}")
                    continue
                # Checks on the table and on determinism, not on accuracy (tests do that).
                if expected is None:
                    expected = result
                elif impl.threads and not np.array_equal(result, expected, equal_nan=True):
                    notes.append(f"{impl.label} {what} differs from {threads} threads")
                elif not np.allclose(
                    *(
                        function.comparable(r, arrays[case.shape], case.axis)
                        for r in (result, expected)
                    ),
                    rtol=1e-6,
                    atol=1e-6,
                    equal_nan=True,
                ):
                    notes.append(f"{impl.label} {what} disagrees with parafunc")
            times[function.name, case.label] = best_times(timed, budget * len(timed))
    progress.close()
    return times, notes


def format_time(seconds):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_table(times, columns, references):
    """Times, then how many times faster parafunc (all threads) is than each reference."""
    header = ["function", "case", *columns, *(f"vs {name}" for name in references)]
    lines = [header]
    for (name, case), row in times.items():
        ours = row.get("parafunc")
        cells = [name, case, *(format_time(row[c]) if c in row else "-" for c in columns)]
        for ref in references:
            cells.append(f"{row[ref] / ours:.3g}x" if ours and ref in row else "-")
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

    def render(cells):
        left = [c.ljust(w) for c, w in zip(cells[:2], widths[:2], strict=True)]
        right = [c.rjust(w) for c, w in zip(cells[2:], widths[2:], strict=True)]
        return "  ".join(left + right).rstrip()

    return [render(line) for line in lines]


def summarize(times, references, threads):
    """One line per reference: where parafunc wins, by how much, and where it loses."""
    lines = []
    for ref in references:
        ratios = {
            k: r[ref] / r["parafunc"] for k, r in times.items() if "parafunc" in r and ref in r
        }
        if not ratios:
            continue
        faster = sum(1 for r in ratios.values() if r > 1)
        geomean = math.exp(sum(math.log(r) for r in ratios.values()) / len(ratios))
        lines.append(
            f"parafunc ({threads} threads) vs {ref}: faster in {faster} of "
            f"{len(ratios)} cases, geometric mean {geomean:.3g}x"
        )
        lines += [f"    slower on {n} {c}: {r:.2g}x" for (n, c), r in ratios.items() if r < 1]
    return lines


def import_peers(threads):
    peers = {}
    for name in PEERS:
        try:
            peers[name] = importlib.import_module(name)
        except ImportError:
            continue
    if "numbagg" in peers:  # numbagg runs on numba's pool: give it the threads parafunc gets
        import numba

        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
    return peers


def header(threads, peers):
    """Thread and CPU counts (those this process may use, and the machine's), versions."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    machine = f" of {os.cpu_count()}" if cpus != os.cpu_count() else ""
    versions = [f"numpy {np.__version__}"]
    for name in PEERS:
        version = getattr(peers[name], "__version__", "?") if name in peers else "not installed"
        versions.append(f"{name} {version}")
    return (
        f"parafunc {parafunc.__version__}: {threads} thread{'s' * (threads > 1)}, "
        f"{cpus}{machine} CPUs; "
        f"{', '.join(versions)}; Python {platform.python_version()} on {platform.machine()}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m parafunc",
        description="Time parafunc against NumPy, bottleneck and numbagg on this machine.",
    )
    parser.add_argument("--quick", action="store_true", help="small arrays: a smoke test only")
    parser.add_argument(
        "--threads",
        type=int,
        metavar="N",
        help="threads for parafunc and numbagg; default: parafunc.get_num_threads()",
    )
    args = parser.parse_args(argv)
    if args.threads is not None and args.threads < 1:
        parser.error("--threads must be at least 1")
    threads = args.threads or parafunc.get_num_threads()
    peers = import_peers(threads)
    cases, budget = (QUICK_CASES, QUICK_BUDGET_S) if args.quick else (CASES, MAX_BUDGET_S)

    started = time.perf_counter()
    times, notes = measure(FUNCTIONS, cases, threads, peers, budget)
    references = ["numpy", *peers]
    columns = ["parafunc", *(["parafunc 1T"] if threads > 1 else []), *references]
    explanation = (
        f"Best time per call, float64 with {NAN_FRACTION:.0%} NaN, moving windows {WINDOW}, "
        f"move_exp_* alpha {ALPHA}. "
        + (f"'parafunc' runs {threads} threads, 'parafunc 1T' one" if threads > 1 else "One thread")
        + "; 'vs X': how many times faster 'parafunc' is than X (below 1: slower)."
    )
    table = format_table(times, columns, references)
    print(header(threads, peers), explanation, "", *table, "", sep="\n")
    print(*summarize(times, references, threads), *(f"note: {n}" for n in notes), sep="\n")
    print(f"measured in {time.perf_counter() - started:.1f} s")
    return 0
