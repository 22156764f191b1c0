"""Reference implementations for the registry (tests/registry.py), in the tests only.

The references are written for obviousness, not speed: explicit loops over the series
and the windows, exact arithmetic (math.fsum, Python integers, fractions, sorted lists),
and infinities decided by counting. A reference returns the exact result in float64
(integer and boolean results in the output dtype) together with a per-element *scale*
(the magnitude the rounding error of a correct float implementation may be proportional
to); the tolerances that use it are in the registry.

Reductions are written per series (``*_series(values, **params) -> (result, scale)``) and
turned into references of whole arrays by ``reduction``, which also decides the axis
rules (None, an int or a tuple of ints, keepdims) once for every function. Moving windows
are written per window (``move_*_window(values, largest, **params) -> (result, scale)``)
and turned into references by ``moving``, which walks the windows of every series once
for every function; ``integer_valued_moving`` is a vectorised exact reference of them for
long integer-valued inputs. A reference raises ``Raises`` where the function must raise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np


class Raises(Exception):
    """The function must raise ``error`` with a message matching the regex ``match``."""

    def __init__(self, error: type[Exception], match: str) -> None:
        super().__init__(error, match)
        self.error = error
        self.match = match


# ---------------------------------------------------------------------------------------
# Exact building blocks


def wrap_integer(total: int, dtype: np.dtype) -> int:
    """``total`` reduced modulo 2**bits into the signed range of ``dtype``."""
    bits = 8 * dtype.itemsize
    return (total + 2 ** (bits - 1)) % 2**bits - 2 ** (bits - 1)


def exact_sum(values: list[float]) -> float:
    """Sum of non-NaN floats, exact then rounded once; infinities decided by counting."""
    positive = any(v == math.inf for v in values)
    negative = any(v == -math.inf for v in values)
    if positive and negative:
        return math.nan
    if positive:
        return math.inf
    if negative:
        return -math.inf
    return math.fsum(values)


def as_integers(values: list[float]) -> tuple[list[int], int]:
    """Finite floats (or ints) as Python integers over one common power-of-two
    denominator: values[i] == integers[i] / denominator exactly."""
    ratios = [v.as_integer_ratio() for v in values]
    denominator = max((d for _, d in ratios), default=1)
    return [n * (denominator // d) for n, d in ratios], denominator


def to_float(x: Fraction) -> float:
    """The float nearest to ``x`` (correctly rounded), inf beyond the float64 range."""
    try:
        return float(x)  # int / int true division: correctly rounded
    except OverflowError:
        return math.copysign(math.inf, x)


def non_nan(series: np.ndarray) -> list[float]:
    """The non-NaN elements of a 1-D array as Python floats (ints as exact ints)."""
    if series.dtype.kind == "i":
        return [int(v) for v in series.tolist()]
    return [float(v) for v in series.tolist() if v == v]


def _mean_abs(values: list[float]) -> float:
    return math.fsum(abs(v) for v in values) / len(values) if values else 0.0


# ---------------------------------------------------------------------------------------
# Axes


def reduced_axes(ndim: int, axis: Any) -> tuple[int, ...]:
    """The non-negative axes that ``axis`` (None, an int or a tuple; valid) reduces."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        return tuple(sorted(i % ndim for i in axis))
    return (axis % ndim,)


def reduced_shape(shape: tuple[int, ...], axis: Any, keepdims: bool = False) -> tuple[int, ...]:
    """The shape of a reduction's result: the reduced axes removed (or kept as 1)."""
    axes = reduced_axes(len(shape), axis)
    if keepdims:
        return tuple(1 if i in axes else s for i, s in enumerate(shape))
    return tuple(s for i, s in enumerate(shape) if i not in axes)


def reduction(
    series_reference: Callable[..., tuple[Any, Any]], empty_raises: str | None = None
) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """The reference of a whole array from the reference of one series.

    The reduced axes are moved to the end, in their order, and merged into one series (so
    axis=None reads the array in C order, as a.ravel(); axis=() makes every element its own
    series of length 1). A series result of shape S (q.shape for quantiles) puts S in
    front of the reduced shape, as NumPy's quantiles do. ``empty_raises`` names the NumPy
    function that bottleneck imitates by raising on an empty reduction.
    """

    def reference(a: Any, axis: Any = None, keepdims: bool = False, **params: Any):
        a = np.asarray(a)
        axes = reduced_axes(a.ndim, axis)
        length = math.prod(a.shape[i] for i in axes)
        if empty_raises and length == 0:
            raise Raises(ValueError, _empty_message(empty_raises, axis))
        kept = [i for i in range(a.ndim) if i not in axes]
        outer = tuple(a.shape[i] for i in kept)
        series = a.transpose(kept + list(axes)).reshape(outer + (length,))
        results = [series_reference(series[index], **params) for index in np.ndindex(*outer)]
        # The shape of one series' result, also when there is no series.
        core = np.shape(series_reference(np.zeros(1, a.dtype), **params)[0])
        expected = np.array([r[0] for r in results]).reshape(outer + core)
        scale = np.array([r[1] for r in results], dtype=np.float64).reshape(outer + core)
        shape = core + reduced_shape(a.shape, axis, keepdims)
        front = tuple(range(len(core)))
        core_axes = tuple(range(len(outer), len(outer) + len(core)))
        return (
            np.moveaxis(expected, core_axes, front).reshape(shape),
            np.moveaxis(scale, core_axes, front).reshape(shape),
        )

    return reference


def _empty_message(name: str, axis: Any) -> str:
    """bottleneck's message for an empty reduction (a regex). For an axis tuple api.md
    does not say which of its two wordings applies: either is accepted."""
    whole = re.escape(f"numpy.{name} raises on a.size==0 and axis=None; So Bottleneck too.")
    one = re.escape(f"numpy.{name} raises on a.shape[axis]==0; So Bottleneck too.")
    if axis is None:
        return f"^{whole}$"
    if isinstance(axis, tuple):
        return f"^({whole}|{one})$"
    return f"^{one}$"


# ---------------------------------------------------------------------------------------
# Two-input moving windows


