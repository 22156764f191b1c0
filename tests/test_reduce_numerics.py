"""Numerics of the reductions beyond the generic tests of test_reduce.py: accuracy on
hard inputs (float32, large offsets, constant data), and nansum's wrapping and NaN
rules."""

from __future__ import annotations

import math

import numpy as np
import pytest

import parafunc
from registry import (
    FLOAT_DTYPES,
    INT_DTYPES,
    NATIVE_DTYPES,
    REGISTRY,
    assert_bitwise_equal,
    same_on_any_thread_count,
)

BLOCK = 1 << 16  # kBlockElements in src/engine/reduce_loop.hpp
NANSUM = REGISTRY["nansum"]


# ---------------------------------------------------------------------------------------
# Accuracy


def test_nanmean_float32_accuracy():
    """float32 accumulates in float64: the mean of 10**7 x 0.1f is 0.1f (NumPy's float32
    pairwise mean is off by ~1e-7 relative here, bottleneck's by ~1e-2). The issue's 10**8
    takes 400 MB and seconds; the float32 running sum that fails it already fails at
    10**7 (it stalls at 2**21)."""
    got = parafunc.nanmean(np.full(10**7, 0.1, np.float32))
    assert got.dtype == np.float32
    assert abs(float(got) - 0.1) <= 1e-6 * 0.1


