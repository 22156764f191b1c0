"""Tests of the reduction family (parafunc/reduce.py): every registry entry of family
"reduce" against its reference, on every layout, axis, dtype and thread count."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import parafunc
import strategies as hs
from registry import (
    CONVERTED_DTYPES,
    EPS64,
    FLOAT_DTYPES,
    INT_DTYPES,
    NATIVE_DTYPES,
    REGISTRY,
    Tolerance,
    argument_id,
    assert_bitwise_equal,
    assert_within,
    family,
    nansum_reference,
    peer_test_data,
)

REDUCE = family("reduce")
BLOCK = 1 << 16  # kBlockElements in src/engine/reduce_loop.hpp; also the parallel threshold


NANSUM = REGISTRY["nansum"]
# Every generic test runs once per function of the family.
per_function = pytest.mark.parametrize("spec", REDUCE, ids=lambda spec: spec.name)


# ---------------------------------------------------------------------------------------
# Against the reference


@per_function
@given(data=st.data())
def test_matches_reference(spec, data):
    a = data.draw(hs.arrays(dtypes=spec.dtypes, min_dims=0), label="a")
    axis = data.draw(hs.axes(a.ndim, allow_none=spec.axis_none), label="axis")
    before = a.copy()
    spec.check(spec.call(a, axis, {}), a, axis, {})
    assert_bitwise_equal(a, before)  # the input is never written


@per_function
@given(data=st.data())
def test_default_axis(spec, data):
    a = data.draw(hs.arrays(dtypes=spec.dtypes, min_dims=0, max_dims=2), label="a")
    with np.errstate(invalid="ignore"):
        default = spec.func(a)
    assert_bitwise_equal(default, spec.call(a, spec.default_axis, {}))


@per_function
@given(data=st.data())
def test_out(spec, data):
    """out= in any layout (strided, reversed, Fortran) gets exactly the result, and is
    what is returned."""
    a = data.draw(hs.arrays(dtypes=spec.dtypes, min_dims=1), label="a")
    axis = data.draw(hs.axes(a.ndim, allow_none=spec.axis_none), label="axis")
    dtype = spec.output_dtype(a.dtype)
    out = data.draw(hs.outs(dtype, spec.out_shape(a.shape, axis)), label="out")
    result = spec.call(a, axis, {}, out=out)
    assert result is out
    assert_bitwise_equal(out, spec.call(a, axis, {}))


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@per_function
def test_empty(spec, dtype):
    for shape, axis in [((0,), None), ((0,), 0), ((0, 3), None), ((0, 3), 0), ((3, 0), 1)]:
        a = np.empty(shape, dtype)
        spec.check(spec.call(a, axis, {}), a, axis, {})
    # Nothing to reduce into: an empty result.
    got = spec.call(np.empty((0, 3), dtype), 1, {})
    assert got.shape == (0,) and got.dtype == spec.output_dtype(dtype)


@pytest.mark.parametrize("dtype", list(CONVERTED_DTYPES), ids=str)
@per_function
def test_other_real_dtypes_are_converted(spec, dtype):
    """bool and integers go exactly to int64, uint64 and float16 to float64: the result is
    bitwise that of the converted input."""
    a = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 1, 1]]).astype(dtype)
    a[2] = np.array(np.iinfo(dtype).max if dtype.kind in "iu" else 1, dtype)
    target = CONVERTED_DTYPES[dtype]
    for axis in (None, 0, 1):
        got = spec.call(a, axis, {})
        assert np.asarray(got).dtype == spec.output_dtype(target)
        assert_bitwise_equal(got, spec.call(a.astype(target), axis, {}))
    assert_bitwise_equal(spec.call(a.tolist(), 1, {}), spec.call(np.array(a.tolist()), 1, {}))


@per_function
def test_array_likes(spec):
    assert_bitwise_equal(spec.func([1.0, 2.0, np.nan]), spec.func(np.array([1.0, 2.0, np.nan])))
    assert_bitwise_equal(spec.func([[1, 2], [3, 4]]), spec.func(np.array([[1, 2], [3, 4]])))
    assert_bitwise_equal(spec.func(np.float32(2.5)), spec.func(np.array([2.5], np.float32)))
    assert_bitwise_equal(spec.func(7), spec.func(np.array([7])))


# ---------------------------------------------------------------------------------------
# Threads, blocks and the parallel threshold


def _random(shape, dtype, seed):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "i":
        return rng.integers(np.iinfo(dtype).min, np.iinfo(dtype).max, shape, dtype=dtype)
    x = (rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)).astype(dtype)
    x[rng.random(shape) < 0.05] = np.nan
    return x


def _same_on_any_thread_count(spec, a, axis):
    with parafunc.threads(1):
        serial = spec.call(a, axis, {})
    for n in (2, 3):
        with parafunc.threads(n):
            assert_bitwise_equal(spec.call(a, axis, {}), serial)
    return serial


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize(
    "length", [1, 1000, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 7, 300_001, 10**6 + 3]
)
@per_function
def test_long_1d_threads_bitwise_and_reference(spec, dtype, length):
    a = _random(length, dtype, seed=length)
    for view in (a, a[::-1], a[::3]):
        result = _same_on_any_thread_count(spec, view, None)
        spec.check(result, view, None, {})


VIEWS_2D = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "cols_1_-1": lambda x: x[:, 1:-1],
    "rows_::-2": lambda x: x[::-2],
    "T": lambda x: x.T,
}


@pytest.mark.parametrize(
    "dtype", [np.float32, np.float64, np.int64], ids=lambda d: np.dtype(d).name
)
@pytest.mark.parametrize("shape", [(3, 70001), (70001, 3), (300, 300), (1000, 70), (2, 40000)])
@pytest.mark.parametrize("view", list(VIEWS_2D))
@per_function
def test_2d_threads_bitwise_and_reference(spec, dtype, shape, view):
    a = VIEWS_2D[view](_random(shape, dtype, seed=sum(shape)))
    for axis in (0, 1, -1, None):
        result = _same_on_any_thread_count(spec, a, axis)
        if axis is None or np.asarray(result).size <= 1000:
            spec.check(result, a, axis, {})
        else:  # too many series for the Python reference: NumPy's pairwise float64 sum
            _check_with_numpy(result, a, axis)


def _check_with_numpy(result, a, axis):
    """nansum against NumPy on a float64 (or wrapping int64) copy; for float data the
    tolerance adds the error bound of NumPy's pairwise summation, log2(n) eps64 sum|x|."""
    if a.dtype.kind == "i":
        expected = np.sum(a.astype(np.int64), axis=axis).astype(a.dtype)
        np.testing.assert_array_equal(result, expected)
        return
    x = np.where(np.isnan(a), 0.0, a.astype(np.float64))
    expected = np.sum(x, axis=axis)
    scale = np.sum(np.abs(x), axis=axis)
    tolerance = NANSUM.tolerance[a.dtype]
    slack = math.ceil(math.log2(max(a.shape[axis], 2))) * EPS64
    assert_within(result, expected, scale, Tolerance(tolerance.rtol, tolerance.atol + slack))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: np.dtype(d).name)