def pair_window_reference(x: list[float], y: list[float], min_count: int, which: int):
    """(result, scale) of move_cov (which=0) or move_corr (1) for the window of the pairs
    (x[i], y[i]): over the pairs with neither NaN, by two passes of math.fsum; NaN for
    fewer than max(min_count, 2) of them or an infinity among them; a constant x or y
    gives covariance 0 and correlation NaN.

    Scales: the deviations x - shift that a correct running-sum implementation works with
    are rounded at the values' own precision, an error of eps |x|max per term; so the
    covariance's scale is sx * sy plus 2**-8 of |x|max * sy + |y|max * sx (sx, sy the
    standard deviations), the correlation's 1 plus 2**-8 of |x|max / sx + |y|max / sy.
    """
    pairs = [(u, v) for u, v in zip(x, y, strict=True) if u == u and v == v]
    n = len(pairs)
    if n < max(min_count, 2) or not all(math.isfinite(u) and math.isfinite(v) for u, v in pairs):
        return math.nan, 0.0
    x, y = [u for u, _ in pairs], [v for _, v in pairs]
    if min(x) == max(x) or min(y) == max(y):
        return (0.0, 0.0) if which == 0 else (math.nan, 0.0)
    mx, my = math.fsum(x) / n, math.fsum(y) / n
    dx, dy = [u - mx for u in x], [v - my for v in y]
    sxy = math.fsum(u * v for u, v in zip(dx, dy, strict=True))
    sxx, syy = math.fsum(u * u for u in dx), math.fsum(v * v for v in dy)
    sx, sy = math.sqrt(sxx / (n - 1)), math.sqrt(syy / (n - 1))
    x_max, y_max = max(map(abs, x)), max(map(abs, y))
    if which == 0:
        return sxy / (n - 1), sx * sy + (x_max * sy + y_max * sx) / 256
    return sxy / math.sqrt(sxx * syy), 1.0 + (x_max / sx + y_max / sy) / 256


def _moving_pairs_reference(which: int):
    """The reference of move_cov (which=0) or move_corr (1): pair_window_reference of the
    window ending at each position (the first window - 1 use the shorter ones there)."""

    def reference(a, b, window: int, min_count: int | None = None, axis: int = -1):
        min_count = window if min_count is None else min_count
        x_all = np.moveaxis(np.asarray(a), axis, -1).astype(np.float64)  # as the C++ cast
        y_all = np.moveaxis(np.asarray(b), axis, -1).astype(np.float64)
        expected = np.empty(x_all.shape)
        scale = np.empty(x_all.shape)
        for index in np.ndindex(*x_all.shape[:-1]):
            xs, ys = x_all[index].tolist(), y_all[index].tolist()
            for i in range(len(xs)):
                lo = max(0, i - window + 1)
                expected[index + (i,)], scale[index + (i,)] = pair_window_reference(
                    xs[lo : i + 1], ys[lo : i + 1], min_count, which
                )
        return np.moveaxis(expected, -1, axis), np.moveaxis(scale, -1, axis)

    return reference


move_cov_reference = _moving_pairs_reference(0)
move_corr_reference = _moving_pairs_reference(1)


# ---------------------------------------------------------------------------------------
# Reductions, one series at a time (a 1-D array of the input dtype)

EPS64 = float(np.finfo(np.float64).eps)


def nansum_series(series: np.ndarray) -> tuple[Any, float]:
    """Sum of the non-NaN elements; integers wrap. Scale: sum of the finite |x|."""
    if series.dtype.kind == "i":
        return wrap_integer(sum(non_nan(series)), series.dtype), 0.0
    values = non_nan(series)
    return exact_sum(values), math.fsum(abs(v) for v in values if math.isfinite(v))


def nanmean_series(series: np.ndarray) -> tuple[float, float]:
    """Exact mean of the non-NaN elements (integers exactly, not wrapped), NaN when there
    are none. Scale: the mean of |x| (each integer is rounded to double on its own)."""
    values = non_nan(series)
    if not values:
        return math.nan, 0.0
    total = exact_sum(values) if series.dtype.kind == "f" else 0.0
    if not math.isfinite(total):
        return total, 0.0
    integers, denominator = as_integers(values)
    return to_float(Fraction(sum(integers), denominator * len(values))), _mean_abs(values)


def _variance(values: list[float], ddof: int) -> tuple[Fraction | None, float]:
    """The exact variance sum((x - mean)**2) / (n - ddof) (None where it is NaN) and the
    scale of a correct float computation's error:

      var                   rounding each deviation and square, summing (positive terms);
      mean|x| * sd          a mean or a block's mean off by ~eps mean|x| shifts a Chan merge
                            term delta**2 n_a n_b / n by ~eps mean|x| |delta| n_a n_b / n;
      eps * mean|x|**2      n (mean error)**2 added to the sum of squared deviations;

    the last two counted per element of n and so multiplied by n / (n - ddof).
    """
    n = len(values)
    if n - ddof <= 0 or any(math.isinf(v) for v in values):
        return None, 0.0
    integers, denominator = as_integers(values)
    total = sum(integers)
    squares = sum(i * i for i in integers)
    m2 = Fraction(n * squares - total * total, n * denominator**2) if n else Fraction(0)
    variance = m2 / (n - ddof)
    mean_abs = _mean_abs(values)
    sd = math.sqrt(to_float(m2 / n)) if n else 0.0
    spread = (mean_abs * sd + EPS64 * mean_abs**2) * n / (n - ddof)
    return variance, to_float(variance) + spread


def nanvar_series(series: np.ndarray, ddof: int = 0) -> tuple[float, float]:
    """Variance of the non-NaN elements: NaN when count - ddof <= 0 or an element is
    infinite. Scale: see _variance."""
    variance, scale = _variance(non_nan(series), ddof)
    return (math.nan, 0.0) if variance is None else (to_float(variance), scale)


def nanstd_series(series: np.ndarray, ddof: int = 0) -> tuple[float, float]:
    """sqrt of the exact variance (rounded twice: within one ulp). Scale: the variance's,
    divided by sd (sqrt(v + e) - sqrt(v) <= e / sqrt(v)); 0 for constant data, whose
    standard deviation must be exactly 0."""
    variance, scale = _variance(non_nan(series), ddof)
    if variance is None:
        return math.nan, 0.0
    sd = math.sqrt(to_float(variance))
    return sd, scale / sd if sd > 0 else 0.0


def nanmin_series(series: np.ndarray) -> tuple[Any, float]:
    """The smallest non-NaN element; NaN when all are NaN (empty: see reduction)."""
    values = non_nan(series)
    return (min(values) if values else math.nan), 0.0


def nanmax_series(series: np.ndarray) -> tuple[Any, float]:
    values = non_nan(series)
    return (max(values) if values else math.nan), 0.0


