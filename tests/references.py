"""Reference implementations for the registry (tests/registry.py), in the tests only.

The references are written for obviousness, not speed: explicit loops over the series
and the windows, exact arithmetic (math.fsum, Python integers, fractions, sorted lists),
and infinities decided by counting. A reference returns the exact result in float64
(integer and boolean results in the output dtype) together with a per-element *scale*
(the magnitude the rounding error of a correct float implementation may be proportional
to); the tolerances that use it are in the registry.

Reductions are written per series (``*_series(values, **params) -> (result, scale)``) and
turned into references of whole arrays by ``reduction``, which also decides the axis
rules (None, an int or a tuple of ints, keepdims) once for every function. A reference
raises ``Raises`` where the function must raise.
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
# Moving windows


def move_mean_reference(
    a: np.ndarray, window: int, min_count: int | None = None, axis: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the non-NaN elements of each window ending at each position (the first
    window - 1 positions use the shorter windows ending there); NaN where fewer than
    ``min_count`` (default ``window``) are not NaN, and where +inf and -inf meet.

    Scale: the largest finite magnitude in the series up to the position (a running
    sum, even compensated, keeps an error proportional to what has passed through it).
    """
    a = np.asarray(a)
    min_count = window if min_count is None else min_count
    moved = np.moveaxis(a, axis, -1)
    expected = np.empty(moved.shape, dtype=np.float64)
    scale = np.empty(moved.shape, dtype=np.float64)
    for index in np.ndindex(*moved.shape[:-1]):
        series = moved[index].astype(np.float64)  # int64 -> double, as the C++ cast
        largest = 0.0
        for i in range(series.shape[0]):
            if math.isfinite(series[i]):
                largest = max(largest, abs(float(series[i])))
            values = non_nan(series[max(0, i - window + 1) : i + 1])
            if len(values) < min_count:
                expected[index + (i,)] = math.nan
            else:
                total = exact_sum(values)
                expected[index + (i,)] = total / len(values) if math.isfinite(total) else total
            scale[index + (i,)] = largest
    return np.moveaxis(expected, -1, axis), np.moveaxis(scale, -1, axis)


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
