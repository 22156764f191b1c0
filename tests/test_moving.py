"""Tests of the moving-window family (parafunc/moving.py): every registry entry of family
"moving" against its reference, on every layout, axis, dtype, window and thread count,
with out= (strided, and the input itself)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import parafunc
import strategies as hs
from registry import (
    BAD_OUTS,
    CONVERTED_DTYPES,
    FLOAT_DTYPES,
    INT_DTYPES,
    NATIVE_DTYPES,
    REGISTRY,
    argument_id,
    assert_bitwise_equal,
    assert_refuses_out,
    family,
    peer_test_data,
)

MOVING = family("moving")
MOVE_MEAN = REGISTRY["move_mean"]
CHUNK = 1 << 16  # kChunkElements in src/engine/moving_loop.hpp; also the parallel threshold
per_function = pytest.mark.parametrize("spec", MOVING, ids=lambda spec: spec.name)


def _draw_case(data, spec, dtypes=None, **array_kwargs):
    """An array, an axis at least spec.min_length long, and window parameters."""
    dtypes = spec.dtypes if dtypes is None else dtypes
    a = data.draw(hs.arrays(dtypes=dtypes, min_dims=1, **array_kwargs), label="a")
    axis = data.draw(hs.axes(a.ndim, allow_none=False), label="axis")
    assume(a.shape[axis] >= spec.min_length)
    params = data.draw(spec.parameters(a.shape[axis]), label="params")
    return a, axis, params


# ---------------------------------------------------------------------------------------
# Against the reference


@per_function
@given(data=st.data())
def test_matches_reference(spec, data):
    a, axis, params = _draw_case(data, spec)
    before = a.copy()
    spec.check(spec.call(a, axis, params), a, axis, params)
    assert_bitwise_equal(a, before)  # the input is never written


@per_function
@given(data=st.data())
def test_calling_conventions(spec, data):
    """Positional window/min_count (bottleneck's order) and the default axis (-1)."""
    a, axis, params = _draw_case(data, spec)
    keywords = spec.call(a, axis, params)
    assert_bitwise_equal(spec.call(a, axis - a.ndim if axis >= 0 else axis, params), keywords)
    with np.errstate(invalid="ignore"):
        assert_bitwise_equal(spec.func(a, params["window"], params["min_count"], axis), keywords)
        if params["min_count"] is None:
            assert_bitwise_equal(spec.func(a, params["window"], axis=axis), keywords)
        if axis in (-1, a.ndim - 1):
            assert_bitwise_equal(spec.func(a, **params), keywords)


@per_function
@given(data=st.data())
def test_out(spec, data):
    """out= in any layout gets exactly the result, and is what is returned."""
    a, axis, params = _draw_case(data, spec)
    out = data.draw(hs.outs(spec.output_dtype(a.dtype), a.shape), label="out")
    result = spec.call(a, axis, params, out=out)
    assert result is out
    assert_bitwise_equal(out, spec.call(a, axis, params))


@per_function
@given(data=st.data())
def test_out_is_the_input(spec, data):
    """move_mean(x, w, out=x): NumPy passes the exact overlap through uncopied (DESIGN
    fact 9); the result must be bitwise that of a separate output."""
    floats = [d for d in spec.dtypes if spec.output_dtype(d) == d]
    a, axis, params = _draw_case(data, spec, dtypes=floats, layouts=hs.WRITABLE_LAYOUTS)
    expected = spec.call(a.copy(), axis, params)
    result = spec.call(a, axis, params, out=a)
    assert result is a
    assert_bitwise_equal(a, expected)


@pytest.mark.parametrize("dtype", list(CONVERTED_DTYPES), ids=str)
@per_function
def test_other_real_dtypes_are_converted(spec, dtype):
    """bool and integers go exactly to int64, uint64 and float16 to float64: the result is
    bitwise that of the converted input."""
    a = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 1, 1]]).astype(dtype)
    a[2] = np.array(np.iinfo(dtype).max if dtype.kind in "iu" else 1, dtype)
    target = CONVERTED_DTYPES[dtype]
    for axis in (0, 1):
        got = spec.call(a, axis, {"window": 2})
        assert got.dtype == spec.output_dtype(target)
        assert_bitwise_equal(got, spec.call(a.astype(target), axis, {"window": 2}))


@per_function
def test_empty_outer_dimensions(spec):
    for shape, axis in [((0, 5), -1), ((5, 0), 0), ((2, 0, 3), 2)]:
        for dtype in NATIVE_DTYPES:
            got = spec.call(np.empty(shape, dtype), axis, {"window": 2})
            assert got.shape == shape and got.dtype == spec.output_dtype(dtype)