def _indexed(series: np.ndarray) -> list[tuple[Any, int]]:
    indexed = [(v, i) for i, v in enumerate(series.tolist()) if v == v]
    if not indexed:
        raise Raises(ValueError, "^All-NaN slice encountered$")
    return indexed


def nanargmin_series(series: np.ndarray) -> tuple[int, float]:
    """The index of the first smallest non-NaN element (tuples compare the value, then
    the index); ValueError when all are NaN."""
    return min(_indexed(series))[1], 0.0


def nanargmax_series(series: np.ndarray) -> tuple[int, float]:
    """The index of the first largest non-NaN element."""
    return -max((v, -i) for v, i in _indexed(series))[1], 0.0


def ss_series(series: np.ndarray) -> tuple[Any, float]:
    """Sum of squares of all elements (NaN propagates; integers wrap). Scale: the sum
    itself (positive terms)."""
    if series.dtype.kind == "i":
        return wrap_integer(sum(v * v for v in non_nan(series)), series.dtype), 0.0
    values = [float(v) for v in series.tolist()]
    if any(v != v for v in values):
        return math.nan, 0.0
    if any(math.isinf(v) for v in values):
        return math.inf, 0.0
    integers, denominator = as_integers(values)
    total = to_float(Fraction(sum(i * i for i in integers), denominator**2))
    return total, total


def anynan_series(series: np.ndarray) -> tuple[bool, float]:
    return any(v != v for v in series.tolist()), 0.0


def allnan_series(series: np.ndarray) -> tuple[bool, float]:
    return all(v != v for v in series.tolist()), 0.0


def nancount_series(series: np.ndarray) -> tuple[int, float]:
    return sum(1 for v in series.tolist() if v == v), 0.0


# ---------------------------------------------------------------------------------------
# Moving windows


def moving(
    window_reference: Callable[..., tuple[Any, float]], compares_integers: bool = False
) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """The reference of a moving-window function from the reference of one window.

    ``window_reference(values, largest, **params) -> (result, scale)`` is called with the
    window ending at each position of each series along ``axis`` (``values``: a float64
    array, oldest first, NaN included, integers rounded to double one by one as the C++
    casts them, or kept as int64 where ``compares_integers``: a function that compares
    the integers themselves, as bottleneck's move_rank; the first window - 1 positions get
    the shorter windows ending there) and
    the largest finite magnitude in the series up to that position (a running sum, even a
    compensated one, keeps an error proportional to what has passed through it). It is
    not called where the window holds fewer than ``min_count`` (default ``window``) non-NaN
    elements: the result is NaN there.
    """

    def reference(
        a: Any, window: int, min_count: int | None = None, axis: int = -1, **params: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        a = np.asarray(a)
        min_count = window if min_count is None else min_count
        moved = np.moveaxis(a, axis, -1)
        expected = np.empty(moved.shape, dtype=np.float64)
        scale = np.empty(moved.shape, dtype=np.float64)
        for index in np.ndindex(*moved.shape[:-1]):
            series = moved[index]
            if not (compares_integers and series.dtype.kind == "i"):
                series = series.astype(np.float64)  # int64 -> double, as the C++ cast
            largest = 0.0
            for i in range(series.shape[0]):
                if math.isfinite(series[i]):
                    largest = max(largest, abs(float(series[i])))
                values = series[max(0, i - window + 1) : i + 1]
                if len(non_nan(values)) < min_count:
                    result = (math.nan, 0.0)
                else:
                    result = window_reference(values, largest, **params)
                expected[index + (i,)], scale[index + (i,)] = result
        return np.moveaxis(expected, -1, axis), np.moveaxis(scale, -1, axis)

    return reference


def move_sum_window(values: np.ndarray, largest: float) -> tuple[float, float]:
    """Sum of the non-NaN elements, exact then rounded once; +inf and -inf by counting the
    infinities now in the window (one that has left it leaves no trace). Scale: the
    largest magnitude that has passed through."""
    return exact_sum(non_nan(values)), largest


def move_mean_window(values: np.ndarray, largest: float) -> tuple[float, float]:
    """Mean of the non-NaN elements (their exact sum rounded, then divided); infinities as
    move_sum. Scale: as move_sum's."""
    present = non_nan(values)
    total = exact_sum(present)
    return (total / len(present) if math.isfinite(total) else total), largest


# Where squared deviations are subnormal they keep fewer bits than a double: an absolute
# error of a few subnormal ulps per element, far below SMALLEST_NORMAL * 2**12 eps64 (the
# registry's absolute tolerance of a variance times this floor of its scale).
SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)


def move_var_window(values: np.ndarray, largest: float, ddof: int = 0) -> tuple[float, float]:
    """Exact variance of the non-NaN elements, divisor count - ddof, rounded once (see
    _variance); NaN where count <= ddof or the window holds an infinity. Scale: the
    variance itself (a correct implementation keeps a relative error) plus the underflow
    floor SMALLEST_NORMAL."""
    variance, _ = _variance(non_nan(values), ddof)
    if variance is None:
        return math.nan, 0.0
    result = to_float(variance)
    return result, result + SMALLEST_NORMAL


def move_std_window(values: np.ndarray, largest: float, ddof: int = 0) -> tuple[float, float]:
    """sqrt of the exact variance (rounded twice: within one ulp). Scale: the standard
    deviation (a relative error r of the variance is r / 2 of its root) plus the root of
    the variance's underflow floor: an absolute error e of a variance near 0 moves its
    root by up to sqrt(e), here sqrt(2**12 eps64 * SMALLEST_NORMAL) = 2**12 eps64 * 2**-491."""
    variance, _ = _variance(non_nan(values), ddof)
    if variance is None:
        return math.nan, 0.0
    sd = math.sqrt(to_float(variance))
    return sd, sd + 2.0**-491


def move_min_window(values: np.ndarray, largest: float) -> tuple[float, float]:
    return min(non_nan(values)), 0.0


def move_max_window(values: np.ndarray, largest: float) -> tuple[float, float]:
    return max(non_nan(values)), 0.0


def _offsets(values: np.ndarray) -> list[tuple[float, int]]:
    """(value, offset back from the window's last element) of each non-NaN element."""
    last = len(values) - 1
    return [(v, last - j) for j, v in enumerate(values.tolist()) if v == v]


def move_argmin_window(values: np.ndarray, largest: float) -> tuple[int, float]:
    """The offset of the smallest element; of equal ones the most recent (smallest offset,
    as bottleneck): tuples compare the value, then the offset."""
    return min(_offsets(values))[1], 0.0