@per_function
def test_3d_middle_axis_subblock(spec, dtype):
    """a[:, 1:-1, :] cannot be merged into one outer loop: NumPy calls the loop many times
    with small outer counts (DESIGN fact 2)."""
    base = _random((40, 72, 50), dtype, seed=3)
    a = base[:, 1:-1, :]
    for axis in (0, 1, 2, None):
        result = _same_on_any_thread_count(spec, a, axis)
        spec.check(result, a, axis, {})


@pytest.mark.parametrize("layout", list(hs.MIDDLE_AXIS_LAYOUTS))
@pytest.mark.parametrize("shape", [(3000, 40, 3), (3, 40, 3000), (50, 7, 60), (6, 5, 4, 300)])
@per_function
def test_middle_axis_companion(spec, shape, layout):
    """A middle axis goes through the (p,n,q)->(p,q) companion in one call, which must give
    bitwise what the plain gufunc gives through NumPy's many small calls, on any thread
    count, into a fresh result or an out= of either memory order. (The layout of `out`
    may change how NumPy, and so the engine, groups the series, and with it the last bits:
    each out= is compared with the plain gufunc writing into the same layout.)"""
    a = hs.MIDDLE_AXIS_LAYOUTS[layout](_random(shape, np.float64, seed=5))
    for axis in range(1, a.ndim - 1):
        plain = spec.gufunc(a, axes=[(axis,), ()])
        result = _same_on_any_thread_count(spec, a, axis)
        assert_bitwise_equal(result, plain)
        for order in ("C", "F"):
            out = np.full(plain.shape, -1.0, order=order)
            assert spec.call(a, axis, {}, out=out) is out
            plain_out = np.full(plain.shape, -1.0, order=order)
            spec.gufunc(a, axes=[(axis,), ()], out=plain_out)
            assert_bitwise_equal(out, plain_out)


