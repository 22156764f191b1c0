"""Numerics of the moving windows beyond the generic tests of test_moving.py: accuracy on
hard inputs (long series on large offsets, trends, constant and nearly constant windows),
infinities entering and leaving windows, the order rules of move_argmin and move_argmax,
integer extremes, and the order statistics (move_median, move_quantile, move_rank): their
rules for ties, huge values and infinities, NumPy's and bottleneck's results, q, and
windows either side of the flat sorted array's limit."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import parafunc
from references import (
    ORDER_STATISTICS,
    integer_valued_moving,
    move_median_window,
    move_quantile_window,
    move_rank_window,
    move_std_window,
    move_var_window,
    order_statistics_moving,
)
from registry import (
    EPS32,
    EPS64,
    FLOAT_DTYPES,
    INT_DTYPES,
    NATIVE_DTYPES,
    REGISTRY,
    assert_bitwise_equal,
    family,
    same_on_any_thread_count,
)

CHUNK = 1 << 16  # kChunkElements in src/engine/moving_loop.hpp; also the parallel threshold
WITH_DDOF = [spec for spec in family("moving") if "ddof" in spec.signature]
with_ddof = pytest.mark.parametrize("spec", WITH_DDOF, ids=lambda spec: spec.name)


# ---------------------------------------------------------------------------------------
# Accuracy


def test_no_drift_over_a_long_series():
    """10**6 values of 1e8 + N(0, 1), window 100: a plain running sum drifts by ~1e-6 here
    (and a running sum of squares loses every digit of the variance); compensated sums that
    restart at chunk boundaries, of deviations from a point near the mean, do not. The
    exact values: math.fsum, and the variance in Fractions."""
    rng = np.random.default_rng(10)
    x = 1e8 + rng.standard_normal(10**6)
    mean = parafunc.move_mean(x, 100)
    total = parafunc.move_sum(x, 100)
    std = parafunc.move_std(x, 100)
    var = parafunc.move_var(x, 100, ddof=1)
    for end in [99, 100, CHUNK - 1, CHUNK, CHUNK + 99, 5 * CHUNK + 50, 10**6 - 2, 10**6 - 1]:
        window = x[end - 99 : end + 1]
        exact = math.fsum(window.tolist())
        assert abs(mean[end] - exact / 100) <= 1e-7, (end, mean[end], exact / 100)
        assert abs(total[end] - exact) <= 4 * np.spacing(exact), (end, total[end], exact)
        exact_std = move_std_window(window, 0.0)[0]
        assert abs(std[end] - exact_std) <= 1e-9 * exact_std, (end, std[end], exact_std)
        exact_var = move_var_window(window, 0.0, ddof=1)[0]
        assert abs(var[end] - exact_var) <= 1e-9 * exact_var, (end, var[end], exact_var)


def test_linear_ramp():
    """x = 0, 1, 2, ...: each window of 20 has variance (20**2 - 1) / 12, while the mean
    runs away from any fixed shift (the sums of deviations must be re-shifted)."""
    x = np.arange(200_000.0)
    expected = (20 * 20 - 1) / 12
    var = same_on_any_thread_count(REGISTRY["move_var"], x, -1, {"window": 20})
    assert np.all(np.isnan(var[:19]))
    error = np.abs(var[19:] - expected) / expected
    assert error.max() <= 1e-9, (error.argmax() + 19, var[error.argmax() + 19])
    std = parafunc.move_std(x, 20, ddof=1)[19:]
    assert np.abs(std / math.sqrt(20 * 21 / 12) - 1).max() <= 1e-9


# Values whose sums do not round-trip: a window of copies of one must still give exactly 0.
CONSTANTS = [0.1, 1 / 3, 1e8 + 0.3, -2.5e-7, 7e15 + 1, "huge"]


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@pytest.mark.parametrize("value", CONSTANTS)
@with_ddof
def test_constant_windows_have_variance_exactly_zero(spec, dtype, value):
    """A window of equal values has variance and standard deviation exactly 0 (NaN where it
    holds no more than ddof values), whatever the window, also after other data has passed
    through, across chunk boundaries, with NaN gaps, on any thread count. "huge" is 1e300
    (3e38 for float32)."""
    huge = 1e300 if dtype == np.float64 else 3e38
    c = np.asarray(huge if value == "huge" else value, dtype)
    n = 3 * CHUNK + 7
    rng = np.random.default_rng(12)
    after = np.concatenate([rng.standard_normal(CHUNK // 2) * 1e6, np.full(n, c)])
    for x in (np.full(n, c), after.astype(dtype)):
        x[1::5] = np.nan
        start = x.size - n  # where the constant run starts
        # Windows across the start hold 1e6 and the constant: "huge" squares overflow there.
        overflow = "ignore" if start and value == "huge" else "raise"
        present = np.concatenate([[0], np.cumsum(~np.isnan(x[start:]))])
        for window in (1, 2, 3, 100, 1000):
            count = present[window:] - present[:-window]  # in the windows inside the run
            for ddof in (0, 1):
                params = {"window": window, "min_count": 1, "ddof": ddof}
                with np.errstate(over=overflow):
                    got = same_on_any_thread_count(spec, x, -1, params)
                got = got[start + window - 1 :]
                assert np.all(got[count > ddof] == 0), (window, ddof, np.unique(got))
                assert np.all(np.isnan(got[count <= ddof])), (window, ddof)


@with_ddof
def test_variance_is_never_negative(spec):
    """Nearly equal values (a few ulps apart around large offsets): the exact variance is
    tiny, a rounding error of either sign would show; the result is never negative (and the
    root never NaN), and within the tolerance of the exact variance."""
    rng = np.random.default_rng(13)
    for offset in (1.0, 1e8, 3e15, -7.5e-3):
        steps = rng.integers(-2, 3, 2 * CHUNK + 3) * np.spacing(offset)
        x = offset + steps
        x[rng.random(x.size) < 0.1] = np.nan
        for window in (2, 3, 50):
            got = same_on_any_thread_count(spec, x, -1, {"window": window, "min_count": 2})
            assert not np.any(got < 0), (offset, window, got[got < 0][:5])
            assert np.array_equal(np.isnan(got), np.isnan(parafunc.move_var(x, window, 2)))
            spec.check(got[:1000], x[:1000], -1, {"window": window, "min_count": 2})


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@pytest.mark.parametrize("value", [0.1, 1 / 3, 0.7, 1e8 + 0.3, math.pi, -2.5e-7])
def test_constant_windows_give_the_constant(dtype, value):
    """The mean of equal values is that value to within one ulp (float64; exact for float32,
    computed in float64), whatever the window and length, and does not drift (here across
    chunk boundaries, in parallel, with NaN gaps); their min and max are that value.
    bottleneck drifts: its mean of 100 copies of 1/3 is 0.3333333333333329, 11 ulp off."""
    c = np.asarray(value, dtype)
    ulp = 0 if dtype == np.float32 else np.spacing(np.abs(c))
    x = np.full(3 * CHUNK + 7, c, dtype)
    for window in (1, 2, 3, 7, 100, 1000):
        got = parafunc.move_mean(x, window)[window - 1 :]
        assert np.all(np.abs(got - c) <= ulp), (window, np.unique(got) - c)
        gaps = x.copy()
        gaps[::5] = np.nan
        got = parafunc.move_mean(gaps, window, min_count=1)
        got = got[~np.isnan(got)]
        assert np.all(np.abs(got - c) <= ulp), (window, np.unique(got) - c)
        for name in ("move_min", "move_max"):
            got = getattr(parafunc, name)(gaps, window, min_count=1)[window - 1 :]
            same = np.all(got == c) if window > 1 else np.array_equal(got, gaps, equal_nan=True)
            assert same, (name, window)


# ---------------------------------------------------------------------------------------
# Infinities, order, integers


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_infinities_that_left_leave_no_trace(dtype):
    """move_sum: +inf, -inf, or NaN while both are in the window, and plain sums once they
    have left (bottleneck stays NaN for good after inf - inf). move_var and move_std: NaN
    while any infinity is in the window, exact again after."""
    x = np.array([1, np.inf, 2, 3, -np.inf, 4, 5, np.inf, -np.inf, 6, 7], dtype)
    inf, nan = np.inf, np.nan
    sums = {
        2: [nan, inf, inf, 5, -inf, -inf, 9, inf, nan, -inf, 13],
        3: [1, inf, inf, inf, -inf, -inf, -inf, inf, nan, nan, -inf],
    }
    variances = {
        2: [nan, nan, nan, 0.25, nan, nan, 0.25, nan, nan, nan, 0.25],
        3: [0, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan],
    }
    within = {"rtol": 2**12 * EPS64 if dtype == np.float64 else EPS32, "atol": 0}
    for window in (2, 3):
        min_count = 1 if window == 3 else None
        got = parafunc.move_sum(x, window, min_count)
        np.testing.assert_array_equal(got, np.array(sums[window], dtype))
        var = parafunc.move_var(x, window, min_count)
        np.testing.assert_allclose(var, np.array(variances[window], dtype), **within)
        std = parafunc.move_std(x, window, min_count)
        np.testing.assert_allclose(std, np.sqrt(np.array(variances[window], dtype)), **within)
    y = np.concatenate([x, np.arange(8, 12, dtype=dtype)])  # ..., -inf, 6, 7, 8, 9, 10, 11
    assert parafunc.move_sum(y, 4)[-3:].tolist() == [30, 34, 38]
    variance = np.array([5 / 3] * 3, dtype)
    np.testing.assert_allclose(parafunc.move_var(y, 4, ddof=1)[-3:], variance, **within)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_argmin_argmax_newest_of_equal_extremes(dtype):
    """The offset of the extreme back from the window's end; of equal extremes the most
    recent (smallest offset), as bottleneck: also across chunk boundaries and threads, on
    data made of few distinct values (ties everywhere)."""
    x = np.array([1, 3, 1, 1, np.nan, 3, 3, 0, 0, np.nan, np.nan, -0.0, 0.0, 5], dtype)
    argmin = [0, 1, 0, 0, 1, 2, 0, 0, 0, 1, 2, 0, 0, 1]
    argmax = [0, 0, 1, 2, 1, 0, 0, 1, 2, 1, 2, 0, 0, 0]
    np.testing.assert_array_equal(parafunc.move_argmin(x, 3, min_count=1), argmin)
    np.testing.assert_array_equal(parafunc.move_argmax(x, 3, min_count=1), argmax)
    rng = np.random.default_rng(11)
    x = rng.integers(0, 3, 3 * CHUNK + 17).astype(dtype)
    x[rng.random(x.size) < 0.3] = np.nan
    for name in ("move_argmin", "move_argmax"):
        for window in (2, 5, 64, CHUNK + 3):
            params = {"window": window, "min_count": 1}
            got = same_on_any_thread_count(REGISTRY[name], x, -1, params)
            expected, _ = integer_valued_moving(name, x, **params)
            assert_bitwise_equal(got, expected.astype(dtype))


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=str)
def test_integer_extremes(dtype):
    """move_min and move_max of int32 and int64 extremes are those values as float64, exact
    where they are doubles (int64's maximum 2**63 - 1 is not: it rounds to 2**63, as do
    2**63 - 2 and 2**63 - 3); argmin and argmax compare the doubles, as bottleneck does, so
    those are equal there and the newest wins."""
    info = np.iinfo(dtype)
    lo, hi = int(info.min), int(info.max)
    a = np.array([hi, lo, 0, hi - 1, -1, lo + 1, hi, lo], dtype)
    double = [float(v) for v in a.tolist()]
    mins, maxs = parafunc.move_min(a, 2), parafunc.move_max(a, 2)
    assert mins.dtype == maxs.dtype == np.float64
    assert mins[1:].tolist() == [min(double[i - 1 : i + 1]) for i in range(1, 8)]
    assert maxs[1:].tolist() == [max(double[i - 1 : i + 1]) for i in range(1, 8)]
    assert parafunc.move_min(a, 8)[-1] == lo  # exact: -2**63 and -2**31 are doubles
    assert parafunc.move_max(a, 8)[-1] == (hi if dtype == np.int32 else 2.0**63)
    assert parafunc.move_argmax(a, 3, min_count=1).tolist() == [0, 1, 2, 0, 1, 2, 0, 1]
    assert parafunc.move_argmin(a, 3, min_count=1).tolist() == [0, 0, 1, 2, 0, 0, 1, 0]
    ties = np.array([hi, hi - 1, hi - 2, hi - 1], dtype)  # one double, 2**63, for int64
    newest = [0, 0, 0, 0] if dtype == np.int64 else [0, 1, 2, 3]
    assert parafunc.move_argmax(ties, 4, min_count=1).tolist() == newest
    bottleneck = pytest.importorskip("bottleneck")
    for name in ("move_min", "move_max", "move_argmin", "move_argmax"):
        for b in (a, ties):
            expected = getattr(bottleneck, name)(b, 3, min_count=1)
            assert_bitwise_equal(getattr(parafunc, name)(b, 3, min_count=1), expected)


# ---------------------------------------------------------------------------------------
# Order statistics: move_median, move_quantile, move_rank

ORDER = [REGISTRY[name] for name in ORDER_STATISTICS]
per_order_statistic = pytest.mark.parametrize("spec", ORDER, ids=lambda spec: spec.name)
FLAT_WINDOW = 4096  # kFlatWindow in src/kernels/moving_order.hpp: longer windows in blocks
WINDOW_RULES = {
    "move_median": move_median_window,
    "move_quantile": move_quantile_window,
    "move_rank": move_rank_window,
}


def _q(spec, q=0.3):
    return {"q": q} if spec.name == "move_quantile" else {}


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_rank_ties_and_nan_newest(dtype):
    """Equal values share the mean of their ranks ((2 less + equal - 1) / 2, scaled from
    [0, n - 1] to [-1, 1]); NaN are not counted, and a NaN newest element gives NaN however
    many values the window holds; a window of one value, or of equal ones, gives 0 (-0.0
    and 0.0 are equal)."""
    x = np.array([1, 3, 3, np.nan, 3, 2, 2, 2, np.nan, 5, 0.0, -0.0], dtype)
    # Window 4: [1] [1 3] [1 3 3] newest NaN, [3 3 _ 3] [3 _ 3 2] [_ 3 2 2] [3 2 2 2],
    # newest NaN, [2 2 _ 5], [2 _ 5 0], [_ 5 0 -0].
    expected = [0, 1, 0.5, np.nan, 0, -1, -0.5, 2 * (1 / 3 - 0.5), np.nan, 1, -1, -0.5]
    got = parafunc.move_rank(x, 4, min_count=1)
    assert got.dtype == dtype
    assert_bitwise_equal(got, np.array(expected, dtype))
    expected[:2] = [np.nan, np.nan]  # fewer than 3 values
    assert_bitwise_equal(parafunc.move_rank(x, 4, min_count=3), np.array(expected, dtype))
    same = np.full(20, 7.5, dtype)
    same[::3] = np.nan
    got = parafunc.move_rank(same, 5, min_count=1)
    assert np.all(got[~np.isnan(same)] == 0) and np.all(np.isnan(got[np.isnan(same)]))


@pytest.mark.parametrize("window", [2, 7, 100, FLAT_WINDOW + 904])
def test_rank_matches_bottleneck_on_ties(window):
    """Few distinct values, ties in every window, NaN newest elements: bottleneck's rule,
    bitwise for float64 (registry.BOTTLENECK_RANK), also in blocks."""
    bottleneck = pytest.importorskip("bottleneck")
    rng = np.random.default_rng(20)
    x = rng.integers(0, 4, 12_000).astype(np.float64)
    x[rng.random(x.size) < 0.2] = np.nan
    for min_count in (None, 1):
        expected = bottleneck.move_rank(x, window, min_count=min_count)
        assert_bitwise_equal(parafunc.move_rank(x, window, min_count=min_count), expected)


def test_rank_compares_integers_exactly():
    """int64 values are compared as integers, as bottleneck does (not as the doubles they
    round to: 2**62 + 1 and 2**62, or 2**63 - 1 and 2**63 - 2, are one double); the counts
    then give the rank."""
    big, top = 2**62, 2**63 - 1
    a = np.array([big, big + 1, big, top, top - 1, top], np.int64)
    # Window 3: [b] [b b+1] [b b+1 b] [b+1 b t] [b t t-1] [t t-1 t]
    expected = [0, 1, -0.5, 1, 0, 0.5]
    assert_bitwise_equal(parafunc.move_rank(a, 3, min_count=1), np.array(expected))
    assert parafunc.move_rank(a.astype(np.float64), 3, min_count=1).tolist() != expected
    bottleneck = pytest.importorskip("bottleneck")
    np.testing.assert_allclose(
        bottleneck.move_rank(a, 3, min_count=1), expected, rtol=0, atol=EPS64
    )


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_median_of_huge_and_infinite_values(dtype):
    """The mean of the two middle values never overflows (NumPy's median gives inf for
    two values above half the largest float: (a + b) / 2) and raises no floating-point
    flag; -inf and +inf give NaN, one infinity that infinity; exactly the reference's
    mean (references.between: exact, rounded once)."""
    big = float(np.finfo(dtype).max)
    inf = np.inf
    x = np.array([big, big, big / 2, -big, -big, big, inf, -inf, -inf, 1, inf, big], dtype)
    with np.errstate(all="raise"):
        got = parafunc.move_median(x, 2, min_count=1)
    expected = [big, big, 0.75 * big, -big / 4, -big, 0, inf, np.nan, -inf, -inf, inf, inf]
    np.testing.assert_array_equal(got, np.array(expected, dtype))
    REGISTRY["move_median"].check(got, x, -1, {"window": 2, "min_count": 1})
    odd = parafunc.move_median(x, 3, min_count=1)  # the middle value itself
    np.testing.assert_array_equal(odd[4:7], np.array([-big, -big, big], dtype))


def test_median_and_quantile_match_numpy():
    """On finite float64 data with NaN (and ties), each window's np.nanmedian and
    np.nanquantile (default 'linear' method), bitwise: short windows at the first 500
    positions, windows in blocks at every 97th (NumPy takes ~20 us a window)."""
    rng = np.random.default_rng(21)
    x = rng.standard_normal(6000)
    x[::7] = np.round(x[::7]) + 0.0  # ties (+ 0.0: no -0.0, which NumPy's median makes 0.0)
    x[rng.random(x.size) < 0.2] = np.nan
    x[300:360] = np.nan  # windows of no value
    qs = [0.0, 1.0, 0.5, 0.25, 0.1, 0.9999, float(rng.random())]
    cases = [(1, None), (2, 1), (3, 2), (10, 1), (60, 30), (FLAT_WINDOW + 1, 1), (6000, 1)]
    for window, min_count in cases:
        padded = np.concatenate([np.full(window - 1, np.nan), x])
        windows = np.lib.stride_tricks.sliding_window_view(padded, window)
        ends = np.arange(500) if window < 100 else np.arange(0, x.size, 97)
        count = np.sum(~np.isnan(windows[ends]), axis=1)
        short = count < (min_count or window)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows
            expected = np.nanmedian(windows[ends], axis=1)
            expected[short] = np.nan
            got = parafunc.move_median(x, window, min_count)
            assert_bitwise_equal(got[ends], expected)
            for q in qs:
                expected = np.nanquantile(windows[ends], q, axis=1)
                expected[short] = np.nan
                got = parafunc.move_quantile(x, window, q, min_count)
                assert_bitwise_equal(got[ends], expected)


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
def test_quantile_0_and_1_are_min_and_max(dtype):
    """q = 0 is the window's smallest value, q = 1 its largest, as move_min and move_max
    give them, with NaN, infinities and ties, also in blocks. (Where b - a overflows, for
    finite values beyond half the largest float, q = 0 gives NaN as NumPy's does: not
    here.)"""
    rng = np.random.default_rng(22)
    x = np.round(rng.standard_normal(12_000) * 1000)
    if np.dtype(dtype).kind == "f":
        x[rng.random(x.size) < 0.2] = np.nan
        x[rng.random(x.size) < 0.01] = np.inf
        x[rng.random(x.size) < 0.01] = -np.inf
    x = x.astype(dtype)
    for window in (1, 3, 50, FLAT_WINDOW + 500):
        for min_count in (None, 1):
            lowest = parafunc.move_quantile(x, window, 0.0, min_count)
            highest = parafunc.move_quantile(x, window, 1, min_count)
            np.testing.assert_array_equal(lowest, parafunc.move_min(x, window, min_count))
            np.testing.assert_array_equal(highest, parafunc.move_max(x, window, min_count))


@pytest.mark.parametrize("window", [3, 4, FLAT_WINDOW + 1])
@pytest.mark.parametrize("name", ["move_median", "move_quantile"])
def test_zeros_keep_their_sign(name, window):
    """-0.0 and 0.0 compare equal but are different values: a window of only 0.0 (the
    -0.0 before it have left) has median and quantiles 0.0, a window of only -0.0 median
    -0.0, as each window's np.nanmedian and np.nanquantile, and bottleneck.move_median,
    give them. The sorted window must hold the values the window holds, not equal ones
    that have left (x = [-0.0] * 3 + [0.0] * 4, window 3: median 0.0 at the last two)."""
    n = 3 * window
    runs = [np.full(n, -0.0), np.full(n, 0.0), np.full(n, -0.0), np.full(n, 0.0)]
    x = np.concatenate(runs)
    q = {"q": 0.3} if name == "move_quantile" else {}
    got = getattr(parafunc, name)(x, window, min_count=1, **q)
    for start in range(0, x.size, n):  # the windows inside each run
        inside = got[start + window - 1 : start + n]
        if x[start] == 0 and not np.signbit(x[start]):
            assert_bitwise_equal(inside, np.zeros(inside.size))
        elif name == "move_median":  # a quantile of -0.0 may be 0.0: -0.0 + 0.0 * gamma
            assert_bitwise_equal(inside, np.full(inside.size, -0.0))


BAD_QS = [
    ("0.5", TypeError),
    (None, TypeError),
    (True, TypeError),
    (np.bool_(False), TypeError),
    ([0.5], TypeError),
    (np.array([0.5]), TypeError),
    (0.5j, TypeError),
    (-0.1, ValueError),
    (1.0000000000000002, ValueError),
    (2, ValueError),
    (np.int64(-1), ValueError),
    (np.float32(1.5), ValueError),
    (np.nan, ValueError),
    (np.inf, ValueError),
    (-np.inf, ValueError),
]


@pytest.mark.parametrize(("q", "error"), BAD_QS, ids=repr)
def test_bad_q(q, error):
    """q must be a real number (not a bool) in [0, 1]: a TypeError or ValueError naming
    it, out left untouched."""
    out = np.full((3, 4), 7.0)
    with pytest.raises(error, match="`q`"):
        parafunc.move_quantile(np.ones((3, 4)), 2, q, out=out)
    assert np.all(out == 7.0)


@pytest.mark.parametrize("q", [-0.5, 1.5, np.nan, np.inf])
def test_raw_gufunc_bad_q(q):
    """The raw gufunc checks q too, before writing any output."""
    out = np.full((3, 4), 7.0)
    with pytest.raises(ValueError, match="q"):
        parafunc.gufuncs.move_quantile(np.ones((3, 4)), 2, 1, q, out=out)
    assert np.all(out == 7.0)


def _order_data(n, dtype, seed):
    """Segments that stress a sorted window's blocks: random ties, an ascending and a
    descending ramp (every insertion, every erasure at one end), a constant run (equal
    values across blocks), a NaN run (the window empties and refills), distinct values;
    NaN (not for integers) and infinities (only for floats) sprinkled over all. No -0.0:
    which of -0.0 and 0.0 is a window's middle value depends on the order they came in."""
    rng = np.random.default_rng(seed)
    k = n // 6
    x = np.concatenate(
        [
            rng.integers(-50, 50, k),
            np.arange(k) * 3.0,
            np.arange(k, 0, -1) * 2.0,
            np.full(k, 7.0),
            np.full(k, np.nan),
            np.round(rng.standard_normal(n - 5 * k) * 1e4) + 0.0,  # + 0.0: no -0.0
        ]
    )
    if np.dtype(dtype).kind == "i":
        x[np.isnan(x)] = 0
    else:
        x[rng.random(n) < 0.1] = np.nan
        x[rng.random(n) < 0.005] = np.inf
        x[rng.random(n) < 0.005] = -np.inf
    return x.astype(dtype)