def move_argmax_window(values: np.ndarray, largest: float) -> tuple[int, float]:
    return min((-v, offset) for v, offset in _offsets(values))[1], 0.0


def move_median_window(values: np.ndarray, largest: float) -> tuple[float, float]:
    """The median of the non-NaN elements (as nanmedian_series): the middle one, or the
    exact mean of the two middle ones rounded once (finite for any two finite doubles,
    as the C++ halves them first near overflow), NaN for -inf and +inf."""
    return nanmedian_series(values)


def move_quantile_window(values: np.ndarray, largest: float, q: float) -> tuple[float, float]:
    """NumPy's 'linear' quantile q of the non-NaN elements, interpolated exactly, with
    api.md's limits for infinities (see between and quantile_of_sorted)."""
    return quantile_of_sorted(sorted(non_nan(values)), float(q))


def rank_from_counts(less: Any, equal: Any, count: Any) -> Any:
    """move_rank's rule (as bottleneck's): the mean rank from 0 of the newest element's
    ``equal`` equals (itself included) above ``less`` smaller values, (2 less + equal - 1)
    / 2, scaled from [0, count - 1] to [-1, 1], in these double operations; 0 where
    ``count`` is 1. Python numbers or NumPy arrays of counts (count > 1 there)."""
    rank = 0.5 * (2 * less + equal - 1)
    return 2 * (rank / (count - 1) - 0.5)


def move_rank_window(values: np.ndarray, largest: float) -> tuple[float, float]:
    """Where the window's last element ranks among its non-NaN elements (rank_from_counts,
    by counting), 0 for a window of one value; NaN where the last element is NaN.
    Integers are compared exactly (moving(..., compares_integers=True))."""
    newest = values.tolist()[-1]
    if newest != newest:
        return math.nan, 0.0
    present = non_nan(values)
    if len(present) == 1:
        return 0.0, 0.0
    less = sum(1 for v in present if v < newest)
    equal = sum(1 for v in present if v == newest)
    return rank_from_counts(less, equal, len(present)), 0.0


move_sum_reference = moving(move_sum_window)
move_mean_reference = moving(move_mean_window)
move_var_reference = moving(move_var_window)
move_std_reference = moving(move_std_window)
move_min_reference = moving(move_min_window)
move_max_reference = moving(move_max_window)
move_argmin_reference = moving(move_argmin_window)
move_argmax_reference = moving(move_argmax_window)
move_median_reference = moving(move_median_window)
move_quantile_reference = moving(move_quantile_window)
move_rank_reference = moving(move_rank_window, compares_integers=True)


# ---------------------------------------------------------------------------------------
# Quantiles


def between(a: float, b: float, gamma: float) -> tuple[float, float]:
    """a + (b - a) * gamma exactly, rounded once, with api.md's rule for infinities:
    gamma == 0 or a == b gives a; infinities of opposite signs NaN; else one infinite
    that infinity. Scale: |a| + |b| (the rounding of b - a and of the product)."""
    if gamma == 0 or a == b:
        return a, 0.0
    if math.isinf(a) and math.isinf(b):
        return math.nan, 0.0
    if math.isinf(a) or math.isinf(b):
        return (a if math.isinf(a) else b), 0.0
    exact = Fraction(a) + (Fraction(b) - Fraction(a)) * Fraction(gamma)
    return to_float(exact), abs(a) + abs(b)


def quantile_of_sorted(values: list[float], q: float) -> tuple[float, float]:
    """NumPy's 'linear' quantile q of sorted values: the index h = (n - 1) * q computed in
    float64 (as NumPy and api.md do), then exact interpolation between its neighbours."""
    n = len(values)
    if n == 0:
        return math.nan, 0.0
    h = (n - 1) * q
    lo = math.floor(h)
    if h >= n - 1:
        return values[n - 1], 0.0
    return between(values[lo], values[lo + 1], h - lo)


def _as_floats(series: np.ndarray) -> list[float]:
    return [float(v) for v in series.tolist()]  # ints rounded to double, as the C++ cast