def test_nanvar_large_offset():
    """10**6 values of 1e9 + N(0, 1): a one-pass sum of squares loses every digit here;
    the result is within 1e-6 relative of the exact variance (integer arithmetic), on any
    thread count, and nanstd is its square root."""
    rng = np.random.default_rng(15)
    x = 1e9 + rng.standard_normal(10**6)
    expected, _ = REGISTRY["nanvar"].expected(x, None, {})
    got = same_on_any_thread_count(REGISTRY["nanvar"], x, None, {})
    assert abs(got - expected) <= 1e-6 * expected
    for ddof in (1, 10):
        exact, _ = REGISTRY["nanvar"].expected(x, None, {"ddof": ddof})
        assert abs(parafunc.nanvar(x, ddof=ddof) - exact) <= 1e-6 * exact
    assert abs(parafunc.nanstd(x) - math.sqrt(expected)) <= 1e-6 * math.sqrt(expected)
    assert abs(parafunc.nanmean(x) - float(np.mean(x))) <= 1e-15 * 1e9


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@pytest.mark.parametrize("value", [0.1, "huge", -3.0, 1 / 3, "subnormal", 7e15 + 1])
def test_constant_data_has_variance_exactly_zero(dtype, value):
    """Equal values have variance and standard deviation exactly 0, whatever their count
    (across block boundaries, in parallel, with NaN gaps, along either axis); "huge" is
    1e300 (1e38 for float32), "subnormal" three times the smallest subnormal."""
    info = np.finfo(dtype)
    special = {
        "huge": 1e300 if dtype == np.float64 else 1e38,
        "subnormal": 3 * info.smallest_subnormal,
    }
    c = np.asarray(special.get(value, value), dtype)
    for n in (1, 2, 3, 7, 100, 1001, BLOCK + 1, 3 * BLOCK + 5):
        x = np.full(n, c)
        x[1::5] = np.nan
        for name in ("nanvar", "nanstd"):
            for ddof in (0, 1) if n > 2 else (0,):
                got = same_on_any_thread_count(REGISTRY[name], x, None, {"ddof": ddof})
                assert got == 0 and got.dtype == REGISTRY[name].output_dtype(dtype), (n, got)
    square = np.full((70, 300), c)
    for axis in (0, 1, (0, 1)):
        assert np.all(parafunc.nanvar(square, axis=axis) == 0)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_variance_is_never_negative(dtype):
    """Nearly constant data (a few ulps of spread around a large offset, where rounding
    could make a sum of squares minus a square negative) gives variance >= 0."""
    rng = np.random.default_rng(16)
    for offset in (1e8, 1e15, 3.0, -7e20):
        c = np.asarray(offset, dtype)
        for n in (2, 3, 17, 1000, BLOCK + 3):
            x = c + np.spacing(c) * rng.integers(-2, 3, n).astype(dtype)
            for axis_view in (x, x.reshape(-1, 1), x[::-1]):
                got = parafunc.nanvar(axis_view, axis=0)
                assert np.all(got >= 0), (offset, n, got)
                assert np.all(parafunc.nanstd(axis_view, axis=0) >= 0)


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("name", ["nanargmin", "nanargmax"])
def test_nanargmin_first_of_equal_extremes_across_blocks(dtype, name):
    """Equal extremes in several blocks (and a NaN-only first block): the first index,
    whatever block is merged first."""
    spec = REGISTRY[name]
    n = 4 * BLOCK + 9
    a = np.zeros(n, dtype)
    if np.dtype(dtype).kind == "f":
        a[:BLOCK] = np.nan
    info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
    extreme = info.min if name == "nanargmin" else info.max
    for position in (3 * BLOCK + 5, 2 * BLOCK - 1, BLOCK + 1, BLOCK, BLOCK - 1):
        a[position] = extreme
        assert same_on_any_thread_count(spec, a, None) == np.flatnonzero(a == extreme)[0]
        reverse = a[::-1]
        first_in_reverse = np.flatnonzero(reverse == extreme)[0]
        assert same_on_any_thread_count(spec, reverse, None) == first_in_reverse
    two = np.stack([a, a[::-1]])
    spec.check(same_on_any_thread_count(spec, two, 1), two, 1, {})


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=str)
def test_integer_extremes(dtype):
    info = np.iinfo(dtype)
    a = np.array([[info.max, info.min, 0], [info.min, info.min, info.max]], dtype)
    for name in ("nanmin", "nanmax", "nanargmin", "nanargmax", "ss", "nanmean", "nanvar"):
        for axis in (None, 0, 1):
            REGISTRY[name].check_call(a, axis, {})
    assert parafunc.nanmean(np.full(3 * BLOCK, info.max, dtype)) == float(info.max)
    assert not parafunc.anynan(a) and not parafunc.allnan(a)
    assert parafunc.allnan(np.empty(0, dtype)) and not parafunc.anynan(np.empty(0, dtype))
    assert parafunc.nancount(a) == 6


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@pytest.mark.parametrize("name", ["anynan", "allnan"])
def test_nan_tests_stop_early_only_when_decided(name, dtype):
    """anynan and allnan stop reading a series once decided: at its first few elements
    (when every series is decided there), within a run, and by groups of series in a tile.
    One deciding element at each place, among series that decide at their first element
    or never: each answer is NumPy's, along both axes of several layouts."""
    rows, columns = 70, 21  # tiles along axis 0 with a partial group of series
    deciding, other = (np.nan, 1.0) if name == "anynan" else (1.0, np.nan)
    for row, column in [(0, 0), (rows - 1, columns - 1), (17, 8), (33, 7), (16, 15), (1, 20)]:
        a = np.full((rows, columns), other, dtype)
        a[:, 3] = deciding  # decided at its first element
        a[row, column] = deciding
        for view in (a, np.asfortranarray(a), a[::-1], a[:, ::-2]):
            for axis in (0, 1):
                nan = np.isnan(view)
                expected = nan.any(axis) if name == "anynan" else nan.all(axis)
                np.testing.assert_array_equal(getattr(parafunc, name)(view, axis=axis), expected)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_ss_is_not_nan_aware(dtype):
    a = np.array([[1.0, np.nan, 2.0], [3.0, -np.inf, 1.0], [1.0, 2.0, 2.0]], dtype)
    np.testing.assert_array_equal(parafunc.ss(a, axis=1), np.array([np.nan, np.inf, 9.0], dtype))
    assert np.isnan(parafunc.ss(a))
    assert parafunc.ss(np.empty(0, dtype)) == 0


# ---------------------------------------------------------------------------------------
# nansum specifics: accuracy, wrapping, NaN rules