@pytest.mark.parametrize("shape", [(300, 70001 // 300 + 1), (200_001,), (7, 130, 9)])
@per_function
def test_layout_does_not_change_the_bits(spec, shape):
    """The same values in any memory layout (C, Fortran, strided, reversed, transposed
    copy) reduce to bitwise the same result along every axis: the kernels fold a series in
    one order whether they read it as a contiguous run, a strided run or a tile column.
    (axis=None sums in memory order, so there the last bits may depend on the layout.)"""
    a = _random(shape, np.float64, seed=9)
    layouts = {
        "F": np.asfortranarray(a),
        "strided": np.repeat(a, 2, axis=-1)[..., ::2],
        "reversed": a[..., ::-1].copy()[..., ::-1],
        "swapped": np.ascontiguousarray(np.swapaxes(a, 0, -1)).swapaxes(0, -1),
    }
    for axis in range(a.ndim):
        expected = spec.call(a, axis, {})
        for name, view in layouts.items():
            assert np.array_equal(view, a, equal_nan=True)
            assert_bitwise_equal(np.asarray(spec.call(view, axis, {})), np.asarray(expected)), name


@per_function
def test_block_edges(spec):
    """Values that test the merge of blocks sit on both sides of every block boundary."""
    n = 5 * BLOCK + 3
    a = _random(n, np.float64, seed=11)
    for k, edge in enumerate(range(BLOCK, n, BLOCK)):
        a[edge - 1] = [1e16, np.nan, 3.5e15, 1e30][k % 4]
        a[edge] = [-1e16, np.nan, -3.5e15, -1e30][k % 4]
        a[edge + 1] = 0.5
    for dtype in (np.float64, np.float32):
        x = a.astype(dtype)
        result = _same_on_any_thread_count(spec, x, None)
        spec.check(result, x, None, {})


@per_function
def test_block_edge_infinities(spec):
    """An infinity alone in its block, the opposite one in another block: NaN whatever
    the order of the merge; one kind alone: that infinity."""
    n = 4 * BLOCK
    for first, second in [(BLOCK - 1, BLOCK), (0, n - 1), (BLOCK, 3 * BLOCK - 1)]:
        a = np.ones(n)
        a[first] = np.inf
        assert _same_on_any_thread_count(spec, a, None) == np.inf
        a[second] = -np.inf
        with np.errstate(invalid="ignore"):
            assert np.isnan(_same_on_any_thread_count(spec, a, None))


# ---------------------------------------------------------------------------------------
# Against bottleneck


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(1,), (1000,), (200_003,), (37, 501), (501, 37)])
@per_function
def test_matches_bottleneck(spec, dtype, shape):
    bn = pytest.importorskip("bottleneck")
    a = peer_test_data(shape, dtype, seed=5)
    for axis in [None, *range(a.ndim)]:
        expected = np.asarray(getattr(bn, spec.bottleneck)(a, axis=axis))
        got = np.asarray(spec.call(a, axis, {}))
        if np.dtype(dtype).kind == "i":
            np.testing.assert_array_equal(got, expected)
        else:
            tolerance = spec.bottleneck_tolerance[np.dtype(dtype)]
            np.testing.assert_allclose(got, expected, rtol=tolerance.rtol, atol=tolerance.atol)


# ---------------------------------------------------------------------------------------
# Bad arguments: the right exception, a message naming the argument, out left untouched


BAD_ARGUMENTS = [
    ({"axis": 2}, ValueError, r"axis"),
    ({"axis": -3}, ValueError, r"axis"),
    ({"axis": 1.0}, TypeError, r"axis"),
    ({"axis": "0"}, TypeError, r"axis"),
    ({"axis": (0,)}, TypeError, r"axis"),
    ({"axis": True}, TypeError, r"axis"),
    ({"axis": 0, "out": np.empty(5)}, ValueError, r"(?i)\bout"),
    ({"axis": 0, "out": np.empty((1, 4))}, ValueError, r"(?i)\bout"),
    ({"axis": None, "out": np.empty(2)}, ValueError, r"(?i)\bout"),
    ({"axis": 0, "out": np.empty(4, np.int64)}, TypeError, r"(?i)\bout"),
    ({"axis": 0, "out": [0.0, 0.0, 0.0, 0.0]}, TypeError, r"(?i)\bout"),
]


@pytest.mark.parametrize(("kwargs", "error", "match"), BAD_ARGUMENTS, ids=argument_id)
@per_function
def test_bad_arguments(spec, kwargs, error, match):
    a = np.ones((3, 4))
    out = kwargs.get("out")
    before = out.copy() if isinstance(out, np.ndarray) else None
    with pytest.raises(error, match=match):
        spec.func(a, **kwargs)
    if before is not None:
        assert_bitwise_equal(out, before)


@pytest.mark.parametrize(
    "a", [np.array(["a", "b"]), np.array([1 + 2j]), np.array([None, 1.0], dtype=object)]
)
@per_function
def test_bad_dtypes(spec, a):
    with pytest.raises(TypeError, match="dtype"):
        spec.func(a)


@per_function
def test_axis_of_0d_input(spec):
    with pytest.raises(ValueError, match="axis"):
        spec.func(np.float64(1.0), axis=0)


# ---------------------------------------------------------------------------------------
# The raw gufunc: NumPy's own axes=, keepdims=, out=


@per_function
def test_raw_gufunc(spec):
    x = _random((7, 3, 50), np.float64, seed=14)
    with np.errstate(invalid="ignore"):
        assert_bitwise_equal(spec.gufunc(x), spec.call(x, -1, {}))
        assert_bitwise_equal(spec.gufunc(x, axes=[(0,), ()]), spec.call(x, 0, {}))
        kept = spec.gufunc(x, axes=[(1,), (1,)], keepdims=True)
        assert_bitwise_equal(kept, spec.call(x, 1, {})[:, np.newaxis, :])
        out = np.empty((7, 3))
        assert spec.gufunc(x, out=out) is out
        assert_bitwise_equal(out, spec.call(x, -1, {}))


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
    expected, _ = nansum_reference(a)
    assert parafunc.nansum(a) == expected
    assert parafunc.nansum(a).dtype == dtype
    assert parafunc.nansum(np.array([info.max, 1], dtype)) == info.min
    assert parafunc.nansum(np.array([info.min, -1], dtype)) == info.max
    big = np.full(3 * BLOCK + 1, info.max, dtype)
    expected, _ = nansum_reference(big)
    assert _same_on_any_thread_count(NANSUM, big, None) == expected


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