def median_series(series: np.ndarray) -> tuple[float, float]:
    """NaN if any element is NaN or the series is empty; else the middle element of the
    sorted series, or the exact mean of the two middle ones."""
    values = sorted(_as_floats(series))
    if not values or any(v != v for v in values):
        return math.nan, 0.0
    n = len(values)
    if n % 2:
        return values[n // 2], 0.0
    return between(values[n // 2 - 1], values[n // 2], 0.5)


def nanmedian_series(series: np.ndarray) -> tuple[float, float]:
    """median of the non-NaN elements; NaN when there are none."""
    values = sorted(v for v in _as_floats(series) if v == v)
    return median_series(np.array(values))


def _quantiles(series: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values = sorted(v for v in _as_floats(series) if v == v)
    results = [quantile_of_sorted(values, float(x)) for x in q.ravel()]
    expected = np.array([r[0] for r in results], dtype=np.float64).reshape(q.shape)
    scale = np.array([r[1] for r in results], dtype=np.float64).reshape(q.shape)
    return expected, scale


def nanquantile_series(series: np.ndarray, q: Any) -> tuple[np.ndarray, np.ndarray]:
    """The q-th quantiles (q of any shape) of the non-NaN elements; NaN when none."""
    return _quantiles(series, np.asarray(q, dtype=np.float64))


def nanpercentile_series(series: np.ndarray, q: Any) -> tuple[np.ndarray, np.ndarray]:
    """nanquantile at q / 100, divided in float64 (as NumPy does for float64 data)."""
    return _quantiles(series, np.asarray(q, dtype=np.float64) / 100.0)


# ---------------------------------------------------------------------------------------
# Moving windows over long integer-valued data, vectorised
#
# Where every finite value is an integer, window sums of the values and of their squares
# are exact in integers (int64 where they cannot overflow, else Python's), so each moving
# result is the exact one rounded once (the mean: its exact sum rounded, then divided, as
# move_mean_window): a correct implementation gives it bitwise, var and std within their
# tolerance. For the long inputs (chunk and thread boundaries) the loops above are too slow.


def _shifted(v: np.ndarray, by: int, fill: Any) -> np.ndarray:
    """v[..., i - by] at each position i of the last axis (``fill`` before the start)."""
    n = v.shape[-1]
    before = np.full(v.shape[:-1] + (min(by, n),), fill, v.dtype)
    return np.concatenate([before, v[..., : max(n - by, 0)]], -1)


def _window_totals(v: np.ndarray, window: int) -> np.ndarray:
    """The sums of ``v`` over the windows ending at each position of the last axis."""
    totals = np.cumsum(v, -1)
    return totals - _shifted(totals, window, 0)


def _window_extremes(
    x: np.ndarray, window: int, at_least_as_good: Callable[..., np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """(value, position) of the extreme non-NaN element of each window ending along the
    last axis (NaN, -1 where there is none); of equal ones the most recent. By doubling:
    the best of the 2**k elements ending at each position from two blocks of 2**(k-1);
    a window is covered by two overlapping blocks of the largest 2**k <= window. A newer
    block's best replaces an older one's where ``at_least_as_good(newer, older)``, which
    keeps the most recent of equal extremes, also across the overlap."""
    value = x.copy()
    position = np.where(np.isnan(x), -1, np.arange(x.shape[-1]))

    def best(by: int) -> tuple[np.ndarray, np.ndarray]:
        old_value, old_position = _shifted(value, by, math.nan), _shifted(position, by, -1)
        newer = ~np.isnan(value) & (np.isnan(old_value) | at_least_as_good(value, old_value))
        return np.where(newer, value, old_value), np.where(newer, position, old_position)

    size = 1
    while 2 * size <= window:
        value, position = best(size)
        size *= 2
    return best(window - size)


def integer_valued_moving(
    name: str,
    x: Any,
    window: int,
    min_count: int | None = None,
    axis: int = -1,
    ddof: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """(expected, scale) of the moving function ``name`` on ``x``, whose finite values
    are integers whose magnitudes sum to less than 2**62 (NaN and infinities anywhere);
    scale as the per-window references give it (0 for results that must be exact)."""
    min_count = window if min_count is None else min_count
    x = np.moveaxis(np.asarray(x, dtype=np.float64), axis, -1)
    n = x.shape[-1]
    count = _window_totals((~np.isnan(x)).astype(np.int64), window)
    positive = _window_totals((x == math.inf).astype(np.int64), window) > 0
    negative = _window_totals((x == -math.inf).astype(np.int64), window) > 0
    finite = np.where(np.isfinite(x), x, 0.0)
    assert np.all(finite == np.round(finite)) and np.abs(finite).sum() < 2**62, "not for x"
    finite = finite.astype(np.int64)
    scale = np.zeros(x.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        if name in ("move_min", "move_max", "move_argmin", "move_argmax"):
            better = np.less_equal if name.endswith("min") else np.greater_equal
            value, position = _window_extremes(x, window, better)
            result = (np.arange(n) - position).astype(np.float64) if "arg" in name else value
        elif name in ("move_sum", "move_mean"):
            total = _window_totals(finite, window).astype(np.float64)
            result = total if name == "move_sum" else total / count
            result[positive] = math.inf
            result[negative] = -math.inf
            result[positive & negative] = math.nan
        else:  # move_var, move_std: (n S2 - S1**2) / (n (n - ddof)), one rounding
            if (float(np.abs(finite).max(initial=0)) * window) ** 2 >= 2**53:
                finite = finite.astype(object)  # Python integers: int / int rounds once
            total = _window_totals(finite, window)
            squares = _window_totals(finite * finite, window)
            divisor = count * (count - ddof)
            ok = (divisor > 0) & ~positive & ~negative
            numerator = np.where(ok, count * squares - total * total, 0)
            result = (numerator / np.where(ok, divisor, 1)).astype(np.float64)
            result[~ok] = math.nan
            if name == "move_std":
                result = np.sqrt(result)
            scale = np.abs(result)
    result[count < min_count] = math.nan
    return np.moveaxis(result, -1, axis), np.moveaxis(scale, -1, axis)


# ---------------------------------------------------------------------------------------
# Moving order statistics over long inputs, vectorised
#
# The per-window references sort every window in Python: too slow for long series and
# long windows. Here the values are replaced by their codes (ranks among the distinct
# values: the same order, NaN last) and a wavelet matrix answers, for every window at once,
# how many codes lie below a given one and which is the k-th smallest: exact counts, so the
# results follow from them by the rules above, bitwise.


class _WaveletMatrix:
    """The k-th smallest code, and how many codes lie below a given one, in each range
    [lo, hi) of a sequence of codes (integers in [0, 2**bits)), for all ranges at once in
    ``bits`` vectorised steps.

    Level by level from the top bit, the sequence is stably partitioned by that bit
    (zeros first): ``zeros[level][p]`` counts the zeros among its first p codes, so the
    codes of a range with the bit 0 form the range [zeros[lo], zeros[hi]) of the next
    level's sequence, those with the bit 1 the same range shifted past all the zeros.
    (int32 where the sequence allows: half the memory traffic of the gathers.)"""

    def __init__(self, codes: np.ndarray, bits: int, lo: np.ndarray, hi: np.ndarray) -> None:
        self.index = np.int32 if codes.size < 2**31 - 1 else np.int64
        self.lo, self.hi = lo.astype(self.index), hi.astype(self.index)
        codes = codes.astype(self.index)
        self.levels = []
        for level in reversed(range(bits)):
            zero = (codes >> level) & 1 == 0
            zeros = np.concatenate([[0], np.cumsum(zero, dtype=self.index)])
            self.levels.append((level, zeros))
            codes = np.concatenate([codes[zero], codes[~zero]])

    def _descend(self, choose: Callable[..., np.ndarray]) -> None:
        """Follow each range down the levels, to the codes whose bit at each level is
        ``choose(level, zeros_in_range)`` (an integer array of 0 and 1). Arithmetic
        rather than np.where: twice as fast on random bits."""
        lo, hi = self.lo, self.hi
        for level, zeros in self.levels:
            z_lo, z_hi = np.take(zeros, lo), np.take(zeros, hi)
            one = choose(level, z_hi - z_lo)
            past = zeros[-1]  # all the zeros of this level
            lo = z_lo + one * (lo - 2 * z_lo + past)  # z_lo, or lo - z_lo + past
            hi = z_hi + one * (hi - 2 * z_hi + past)

    def kth(self, k: np.ndarray) -> np.ndarray:
        """The k-th smallest code (from 0) of each range; 0 <= k < hi - lo."""
        k = k.astype(self.index)
        code = np.zeros_like(k)

        def choose(level: int, zeros: np.ndarray) -> np.ndarray:
            one = (k >= zeros).astype(self.index)  # past the codes with this bit 0
            k[...] -= zeros * one
            code[...] |= one << level
            return one

        self._descend(choose)
        return code

    def count_less(self, code: np.ndarray) -> np.ndarray:
        """How many codes of each range are below ``code`` (one for each range)."""
        code = code.astype(self.index)
        count = np.zeros(self.lo.shape, self.index)

        def choose(level: int, zeros: np.ndarray) -> np.ndarray:
            one = (code >> level) & 1
            count[...] += zeros * one  # those with this bit 0 are below
            return one

        self._descend(choose)
        return count


class _SortedWindows:
    """The same answers for short windows, by sorting each one: ``windows`` holds the
    codes of the window ending at each position (padded before the series' start with
    ``nan_code``, which sorts after every value, as NaN's own code does)."""

    def __init__(self, codes: np.ndarray, window: int, nan_code: int) -> None:
        padding = np.full(codes.shape[:-1] + (window - 1,), nan_code, codes.dtype)
        padded = np.concatenate([padding, codes], axis=-1)
        self.windows = np.lib.stride_tricks.sliding_window_view(padded, window, axis=-1)
        self.windows = self.windows.reshape(-1, window)
        self.sorted = np.sort(self.windows, axis=-1)

    def kth(self, k: np.ndarray) -> np.ndarray:
        return np.take_along_axis(self.sorted, k[:, np.newaxis], axis=-1)[:, 0]

    def count_less(self, code: np.ndarray) -> np.ndarray:
        return np.sum(self.windows < code[:, np.newaxis], axis=-1)


SHORT_WINDOW = 16  # sorting n * window codes is faster than the wavelet matrix's levels


def _middle_mean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The exact mean of a <= b rounded once, as move_median_window: 0.5 * (a + b) (a sum
    rounded, then halved: exact but where subnormal, where it is the one rounding), the
    sum of the halves where a + b could overflow; NaN for -inf and +inf."""
    huge = np.isfinite(a) & np.isfinite(b) & (np.maximum(-a, b) > np.finfo(np.float64).max / 2)
    opposite = np.isinf(a) & np.isinf(b) & (a != b)  # NaN: NumPy's, not the CPU's -NaN
    return np.where(opposite, np.nan, np.where(huge, 0.5 * a + 0.5 * b, 0.5 * (a + b)))


def _linear(a: np.ndarray, b: np.ndarray, gamma: np.ndarray) -> np.ndarray:
    """Interpolation between a <= b: for finite values the operations of NumPy's _lerp
    (numpy/lib/_function_base_impl.py), so bitwise np.nanquantile's; where either is
    infinite api.md's limits (as between)."""
    d = b - a
    result = np.where(gamma < 0.5, a + d * gamma, b - d * (1 - gamma))
    limit = np.where(np.isinf(a) & np.isinf(b), np.nan, np.where(np.isinf(a), a, b))
    limit = np.where((gamma == 0) | (a == b), a, limit)
    return np.where(np.isinf(a) | np.isinf(b), limit, result)


ORDER_STATISTICS = ("move_median", "move_quantile", "move_rank")


def order_statistics_moving(
    name: str,
    x: Any,
    window: int,
    min_count: int | None = None,
    axis: int = -1,
    q: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """(expected, scale) of move_median, move_quantile or move_rank (``name``) on any
    ``x``, exactly by the per-window rules: bitwise what a correct implementation gives
    (scale 0), move_quantile's interpolation being NumPy's operations rather than exact.
    int64 is ranked as integers, then converted to double (move_rank compares the
    integers, the others read the k-th smallest as a double: the same order)."""
    min_count = window if min_count is None else min_count
    moved = np.moveaxis(np.asarray(x), axis, -1)
    n = moved.shape[-1]
    if moved.size == 0:
        return np.zeros(np.shape(x)), np.zeros(np.shape(x))
    window = min(window, n)  # a longer window holds the whole series so far
    flat = moved.reshape(-1)
    nan = np.isnan(flat) if flat.dtype.kind == "f" else np.zeros(flat.shape, bool)
    distinct, codes = np.unique(flat[~nan], return_inverse=True)
    nan_code = len(distinct)  # above every value: never among the k smallest present
    code = np.full(flat.shape, nan_code, np.int64)
    code[~nan] = codes.ravel()
    position = np.arange(flat.size)
    hi = position + 1
    lo = np.maximum(position - position % n, hi - window)  # within the series
    present = np.concatenate([[0], np.cumsum(~nan)])
    count = present[hi] - present[lo]
    if window <= SHORT_WINDOW:
        windows: Any = _SortedWindows(code.reshape(-1, n), window, nan_code)
    else:
        windows = _WaveletMatrix(code, (nan_code + 1).bit_length(), lo, hi)
    doubles = np.append(distinct.astype(np.float64), np.nan)  # code nan_code: NaN

    def kth(k: np.ndarray) -> np.ndarray:
        """The k-th smallest value of each window (k clipped to the values present; NaN
        in a window of none, whose result is NaN anyway)."""
        k = np.clip(k, 0, np.maximum(count - 1, 0))
        return doubles[np.minimum(windows.kth(k), nan_code)]

    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if name == "move_rank":
            newest = np.minimum(code, nan_code - 1)  # any code: NaN positions are set below
            less = windows.count_less(newest)
            equal = windows.count_less(newest + 1) - less
            result = np.where(count == 1, 0.0, rank_from_counts(less, equal, count))
            result[nan] = np.nan
        elif name == "move_median":
            low, high = kth((count - 1) // 2), kth(count // 2)
            result = np.where(count % 2 == 1, low, _middle_mean(low, high))
        elif name == "move_quantile":
            h = (count - 1).astype(np.float64) * float(q)
            top = h >= count - 1
            below = np.floor(h).astype(np.int64)
            low, high = kth(below), kth(below + 1)  # below = count - 1 where top
            result = np.where(top, low, _linear(low, high, h - below))
        else:
            raise ValueError(f"not an order statistic: {name}")
    result[count < min_count] = np.nan
    result = np.moveaxis(result.reshape(moved.shape), -1, axis)
    return result, np.zeros(result.shape)


# Exponential moving windows
#
# numbagg's decayed sums (over the non-NaN elements up to i, decay**(i - k) times 1, x,
# x**2, y, y**2, x*y, and the squared weights for the bias) carried as Python integers
# over powers of two, to 600 significant bits each (decay = p / 2**s: a step multiplies
# by p; dropping the bits beyond 600 costs 2**-600 relative per step), and
# numbagg's formulas on those sums, rounded once to float64 (int / int true division is
# correctly rounded): every digit numbagg's float64 power sums lose to cancellation is
# there. Only the cuts follow numbagg's float64 recursions, as the kernels do: the weight
# against min_weight, and whether any (two) counted elements still weigh something.
# Infinities are not added but remembered: one that counts stays in every later output
# (its weight is never 0), unless alpha is 1.
#
# Scale (the tolerance's): a decayed quantity keeps the rounding error of about 1/alpha
# steps, so every scale carries a factor 1 + 1/alpha; deviations from a running mean are
# differences of elements, so the (co)variances' scale also carries the range of the
# elements over their spread.

_BITS = 600


def _quotient(numerator: int, denominator: int) -> float:
    """numerator / denominator correctly rounded (int true division), +-inf beyond the
    float64 range."""
    try:
        return numerator / denominator
    except OverflowError:
        return math.inf if (numerator < 0) == (denominator < 0) else -math.inf


class Binary:
    """A number n / 2**e (Python integers), exact under products and differences, cut to
    _BITS significant bits where it grows (decay)."""

    __slots__ = ("e", "n")

    def __init__(self, n: int = 0, e: int = 0) -> None:
        self.n, self.e = n, e

    @classmethod
    def of(cls, value: float) -> Binary:
        n, d = value.as_integer_ratio()
        return cls(n, d.bit_length() - 1)

    def __mul__(self, other: Binary) -> Binary:
        return Binary(self.n * other.n, self.e + other.e)

    def __add__(self, other: Binary) -> Binary:
        e = max(self.e, other.e)
        return Binary((self.n << (e - self.e)) + (other.n << (e - other.e)), e)

    def __sub__(self, other: Binary) -> Binary:
        return self + Binary(-other.n, other.e)

    def decayed(self, p: int, shift: int) -> Binary:
        """self * p / 2**shift, cut to _BITS significant bits."""
        n, e = self.n * p, self.e + shift
        excess = abs(n).bit_length() - _BITS
        return Binary(n >> excess, e - excess) if excess > 0 else Binary(n, e)

    def __truediv__(self, other: Binary) -> float:
        """self / other, correctly rounded."""
        e = self.e - other.e  # the quotient is (n / other.n) / 2**e
        if e >= 0:
            return _quotient(self.n, other.n << e)
        return _quotient(self.n << -e, other.n)


ONE = Binary(1)


class DecayedSums:
    """numbagg's sums for one series (or a pair) of floats, and its results."""

    def __init__(self, alpha: float) -> None:
        self.alpha = alpha
        self.decay = 1.0 - alpha
        self.p, q = self.decay.as_integer_ratio()
        self.shift = q.bit_length() - 1  # q == 2**shift
        # sum(w), sum(w x), sum(w y), sum(w x x), sum(w y y), sum(w x y), sum(w w)
        self.sums = [Binary() for _ in range(7)]
        self.weight = self.total = self.pairs = 0.0  # numbagg's float recursions: the cuts
        self.magnitude = 0.0  # the decayed sum of |x|, for the scale
        # The decayed sum, over the steps, of a bound on |mean| (magnitude / total): the
        # mean's rounding at each step is relative to it, and fades as the weights decay.
        self.mean_magnitudes = 0.0
        self.plus = self.minus = self.seen = False
        self.range_x: list[float] = []  # least and greatest finite counted element
        self.range_y: list[float] = []

    def step(self, vx: float, vy: float) -> None:
        counts = vx == vx and vy == vy
        decay = self.decay
        kept = self.total * decay
        self.weight = self.weight * decay + (self.alpha if counts else 0.0)
        self.total = kept + (1.0 if counts else 0.0)
        self.pairs = self.pairs * (decay * decay) + (2.0 * kept if counts else 0.0)
        self.magnitude *= decay
        *sums, squared_weights = self.sums
        sums = [s.decayed(self.p, self.shift) for s in sums]
        squared_weights = squared_weights.decayed(self.p * self.p, 2 * self.shift)
        if decay == 0:  # nothing before weighs anything
            self.plus = self.minus = False
        if counts:
            self.seen = True
            sums[0] += ONE
            squared_weights += ONE
            if math.isfinite(vx) and math.isfinite(vy):
                x, y = Binary.of(vx), Binary.of(vy)
                for k, term in enumerate((x, y, x * x, y * y, x * y), start=1):
                    sums[k] += term
                self.magnitude += abs(vx)
                self.range_x = [min(self.range_x + [vx]), max(self.range_x + [vx])]
                self.range_y = [min(self.range_y + [vy]), max(self.range_y + [vy])]
            else:  # the weight counts, the value is remembered apart
                self.plus |= math.inf in (vx, vy)
                self.minus |= -math.inf in (vx, vy)
        self.sums = [*sums, squared_weights]
        self.mean_magnitudes *= decay
        if self.total > 0:
            self.mean_magnitudes += self.magnitude / self.total

    def result(self, name: str, min_weight: float) -> tuple[float, float]:
        """(result, scale) after the last step."""
        if not self.weight >= min_weight:
            return math.nan, 0.0
        growth = 1.0 + 1.0 / self.alpha
        w, x, y, xx, yy, xy, w2 = self.sums
        if name == "move_exp_nancount":
            return w / ONE, growth * self.total
        infinite = math.nan if self.plus and self.minus else math.inf if self.plus else -math.inf
        if name == "move_exp_nansum":
            if not self.seen:
                return math.nan, 0.0
            if self.plus or self.minus:
                return infinite, 0.0
            return x / ONE, growth * self.magnitude
        if name == "move_exp_nanmean":
            if self.plus or self.minus:
                return infinite, 0.0
            if not self.total > 0:
                return math.nan, 0.0
            return x / w, growth * self.magnitude / self.total + self.mean_magnitudes
        if self.plus or self.minus or not self.pairs > 0:
            return math.nan, 0.0
        # numbagg's (sum(w) sum(w v^2) - sum(w v)^2) / (sum(w)^2 - sum(w^2)); exactly 0 for
        # equal elements (every element keeps a weight: the cut bits would leave noise).
        bias = w * w - w2
        var_x = xx * w - x * x if self.range_x[0] != self.range_x[1] else Binary()
        var_y = yy * w - y * y if self.range_y[0] != self.range_y[1] else Binary()
        # The elements' range over their spread (the biased standard deviation).
        spread_x = math.sqrt(var_x / (w * w))
        spread_y = math.sqrt(var_y / (w * w))
        if name in ("move_exp_nanvar", "move_exp_nanstd"):
            if var_x.n == 0:
                return 0.0, 0.0
            var = var_x / bias
            relative = growth * (1.0 + (self.range_x[1] - self.range_x[0]) / spread_x)
            if name == "move_exp_nanvar":
                return var, relative * var
            return math.sqrt(var), relative * math.sqrt(var)
        relative = growth * (
            1.0
            + (self.range_x[1] - self.range_x[0]) / max(spread_x, 1e-300)
            + (self.range_y[1] - self.range_y[0]) / max(spread_y, 1e-300)
        )
        covariance = xy * w - x * y if var_x.n and var_y.n else Binary()
        if name == "move_exp_nancov":
            return covariance / bias, relative * math.sqrt((var_x / bias) * (var_y / bias))
        if var_x.n == 0 or var_y.n == 0:  # a constant series: numbagg's denominator is 0
            return math.nan, 0.0
        squared = (covariance * covariance) / (var_x * var_y)
        return (-1.0 if covariance.n < 0 else 1.0) * math.sqrt(squared), relative


def exponential_reference(name: str) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """The reference of the exponential moving window ``name`` (move_exp_nanmean, ...):
    ``reference(a, [b,] axis=-1, alpha=..., min_weight=0) -> (expected, scale)``; ``a``
    and ``b`` broadcast, integers are rounded to float64 element by element (as the
    kernels read them)."""

    def reference(*arrays: Any, axis: int = -1, alpha: float, min_weight: float = 0.0):
        arrays = np.broadcast_arrays(*(np.asarray(x) for x in arrays))
        series = [np.moveaxis(x.astype(np.float64), axis, -1) for x in arrays]
        expected = np.empty(series[0].shape)
        scale = np.empty(series[0].shape)
        for index in np.ndindex(*series[0].shape[:-1]):
            sums = DecayedSums(float(alpha))
            pairs = zip(series[0][index].tolist(), series[-1][index].tolist(), strict=True)
            for i, (vx, vy) in enumerate(pairs):
                sums.step(vx, vy)
                expected[index + (i,)], scale[index + (i,)] = sums.result(name, min_weight)
        return np.moveaxis(expected, -1, axis), np.moveaxis(scale, -1, axis)

    return reference


# ---------------------------------------------------------------------------------------
# Fills and replace: copies of values, so the results are exact (bit for bit)


def fill_reference(backward: bool, limit_name: str) -> Callable[..., tuple[np.ndarray, Any]]:
    """The reference of push/ffill (``backward`` False) or bfill: ``reference(a, axis=-1,
    <limit_name>=None) -> (expected, scale)``, each series walked element by element,
    each NaN given the last non-NaN value met if at most ``limit`` steps back. The result
    keeps ``a``'s dtype; the scale is 0 (results are exact)."""

    def reference(a: np.ndarray, axis: int = -1, **params: Any):
        limit = params.get(limit_name)
        result = np.moveaxis(np.array(a), axis, -1)  # a copy, laid out as a
        for index in np.ndindex(*result.shape[:-1]):
            series = result[index]
            steps = range(len(series) - 1, -1, -1) if backward else range(len(series))
            last, age = None, 0
            for i in steps:
                if series[i] == series[i]:  # not NaN
                    last, age = series[i], 0
                    continue
                age += 1
                if last is not None and (limit is None or age <= limit):
                    series[i] = last
        return np.moveaxis(result, -1, axis), np.zeros(np.shape(a))

    return reference


def replace_reference(a: np.ndarray, axis: Any = None, *, old: Any, new: Any):
    """bottleneck's replace, as NumPy writes it: ``a[a == old] = new``, or every NaN for
    a NaN ``old``, on a copy of ``a`` (``new`` in ``a``'s dtype; beyond float32's range
    +-inf). ``axis`` is ignored: replace works on every element."""
    expected = np.array(a)
    with np.errstate(over="ignore"):  # old and new beyond float32: +-inf
        value = np.array(new).astype(expected.dtype)
        expected[np.isnan(expected) if old != old else expected == old] = value
    return expected, np.zeros(np.shape(a))


# Ranks and partitions (parafunc/ranks.py): every slice along the axis (the flattened array,
# C order, for axis=None) on its own.


def _slices(a: Any, axis: Any, series: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``series`` applied to every slice of ``a`` along ``axis`` (None: a.ravel())."""
    a = np.asarray(a)
    if axis is None:
        return series(a.reshape(-1))
    moved = np.moveaxis(a, axis, -1)
    rows = moved.reshape(math.prod(moved.shape[:-1]), moved.shape[-1])
    dtype = series(np.zeros(0, a.dtype)).dtype
    done = np.array([series(row) for row in rows], dtype).reshape(moved.shape)
    return np.moveaxis(done, -1, axis)


def ranks_series(x: np.ndarray, nan_stays_nan: bool) -> np.ndarray:
    """Ranks from 1 by a stable argsort (NaN last, in order of position): each run of
    equal values (== : -0.0 equals 0.0, a NaN equals nothing) gets the mean of the ranks
    it spans."""
    order = np.argsort(x, kind="stable")
    ordered = x[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(x)]
    ranks = np.empty(len(x))
    ranks[order] = np.repeat((starts + 1 + ends) / 2, ends - starts)
    if nan_stays_nan and x.dtype.kind == "f":
        ranks[np.isnan(x)] = np.nan
    return ranks


def rankdata_reference(a: Any, axis: Any = None) -> tuple[np.ndarray, np.ndarray]:
    expected = _slices(a, axis, lambda x: ranks_series(x, nan_stays_nan=False))
    return expected, np.zeros(expected.shape)


def nanrankdata_reference(a: Any, axis: Any = None) -> tuple[np.ndarray, np.ndarray]:
    expected = _slices(a, axis, lambda x: ranks_series(x, nan_stays_nan=True))
    return expected, np.zeros(expected.shape)


def sorted_reference(a: Any, kth: int, axis: Any = -1) -> tuple[np.ndarray, np.ndarray]:
    """partition and argpartition: a partition is not unique, so the reference is the
    sorted slices (np.sort: NaN last), which a partition must equal at kth and as a
    multiset; tests/test_ranks.py checks the rest (check_partition)."""
    expected = _slices(a, axis, np.sort)
    return expected, np.zeros(expected.shape)