def _check_sampled_windows(spec, got, x, params, every=997):
    """``got`` at every ``every``-th position against the per-window rules of
    references.py (the exact ones, within the registry's tolerance)."""
    window = params["window"]
    min_count = params.get("min_count") or window
    rule = WINDOW_RULES[spec.name]
    values = x if spec.name == "move_rank" else x.astype(np.float64)  # as moving() does
    extra = {"q": params["q"]} if "q" in params else {}
    for i in range(window - 2, x.size, every):
        w = values[max(0, i - window + 1) : i + 1]
        expected, scale = (math.nan, 0.0)
        if np.sum(~np.isnan(w.astype(np.float64))) >= min_count:
            expected, scale = rule(w, 0.0, **extra)
        spec.compare(got[i : i + 1], np.array([expected]), np.array([scale]), x.dtype)


@pytest.mark.parametrize(
    ("spec", "dtype"),
    [(spec, dtype) for spec in ORDER for dtype in FLOAT_DTYPES]
    + [(REGISTRY["move_rank"], np.dtype(np.int64))],  # the others read int64 as doubles
    ids=lambda v: getattr(v, "name", str(v)),
)
def test_long_windows_either_side_of_the_flat_limit(spec, dtype):
    """Windows of 4096 (one flat sorted array) and 4097, 10000, the whole series (sorted
    blocks) over 20000 values, against the vectorised reference (bitwise) everywhere and
    the per-window rules at every 997th position."""
    x = _order_data(20_000, dtype, seed=23)
    for window in (FLAT_WINDOW, FLAT_WINDOW + 1, 10_000, x.size):
        for min_count in (None, window // 2):
            params = {"window": window, "min_count": min_count, **_q(spec, 0.3 + window % 3 / 10)}
            got = spec.call(x, -1, params)
            expected, _ = order_statistics_moving(spec.name, x, **params)
            assert_bitwise_equal(got, expected.astype(spec.output_dtype(dtype)))
            if min_count is None:
                _check_sampled_windows(spec, got, x, params)


@per_order_statistic
def test_long_windows_2d(spec):
    """Windows either side of 4096 along either axis of 2-D arrays (many series: the
    structure is reset between them), in any thread count."""
    base = _order_data(3 * 9001, np.float64, seed=24)
    for a, axis in [
        (base.reshape(3, 9001), 1),
        (np.asfortranarray(base.reshape(9001, 3)), 0),
        (base.reshape(9001, 3).astype(np.float32)[::-1], 0),
    ]:
        for window in (FLAT_WINDOW, FLAT_WINDOW + 1, 7000):
            params = {"window": window, "min_count": 1000, **_q(spec, 0.8)}
            got = same_on_any_thread_count(spec, a, axis, params)
            expected, _ = order_statistics_moving(spec.name, a, axis=axis, **params)
            assert_bitwise_equal(got, expected.astype(spec.output_dtype(a.dtype)))


@per_order_statistic
def test_long_series_same_on_any_thread_count(spec):
    """Bitwise the same result on 1, 2 and 3 threads over two chunks and more (so cut
    into blocks run in parallel), for short and blocked windows; and the reference's."""
    x = _order_data(2 * CHUNK + 17, np.float64, seed=25)
    for window in (5, 2 * FLAT_WINDOW):
        params = {"window": window, "min_count": 1, **_q(spec, 0.6)}
        got = same_on_any_thread_count(spec, x, -1, params)
        expected, _ = order_statistics_moving(spec.name, x, **params)
        assert_bitwise_equal(got, expected)