# ---------------------------------------------------------------------------------------
# An exact, vectorised reference for long inputs of integer values (with NaN and inf):
# window sums of integers below 2**53 are exact in float64, so a correct implementation
# gives bitwise the quotient rounded once (then to float32 for float32 input).


def exact_integer_move_mean(x, window, min_count=None, axis=-1):
    min_count = window if min_count is None else min_count
    x = np.moveaxis(np.asarray(x, dtype=np.float64), axis, -1)
    n = x.shape[-1]

    def window_sums(v):
        c = np.concatenate([np.zeros(v.shape[:-1] + (1,), np.int64), np.cumsum(v, -1)], -1)
        end = np.arange(1, n + 1)
        return c[..., end] - c[..., np.maximum(end - window, 0)]

    total = window_sums(np.where(np.isfinite(x), x, 0).astype(np.int64))
    count = window_sums((~np.isnan(x)).astype(np.int64))
    positive = window_sums((x == np.inf).astype(np.int64)) > 0
    negative = window_sums((x == -np.inf).astype(np.int64)) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total.astype(np.float64) / count
    mean[positive] = np.inf
    mean[negative] = -np.inf
    mean[positive & negative] = np.nan
    mean[count < min_count] = np.nan
    return np.moveaxis(mean, -1, axis)


def _integer_data(shape, dtype, seed, nan=0.05, inf=0.0):
    rng = np.random.default_rng(seed)
    x = rng.integers(-1000, 1000, shape).astype(dtype)
    if np.dtype(dtype).kind == "f":
        x[rng.random(shape) < nan] = np.nan
        x[rng.random(shape) < inf / 2] = np.inf
        x[rng.random(shape) < inf / 2] = -np.inf
    return x


def _same_on_any_thread_count(spec, a, axis, params):
    with parafunc.threads(1):
        serial = spec.call(a, axis, params)
    for n in (2, 3):
        with parafunc.threads(n):
            assert_bitwise_equal(spec.call(a, axis, params), serial)
    return serial


def _expect_exact(got, x, window, min_count=None, axis=-1):
    expected = exact_integer_move_mean(x, window, min_count, axis)
    assert_bitwise_equal(got, expected.astype(MOVE_MEAN.output_dtype(np.asarray(x).dtype)))


# ---------------------------------------------------------------------------------------
# Long inputs: chunks, threads, aliasing


@pytest.mark.parametrize(
    "dtype", [np.float64, np.float32, np.int64, np.int32], ids=lambda d: np.dtype(d).name
)
@pytest.mark.parametrize("window", [1, 7, 1000, 70000])
def test_long_1d_threads_bitwise_and_exact(dtype, window):
    x = _integer_data(300_001, dtype, seed=window, inf=0.0002)
    for min_count in (None, 1, max(1, window // 2)):
        params = {"window": window, "min_count": min_count}
        got = _same_on_any_thread_count(MOVE_MEAN, x, -1, params)
        _expect_exact(got, x, window, min_count)
        if np.dtype(dtype).kind == "f":  # out=x on the same long input, all thread counts
            for n in (1, 2):
                y = x.copy()
                with parafunc.threads(n):
                    MOVE_MEAN.call(y, -1, params, out=y)
                assert_bitwise_equal(y, got)


@pytest.mark.parametrize("length", [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 3])
def test_sizes_either_side_of_the_threshold(length):
    x = _integer_data(length, np.float64, seed=length, inf=0.001)
    for window in (1, 2, 300):
        got = _same_on_any_thread_count(MOVE_MEAN, x, -1, {"window": window, "min_count": 1})
        _expect_exact(got, x, window, 1)


VIEWS_2D = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "cols_1_-1": lambda x: x[:, 1:-1],
    "rows_::-2": lambda x: x[::-2],
}


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shape", [(3, 70001), (70001, 3), (300, 300), (1000, 70), (2, 40000)])
@pytest.mark.parametrize("view", list(VIEWS_2D))
def test_2d_threads_bitwise_and_exact(dtype, shape, view):
    base = _integer_data(shape, dtype, seed=sum(shape), inf=0.001)
    a = VIEWS_2D[view](base)
    for axis in (0, 1):
        for window in sorted({1, min(5, a.shape[axis]), a.shape[axis]}):
            params = {"window": window, "min_count": 1}
            got = _same_on_any_thread_count(MOVE_MEAN, a, axis, params)
            _expect_exact(got, a, window, 1, axis)
            y = VIEWS_2D[view](base.copy())  # the same layout, aliased
            MOVE_MEAN.call(y, axis, params, out=y)
            assert_bitwise_equal(y, got)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: np.dtype(d).name)
