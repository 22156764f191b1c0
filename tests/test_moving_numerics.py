"""Numerics of the moving windows beyond the generic tests of test_moving.py: accuracy on
hard inputs (long series on large offsets, trends, constant and nearly constant windows),
infinities entering and leaving windows, the order rules of move_argmin and move_argmax,
and integer extremes."""

from __future__ import annotations

import math

import numpy as np
import pytest

import parafunc
from references import integer_valued_moving, move_std_window, move_var_window
from registry import (
    EPS32,
    EPS64,
    FLOAT_DTYPES,
    INT_DTYPES,
    REGISTRY,
    assert_bitwise_equal,
    family,
    same_on_any_thread_count,
)

CHUNK = 1 << 16  # kChunkElements in src/engine/moving_loop.hpp; also the parallel threshold
WITH_DDOF = [spec for spec in family("moving") if len(spec.gufunc_scalars) == 3]
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