def test_nansum_float32_accuracy():
    """float32 accumulates in float64: 10**7 x 0.1f sums to 1e6 (NumPy's float32 pairwise
    sum is off by ~1e-3 relative, bottleneck's by far more)."""
    got = parafunc.nansum(np.full(10**7, 0.1, np.float32))
    assert got.dtype == np.float32
    assert abs(float(got) - 1e6) <= 1e-6 * 1e6


def test_nansum_compensated_cancellation():
    """Each 1 is exactly lost by plain float64 summation beside 1e16. Short series (under
    one 128-element fold) are compensated element by element (exact); longer ones fold
    16-element plain lane sums, within (15 + 3) eps sum|x| (NumPy's pairwise bound has a
    log2(n) more), in the same order whatever the memory layout."""
    a = np.array([1e16, 1.0, 1.0, 1.0, 1.0, -1e16] * 1000)
    assert np.array_equal(parafunc.nansum(a.reshape(1000, 6), axis=1), np.full(1000, 4.0))
    bound = 18 * np.finfo(np.float64).eps / 2 * np.abs(a).sum()
    assert abs(parafunc.nansum(a) - 4000.0) <= bound
    reversed_view = a[::-1]
    assert parafunc.nansum(reversed_view) == parafunc.nansum(reversed_view.copy())


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_nansum_axis_none_does_not_depend_on_layout(dtype):
    """axis=None sums a 2-D view that has no flat view as exactly as a contiguous copy:
    the docstring promises float32 sums 'as exact as float32 allows'."""
    base = np.zeros((2, 3), dtype)
    base[0, :2] = [1e8, 1.0]
    base[1, :2] = [-1e8, 0.0]
    a = base[:, :2]  # neither C- nor F-contiguous
    assert not (a.flags.c_contiguous or a.flags.f_contiguous)
    expected = math.fsum(float(v) for v in a.ravel())  # 1.0, exact in float32
    assert parafunc.nansum(np.ascontiguousarray(a)) == expected
    assert parafunc.nansum(a) == expected


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_nansum_axis_none_infinities_do_not_depend_on_layout(dtype):
    """A row holding +inf and -inf makes the whole sum NaN, whatever the layout: the NaN
    of that row must not be skipped as a missing value by a second pass."""
    base = np.array([[np.inf, -np.inf, 0.0], [1.0, 2.0, 0.0]], dtype)
    a = base[:, :2]  # neither C- nor F-contiguous
    with np.errstate(invalid="ignore"):
        assert np.isnan(parafunc.nansum(np.ascontiguousarray(a)))
        assert np.isnan(parafunc.nansum(a))
        assert np.isnan(parafunc.nansum(base[:, ::-1][:, 1:]))


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=str)
def test_nansum_integers_wrap(dtype):
    info = np.iinfo(dtype)
    a = np.array([info.max, 1, info.max, info.max], dtype)
    expected, _ = NANSUM.expected(a, None, {})
    assert parafunc.nansum(a) == expected
    assert parafunc.nansum(a).dtype == dtype
    assert parafunc.nansum(np.array([info.max, 1], dtype)) == info.min
    assert parafunc.nansum(np.array([info.min, -1], dtype)) == info.max
    big = np.full(3 * BLOCK + 1, info.max, dtype)
    expected, _ = NANSUM.expected(big, None, {})
    assert same_on_any_thread_count(NANSUM, big, None) == expected


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_nansum_nan_rules(dtype):
    assert parafunc.nansum(np.array([np.nan, np.nan], dtype)) == 0
    assert parafunc.nansum(np.array([np.nan, 2.0, np.nan], dtype)) == 2
    assert parafunc.nansum(np.array([np.nan, np.inf], dtype)) == np.inf
    assert parafunc.nansum(np.array([-np.inf, 1.0], dtype)) == -np.inf
    all_nan = np.full((4, 3), np.nan, dtype)
    assert_bitwise_equal(parafunc.nansum(all_nan, axis=0), np.zeros(3, dtype))
    zero = parafunc.nansum(np.array([], dtype))
    assert zero == 0 and zero.dtype == dtype