def test_3d_middle_axis_subblock(dtype):
    """a[:, 1:-1, :] makes NumPy split the outer loop into many small calls."""
    base = _integer_data((40, 72, 50), dtype, seed=4, inf=0.001)
    a = base[:, 1:-1, :]
    for axis in (0, 1, 2):
        for window in sorted({1, min(3, a.shape[axis]), a.shape[axis]}):
            got = _same_on_any_thread_count(MOVE_MEAN, a, axis, {"window": window})
            _expect_exact(got, a, window, None, axis)
            before = base.copy()
            MOVE_MEAN.call(a, axis, {"window": window}, out=a)  # aliased, in the big array
            assert_bitwise_equal(a, got)
            base[...] = before


@pytest.mark.parametrize("layout", list(hs.MIDDLE_AXIS_LAYOUTS))
@pytest.mark.parametrize("shape", [(3000, 40, 3), (3, 40, 3000), (6, 5, 4, 300), (2, 70001, 2)])
@per_function
def test_middle_axis_companion(spec, shape, layout):
    """A middle axis goes through the (p,n,q) companion in one call (also across chunk
    boundaries), which must give bitwise what the plain gufunc gives through NumPy's many
    small calls, on any thread count, into a fresh result, an out= of either memory order,
    or the input itself."""
    a = hs.MIDDLE_AXIS_LAYOUTS[layout](_integer_data(shape, np.float64, seed=6, inf=0.001))
    for axis in range(1, a.ndim - 1):
        for window in sorted({1, 3, a.shape[axis]}):
            params = {"window": window, "min_count": 1}
            plain = np.empty_like(a)
            spec.gufunc(a, window, 1, axes=[(axis,), (), (), (axis,)], out=plain)
            assert_bitwise_equal(_same_on_any_thread_count(spec, a, axis, params), plain)
            for order in ("C", "F"):
                out = np.empty(a.shape, order=order)
                assert spec.call(a, axis, params, out=out) is out
                assert_bitwise_equal(out, plain)
            aliased = a.copy(order="K")
            spec.call(aliased, axis, params, out=aliased)
            assert_bitwise_equal(aliased, plain)


@pytest.mark.parametrize("window", [1, 2, 5, 1000, CHUNK // 4 + 1])
def test_chunk_edges(window):
    """NaN, infinities and huge values on both sides of every chunk boundary (a chunk is
    max(65536, 4 * window) long): each must enter and leave the window exactly."""
    n = 6 * CHUNK + 11
    x = _integer_data(n, np.float64, seed=window, nan=0.0)
    length = max(CHUNK, 4 * window)
    specials = [np.nan, np.inf, -np.inf, 1e15]
    for k, edge in enumerate(range(length, n, length)):
        for offset in (-window, -1, 0, 1, window - 1):
            if 0 <= edge + offset < n:
                x[edge + offset] = specials[(k + offset) % len(specials)]
    for min_count in (None, 1):
        got = _same_on_any_thread_count(
            MOVE_MEAN, x, -1, {"window": window, "min_count": min_count}
        )
        _expect_exact(got, x, window, min_count)
        y = x.copy()
        MOVE_MEAN.call(y, -1, {"window": window, "min_count": min_count}, out=y)
        assert_bitwise_equal(y, got)


# ---------------------------------------------------------------------------------------
# Infinities, NaN, identities


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_infinities(dtype):
    x = np.array([1, np.inf, 2, 3, -np.inf, 4, 5, np.inf, -np.inf, 6, 7], dtype)
    with np.errstate(all="raise"):  # no floating-point flag at all: infinities are counted
        two = parafunc.move_mean(x, 2)
        three = parafunc.move_mean(x, 3, min_count=1)
    expected_two = [
        np.nan,
        np.inf,
        np.inf,
        2.5,
        -np.inf,
        -np.inf,
        4.5,
        np.inf,
        np.nan,
        -np.inf,
        6.5,
    ]
    expected_three = [
        1,
        np.inf,
        np.inf,
        np.inf,
        -np.inf,
        -np.inf,
        -np.inf,
        np.inf,
        np.nan,
        np.nan,
        -np.inf,
    ]
    assert two.dtype == three.dtype == dtype
    np.testing.assert_array_equal(two, np.array(expected_two, dtype))
    np.testing.assert_array_equal(three, np.array(expected_three, dtype))
    # The infinities have left: plain finite means again, exactly.
    assert parafunc.move_mean(x, 2)[[3, 6, 10]].tolist() == [2.5, 4.5, 6.5]


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_window_one_is_the_identity(dtype):
    """A window of one element is that element: the compensated running sum keeps every
    step exact. (Over a dynamic range beyond double-double's ~2**106, a value far larger
    than those after it leaves a residue; that is the reference's scale, not tested here.)"""
    rng = np.random.default_rng(8)
    n = 3 * CHUNK + 5
    x = (rng.standard_normal(n) * 10.0 ** rng.integers(-4, 5, n)).astype(dtype)
    x[rng.random(x.size) < 0.1] = np.nan
    x[::1000] = np.inf
    assert_bitwise_equal(parafunc.move_mean(x, 1), x)


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=str)
def test_integers_are_converted_element_by_element(dtype):
    """int input gives bitwise what float64 input of the same values gives (each integer
    rounded to double on its own, as bottleneck does), extremes included."""
    info = np.iinfo(dtype)
    rng = np.random.default_rng(9)
    a = rng.integers(info.min, info.max, 2 * CHUNK + 1, dtype=dtype, endpoint=True)
    a[::97] = info.max
    a[1::97] = info.min
    for window in (1, 3, 500):
        got = parafunc.move_mean(a, window)
        assert_bitwise_equal(got, parafunc.move_mean(a.astype(np.float64), window))


# ---------------------------------------------------------------------------------------
# Accuracy


def test_no_drift_over_a_long_series():
    """10**6 values of 1e8 + N(0, 1), window 100: a plain running sum drifts by ~1e-6 here;
    a compensated one that restarts at chunk boundaries does not."""
    rng = np.random.default_rng(10)
    x = 1e8 + rng.standard_normal(10**6)
    got = parafunc.move_mean(x, 100)
    for end in [99, 100, CHUNK - 1, CHUNK, CHUNK + 99, 5 * CHUNK + 50, 10**6 - 2, 10**6 - 1]:
        exact = math.fsum(x[end - 99 : end + 1].tolist()) / 100
        assert abs(got[end] - exact) <= 1e-7, (end, got[end], exact)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@pytest.mark.parametrize("value", [0.1, 1 / 3, 0.7, 1e8 + 0.3, math.pi, -2.5e-7])
def test_constant_windows_give_the_constant(dtype, value):
    """The mean of equal values is that value to within one ulp (float64; exact for float32,
    computed in float64), whatever the window and length, and does not drift (here across
    chunk boundaries, in parallel, with NaN gaps). bottleneck drifts: its mean of 100
    copies of 1/3 is 0.3333333333333329, 11 ulp off."""
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


# ---------------------------------------------------------------------------------------
# Against bottleneck


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(1,), (1000,), (200_003,), (37, 501)])
@per_function
def test_matches_bottleneck(spec, dtype, shape):
    bn = pytest.importorskip("bottleneck")
    a = peer_test_data(shape, dtype, seed=12)
    for axis in range(a.ndim):
        for window in sorted({1, min(3, a.shape[axis]), min(50, a.shape[axis]), a.shape[axis]}):
            for min_count in (None, 1):
                params = {"window": window, "min_count": min_count}
                expected = getattr(bn, spec.bottleneck)(a, **params, axis=axis)
                got = spec.call(a, axis, params)
                assert got.dtype == expected.dtype
                tolerance = spec.bottleneck_tolerance[spec.output_dtype(dtype)]
                np.testing.assert_allclose(got, expected, rtol=tolerance.rtol, atol=tolerance.atol)


# ---------------------------------------------------------------------------------------
# The raw gufunc: per-series windows (broadcast), windows longer than the series


def test_raw_gufunc_per_series_parameters():
    """window and min_count broadcast against the outer dimensions: one pair per series,
    which also makes the engine walk the series one by one (no shared tile)."""
    x = _integer_data((6, 3 * CHUNK + 5), np.float64, seed=13, inf=0.0005)
    windows = np.array([1, 2, 7, 1000, 70000, 10**6])  # the last longer than the series
    min_counts = np.array([1, 2, 3, 1, 50000, 1])
    with parafunc.threads(1):
        serial = parafunc.gufuncs.move_mean(x, windows, min_counts)
    with parafunc.threads(2):
        assert_bitwise_equal(parafunc.gufuncs.move_mean(x, windows, min_counts), serial)
    for row, window, min_count in zip(range(6), windows, min_counts, strict=True):
        window = min(int(window), x.shape[1])  # a longer window sees the whole prefix
        _expect_exact(serial[row], x[row], window, int(min_count))
    y = x.copy()
    parafunc.gufuncs.move_mean(y, windows, min_counts, out=y)
    assert_bitwise_equal(y, serial)


@pytest.mark.parametrize(
    ("window", "min_count", "message"),
    [
        (0, 1, "window"),
        (-1, 1, "window"),
        (2, 3, "min_count"),
        (2, 0, "min_count"),
        (np.array([1, 0, 2]), 1, "window"),
    ],
)
def test_raw_gufunc_bad_parameters(window, min_count, message):
    out = np.full((3, 4), 7.0)
    with pytest.raises(ValueError, match=message):
        parafunc.gufuncs.move_mean(np.ones((3, 4)), window, min_count, out=out)
    assert np.all(out == 7.0)  # checked before any output is written


# ---------------------------------------------------------------------------------------
# Bad arguments: the right exception, a message naming the argument, out left untouched


BAD_ARGUMENTS = [
    ({"window": 0}, ValueError, "Moving window (=0) must between 1 and 4, inclusive"),
    ({"window": 5}, ValueError, "Moving window (=5) must between 1 and 4, inclusive"),
    ({"window": -1}, ValueError, "Moving window (=-1) must between 1 and 4, inclusive"),
    ({"window": 2.0}, TypeError, "`window` must be an integer"),
    ({"window": "2"}, TypeError, "`window` must be an integer"),
    ({"window": None}, TypeError, "`window` must be an integer"),
    ({"window": True}, TypeError, "`window` must be an integer"),
    ({"window": 2, "min_count": 0}, ValueError, "`min_count` must be greater than zero."),
    ({"window": 2, "min_count": -3}, ValueError, "`min_count` must be greater than zero."),
    ({"window": 2, "min_count": 3}, ValueError, "min_count (3) cannot be greater than window (2)"),
    ({"window": 2, "min_count": 1.5}, TypeError, "`min_count` must be an integer"),
    ({"window": 2, "axis": 2}, ValueError, "axis(=2) out of bounds"),
    ({"window": 2, "axis": -3}, ValueError, "axis(=-3) out of bounds"),
    ({"window": 2, "axis": None}, TypeError, "`axis` must be an integer"),
    ({"window": 2, "axis": 1.0}, TypeError, "`axis` must be an integer"),
    ({"window": 2, "axis": (1,)}, TypeError, "`axis` must be an integer"),
]


@per_function
@pytest.mark.parametrize(("kwargs", "error", "message"), BAD_ARGUMENTS, ids=argument_id)
def test_bad_arguments(spec, kwargs, error, message):
    a = np.ones((3, 4))
    out = np.full((3, 4), 7.0)
    with pytest.raises(error, match=re.escape(message)):
        spec.func(a, **kwargs, out=out)
    assert np.all(out == 7.0)  # nothing written on an error found before computing


@per_function
@pytest.mark.parametrize(("out", "error"), list(BAD_OUTS.values()), ids=list(BAD_OUTS))
def test_bad_out(spec, out, error):
    assert_refuses_out(lambda out: spec.func(np.ones((3, 4)), window=2, out=out), out, error)


@per_function
@pytest.mark.parametrize(
    "a", [np.array(["a", "b"]), np.array([1 + 2j]), np.array([None, 1.0], dtype=object)]
)
def test_bad_dtypes(spec, a):
    with pytest.raises(TypeError, match="dtype"):
        spec.func(a, 1)


@per_function
def test_0d_input(spec):
    with pytest.raises(ValueError, match="axis"):
        spec.func(np.float64(1.0), 1)


def test_infinities_raise_no_floating_point_warning():
    """Windows sliding over runs of infinities and NaN warn about nothing (the suite turns
    warnings into errors): inf - inf is never computed."""
    x = np.array([np.inf, np.inf, np.inf, -np.inf, np.nan, 1.0, 2.0, -np.inf, -np.inf, 3.0])
    for window in (1, 2, 3):
        got = parafunc.move_mean(x, window, min_count=1)
        with np.errstate(invalid="ignore"):  # NumPy's own mean of [inf, -inf] warns
            expected = [
                np.mean(w[~np.isnan(w)]) if (~np.isnan(w)).any() else np.nan
                for w in (x[max(0, i - window + 1) : i + 1] for i in range(len(x)))
            ]
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("window", [11, 10**15, 2**62, np.iinfo(np.intp).max])
def test_raw_gufunc_window_longer_than_the_series(window):
    """A window longer than the series is the whole series: no huge buffer, no overflow,
    also in place."""
    x = np.arange(10.0)
    expected = np.cumsum(x) / np.arange(1, 11)
    np.testing.assert_array_equal(parafunc.gufuncs.move_mean(x, window, 1), expected)
    parafunc.gufuncs.move_mean(x, window, 1, out=x)
    np.testing.assert_array_equal(x, expected)
