"""Tests of the reduction family (parafunc/reduce.py): every registry entry of family
"reduce" against its reference, on every layout, axis (int, None, tuple), keepdims,
dtype, out= and thread count, against bottleneck, and with bad arguments."""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import strategies as hs
from references import Raises, reduced_axes
from registry import (
    CONVERTED_DTYPES,
    FLOAT_DTYPES,
    NATIVE_DTYPES,
    REGISTRY,
    argument_id,
    assert_bitwise_equal,
    family,
    peer_test_data,
    random_data,
    same_on_any_thread_count,
)

REDUCE = family("reduce")
BLOCK = 1 << 16  # kBlockElements in src/engine/reduce_loop.hpp; also the parallel threshold
NANSUM = REGISTRY["nansum"]
DDOF = [REGISTRY["nanvar"], REGISTRY["nanstd"]]

# Every generic test runs once per function of the family.
per_function = pytest.mark.parametrize("spec", REDUCE, ids=lambda spec: spec.name)
with_ddof = pytest.mark.parametrize("spec", DDOF, ids=lambda spec: spec.name)


def _without_floating_point_flags(spec, a, axis, params, keepdims=None):
    """The call raises no floating-point warning at all (spec.call ignores "invalid")."""
    try:
        spec.expected(a, axis, params, bool(keepdims))
    except Raises:
        return
    extra = {} if keepdims is None else {"keepdims": keepdims}
    with np.errstate(all="raise"):
        spec.func(a, **params, axis=axis, **extra)


# ---------------------------------------------------------------------------------------
# Against the reference


@per_function
@given(data=st.data())
def test_matches_reference(spec, data):
    a, axis, params, keepdims = hs.reduction_case(data, spec)
    before = a.copy()
    spec.check_call(a, axis, params, keepdims=keepdims)
    assert_bitwise_equal(a, before)  # the input is never written


@per_function
def test_signature(spec):
    assert str(inspect.signature(spec.func)) == spec.signature


@per_function
@given(data=st.data())
def test_default_axis_and_positional_arguments(spec, data):
    """func(a) reduces along the default axis; axis and the parameters may be passed by
    position, in the order of the signature."""
    a, axis, params, _ = hs.reduction_case(data, spec, max_dims=2)
    values = {"axis": axis, **params}
    order = [name for name in inspect.signature(spec.func).parameters if name in values]
    with np.errstate(invalid="ignore"):
        try:
            keywords = spec.call(a, axis, params)
        except ValueError:  # an empty or all-NaN reduction: see test_matches_reference
            keywords = None
        if keywords is not None:
            assert_bitwise_equal(spec.func(a, *[values[name] for name in order]), keywords)
        try:
            default = spec.call(a, spec.default_axis, {})
        except ValueError:
            return
        assert_bitwise_equal(spec.func(a), default)


@per_function
@given(data=st.data())
def test_out(spec, data):
    """out= in any layout (strided, reversed, Fortran), with or without keepdims, gets
    exactly the result and is what is returned; on an error found before computing it is
    left untouched."""
    a, axis, params, keepdims = hs.reduction_case(data, spec, min_dims=1)
    shape = spec.result_shape(a.shape, axis, params, bool(keepdims))
    out = data.draw(hs.outs(spec.output_dtype(a.dtype), shape), label="out")
    try:
        spec.expected(a, axis, params, bool(keepdims))
    except Raises:
        spec.check_call(a, axis, params, out=out, keepdims=keepdims)
        return
    result = spec.call(a, axis, params, out=out, keepdims=keepdims)
    assert result is out
    assert_bitwise_equal(out, spec.call(a, axis, params, keepdims=keepdims))


@pytest.mark.parametrize(
    "spec",
    [s for s in REDUCE if any(s.output_dtype(d) == d for d in s.dtypes)],
    ids=lambda spec: spec.name,
)
@given(data=st.data())
def test_out_aliasing_the_input(spec, data):
    """out= may be (a view into) the input itself where the shapes and dtypes allow (not
    for anynan and allnan, whose bool results no input dtype shares): the result is that
    of a separate copy of the input (NumPy copies a partial overlap; an exact one reaches
    the loop uncopied, DESIGN fact 9)."""
    dtypes = [d for d in spec.dtypes if spec.output_dtype(d) == d]
    kind = data.draw(st.sampled_from(["axis=()", "keepdims", "first element"]), label="kind")
    if kind == "axis=()" and not spec.axis_tuples:
        kind = "keepdims"
    a = data.draw(hs.arrays(dtypes=dtypes, min_dims=1, layouts=hs.WRITABLE_LAYOUTS), label="a")
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1), label="axis")
    keepdims = None
    if kind == "axis=()":
        axis, view, out = (), a, a
    elif kind == "keepdims":  # a length-1 slice along the axis, reduced in place
        view = out = a[(slice(None),) * (axis % a.ndim) + (slice(0, 1),)]
        keepdims = True
    else:  # the result written over the first element of each series
        view = a
        first = a[(slice(None),) * (axis % a.ndim) + (slice(0, 1),)]
        out = first.squeeze(axis) if a.shape[axis] else None
    if out is None or view.size == 0:
        return
    params = data.draw(spec.parameters(1 if kind != "first element" else a.shape[axis]))
    copy = view.copy()
    try:
        expected = spec.call(copy, axis, params, keepdims=keepdims)
    except ValueError:  # an all-NaN slice of nanargmin/nanargmax
        return
    assert spec.call(view, axis, params, out=out, keepdims=keepdims) is out
    assert_bitwise_equal(out, expected)


@per_function
@given(data=st.data())
def test_keepdims(spec, data):
    """keepdims=True gives bitwise the result without it, with the reduced axes kept as 1."""
    a, axis, params, _ = hs.reduction_case(data, spec)
    try:
        plain = spec.call(a, axis, params, keepdims=False)
    except ValueError:
        return
    kept = spec.call(a, axis, params, keepdims=True)
    # (A 0-d input's keepdims result is 0-d: scalar or array, api.md does not say.)
    assert np.ndim(kept) == a.ndim and (isinstance(kept, np.ndarray) or not a.ndim)
    assert_bitwise_equal(kept, np.expand_dims(plain, reduced_axes(a.ndim, axis)))


AXES_3D = [(), (0,), (-1,), (0, 2), (2, 0), (-1, -3), (1, 2), (0, 1, 2), (2, -2, 0)]


@pytest.mark.parametrize("axis", AXES_3D, ids=str)
@per_function
def test_axis_tuples(spec, axis):
    """A tuple reduces its axes together (in any order and sign); () reduces nothing; the
    functions without tuples raise TypeError naming axis."""
    rng = np.random.default_rng(2)
    a = rng.standard_normal((4, 5, 6))
    a[rng.random(a.shape) < 0.2] = np.nan
    if not spec.axis_tuples:
        with pytest.raises(TypeError, match="axis"):
            spec.func(a, axis=axis)
        return
    params = {"ddof": 1} if spec in DDOF else {}
    for keepdims in (False, True):
        spec.check_call(a, axis, params, keepdims=keepdims)
        spec.check_call(np.asfortranarray(a)[::-1, :, 1:], axis, params, keepdims=keepdims)


@pytest.mark.parametrize(
    ("axis", "error", "match"),
    [
        ((0, 0), ValueError, "axis"),
        ((1, -2), ValueError, "axis"),
        ((0, 3), ValueError, re.escape("axis(=3) out of bounds")),
        ((-4,), ValueError, re.escape("axis(=-4) out of bounds")),
        ((0, 1.0), TypeError, "axis"),
        (("0",), TypeError, "axis"),
        ([0, 1], TypeError, "axis"),
    ],
    ids=argument_id,
)
@per_function
def test_bad_axis_tuples(spec, axis, error, match):
    if not spec.axis_tuples:
        error, match = TypeError, "axis"
    out = np.full(spec.result_shape((2, 3, 4), 0, {}), 7, spec.output_dtype(np.float64))
    before = out.copy()
    with pytest.raises(error, match=match):
        spec.func(np.ones((2, 3, 4)), axis=axis, out=out)
    assert_bitwise_equal(out, before)


EMPTY_CASES = [
    ((0,), None),
    ((0,), 0),
    ((0, 3), None),
    ((0, 3), 0),
    ((3, 0), 1),
    ((0, 0), 0),
    ((3, 0), 0),  # reduces 3 elements into an empty result
    ((0, 3), 1),
    ((2, 0, 3), (0, 1)),
    ((2, 0, 3), (0, 2)),
    ((0, 3), ()),
    ((), None),
    ((), ()),
]


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@per_function
def test_empty(spec, dtype):
    """Empty reductions follow api.md's table (NaN, 0, True or bottleneck's ValueError) and
    raise no floating-point warning (0/0 is never computed)."""
    for shape, axis in EMPTY_CASES:
        if isinstance(axis, tuple) and not spec.axis_tuples:
            continue
        a = np.zeros(shape, dtype)
        params = {"ddof": 0} if spec in DDOF else {}
        for keepdims in (False, True):
            _without_floating_point_flags(spec, a, axis, params, keepdims)
            spec.check_call(a, axis, params, keepdims=keepdims)
            shape_out = spec.result_shape(shape, axis, params, keepdims)
            out = np.full(shape_out, 3, spec.output_dtype(dtype))
            spec.check_call(a, axis, params, out=out, keepdims=keepdims)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@per_function
def test_all_nan(spec, dtype):
    """All-NaN series: NaN (nanmean, nanvar, nanmin, ...), 0 (nansum, nancount), or
    ValueError("All-NaN slice encountered") (nanargmin, nanargmax), without warnings."""
    for shape, axis in [((5,), None), ((5,), 0), ((3, 4), 0), ((3, 4), 1), ((1, 1), None)]:
        a = np.full(shape, np.nan, dtype)
        _without_floating_point_flags(spec, a, axis, {})
        spec.check_call(a, axis, {})
    mixed = np.array([[np.nan, np.nan], [1.0, np.nan]], dtype)  # one all-NaN column
    spec.check_call(mixed, 0, {})
    spec.check_call(mixed, 1, {})


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


def _raises_on_all_nan(spec):
    try:
        spec.expected(np.array([np.nan]), None, {})
    except Raises:
        return True
    return False


def _check_some_series(spec, result, a, axis, params, elements):
    """The reference on a sample of the series (the last and random ones, at most 64 and
    about ``elements`` elements; none if one is longer): the Python references are too
    slow for all."""
    axis %= a.ndim
    moved = np.moveaxis(a, axis, -1)
    flat = moved.reshape(-1, a.shape[axis])
    got = np.asarray(result).reshape(-1)
    rng = np.random.default_rng(flat.shape[0])
    count = min(64, elements // max(a.shape[axis], 1))
    if count == 0:
        return
    rows = {flat.shape[0] - 1, *rng.integers(0, flat.shape[0], count - 1)}
    for row in sorted(rows):
        expected, scale = spec.expected(flat[row], None, params)
        spec.compare(got[row], expected, scale, a.dtype)


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize(
    "length", [1, 1000, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 7, 300_001, 10**6 + 3]
)
@per_function
def test_long_1d_threads_bitwise_and_reference(spec, dtype, length):
    """One long series is cut into blocks of BLOCK elements whose boundaries do not
    depend on the thread count. (The reference checks every view up to BLOCK + 1 and the
    contiguous one of four blocks; beyond, the Python references take seconds and the
    merges are those of four blocks.)"""
    a = random_data(length, dtype, seed=length)
    params = {"ddof": 1} if spec in DDOF else {}
    for view in (a, a[::-1], a[::3]):
        result = same_on_any_thread_count(spec, view, None, params)
        if view.size <= BLOCK + 1 or (view is a and length <= 3 * BLOCK + 7):
            spec.check(result, view, None, params)


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
@pytest.mark.parametrize(
    "shape", [(3, 70001), (70001, 3), (300, 300), (1000, 70), (2, 40000), (260, 1500)]
)
@pytest.mark.parametrize("view", list(VIEWS_2D))
@per_function
def test_2d_threads_bitwise_and_reference(spec, dtype, shape, view):
    """Rows and columns, either side of the block size and of the tile width (along axis
    0, tiles are an equal share of the series per thread: 1500 series are one tile on 1
    thread, two on 2 and three on 3, each wider than 256), checked on a sample of the
    series (test_layout_does_not_change_the_bits says the layout changes nothing);
    axis=None against the reference where it is under 100_000 elements and has no flat
    view (a flat one is test_long_1d's case). (Series of 2 or 3 elements are often all NaN
    at 5% NaN: NaN-free data for the functions that raise on them.)"""
    a = VIEWS_2D[view](random_data(shape, dtype, seed=sum(shape)))
    if _raises_on_all_nan(spec):
        a = np.nan_to_num(a, nan=1.5)
    for axis in (0, 1, -1, None):
        result = same_on_any_thread_count(spec, a, axis)
        if axis == -1:
            assert_bitwise_equal(result, spec.call(a, 1, {}))
        elif axis is None:
            if view == "cols_1_-1" and a.size < 100_000:  # no flat view
                spec.check(result, a, axis, {})
        else:  # long series in the row- and column-major layouts only
            _check_some_series(spec, result, a, axis, {}, 80_000 if view in "CT" else 10_000)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: np.dtype(d).name)
@per_function
def test_3d_middle_axis_subblock(spec, dtype):
    """a[:, 1:-1, :] cannot be merged into one outer loop: NumPy calls the loop many times
    with small outer counts (DESIGN fact 2)."""
    base = random_data((40, 72, 50), dtype, seed=3)
    a = base[:, 1:-1, :]
    for axis in (0, 1, 2, None):
        result = same_on_any_thread_count(spec, a, axis)
        spec.check(result, a, axis, {})


def _plain(spec, a, axis, out=None):
    """The raw gufunc along ``axis`` with the wrapper's default parameters."""
    scalars = spec.gufunc_scalars
    axes = [(axis,)] + [()] * len(scalars) + [()]
    with np.errstate(invalid="ignore"):
        return spec.gufunc(a, *scalars, axes=axes, out=out)


@pytest.mark.parametrize("layout", list(hs.MIDDLE_AXIS_LAYOUTS))
@pytest.mark.parametrize("shape", [(3000, 40, 3), (3, 40, 3000), (50, 7, 60), (6, 5, 4, 300)])
@per_function
def test_middle_axis_companion(spec, shape, layout):
    """A middle axis goes through the (p,n,q)->(p,q) companion in one call, which must give
    bitwise what the plain gufunc gives through NumPy's many small calls, on any thread
    count, into a fresh result or an out= of either memory order. (The layout of `out`
    may change how NumPy, and so the engine, groups the series, and with it the last bits:
    each out= is compared with the plain gufunc writing into the same layout.)"""
    a = hs.MIDDLE_AXIS_LAYOUTS[layout](random_data(shape, np.float64, seed=5))
    for axis in range(1, a.ndim - 1):
        plain = _plain(spec, a, axis)
        result = same_on_any_thread_count(spec, a, axis)
        assert_bitwise_equal(result, plain)
        for order in ("C", "F"):
            out = np.full(plain.shape, -1, plain.dtype, order=order)
            assert spec.call(a, axis, {}, out=out) is out
            plain_out = np.full(plain.shape, -1, plain.dtype, order=order)
            _plain(spec, a, axis, out=plain_out)
            assert_bitwise_equal(out, plain_out)


@pytest.mark.parametrize("shape", [(300, 70001 // 300 + 1), (300, 1100), (200_001,), (7, 130, 9)])
@per_function
def test_layout_does_not_change_the_bits(spec, shape):
    """The same values in any memory layout (C, Fortran, strided, reversed, transposed
    copy) reduce to bitwise the same result along every axis: the kernels fold a series in
    one order whether they read it as a contiguous run, a strided run or a tile column.
    (axis=None reduces in memory order, so there the last bits may depend on the layout.)"""
    a = random_data(shape, np.float64, seed=9)
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
    """Values that test the merge of blocks sit on both sides of every block boundary:
    cancelling pairs, NaN, a new extreme, a NaN-only stretch."""
    n = 5 * BLOCK + 3
    a = random_data(n, np.float64, seed=11)
    for k, edge in enumerate(range(BLOCK, n, BLOCK)):
        a[edge - 1] = [1e16, np.nan, 3.5e15, 1e18][k % 4]  # squares fit float32
        a[edge] = [-1e16, np.nan, -3.5e15, -1e18][k % 4]
        a[edge + 1] = 0.5
    a[3 * BLOCK - 100 : 3 * BLOCK + 100] = np.nan
    for dtype in (np.float64, np.float32):
        x = a.astype(dtype)
        for params in [{"ddof": 0}, {"ddof": 1}] if spec in DDOF else [{}]:
            result = same_on_any_thread_count(spec, x, None, params)
            spec.check(result, x, None, params)


@per_function
def test_block_edge_infinities(spec):
    """An infinity alone in its block, then the opposite one in another block: what the
    reference says (NaN for sums, means and variances; the infinity's index for argmin...),
    whatever the order of the merge."""
    n = 4 * BLOCK
    for first, second in [(BLOCK - 1, BLOCK), (0, n - 1), (BLOCK, 3 * BLOCK - 1)]:
        a = np.ones(n)
        a[::7] = 2.0
        a[first] = np.inf
        spec.check(same_on_any_thread_count(spec, a, None), a, None, {})
        a[second] = -np.inf
        spec.check(same_on_any_thread_count(spec, a, None), a, None, {})


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("core", [1, 3, 8, 9, 16, 64, 65])
@per_function
def test_short_series_along_the_last_axis(spec, core, dtype):
    """Series shorter than their accumulator's kGatherShorter (9 to 128) apart from each
    other (along the last axis of a C array, strided, or the middle axis of a 3-D one) are
    copied side by side into tiles of 4096 / core series at most (reduce_loop.hpp,
    fold_gathered); the others are read where they lie: the
    reference's results, bitwise those of a Fortran copy (read as a tile directly), on any
    thread count, with out= strided."""
    a = random_data((2 * 4096 // core + 5, core), dtype, seed=core)
    if a.dtype.kind == "f":
        a[1, 0] = np.inf
        a[2, :] = np.nan
    params = {"ddof": 1} if spec in DDOF else {}
    try:
        spec.expected(a, -1, params)
    except Raises:  # nanargmin of all-NaN series: errors are tested elsewhere
        a[np.isnan(a[:, 0]), 0] = 1.0
    result = same_on_any_thread_count(spec, a, -1, params)
    spec.check(result, a, -1, params)
    assert_bitwise_equal(result, spec.call(np.asfortranarray(a), -1, params))
    strided = np.repeat(a, 2, axis=-1)[:, ::2]
    out = np.repeat(np.empty_like(result), 2)[::2]
    assert spec.call(strided, -1, params, out=out) is out
    assert_bitwise_equal(out, result)
    planes = np.stack([a, a[::-1]], axis=0).swapaxes(1, 2).copy().swapaxes(1, 2)  # (2, n, core)
    spec.check(spec.call(planes, 2, params), planes, 2, params)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@pytest.mark.parametrize("rows", [1, 2, 16, 17, 40])
@pytest.mark.parametrize("name", ["anynan", "allnan"])
def test_nan_tests_of_series_side_by_side(name, rows, dtype):
    """anynan and allnan along axis 0 of a C array first test each series' first element
    in one contiguous row (reduce_loop.hpp, first_of_series_side_by_side), then up to 16
    more of the series it left undecided, then everything: series decided in each of those
    stages, in blocks of 16 and batches of 256 and across them, with out= contiguous and
    strided, and in planes (axis 1 of a 3-D array)."""
    spec = REGISTRY[name]
    columns = 600
    for pattern in ["numbers", "nan first", "nan block", "nan column", "all nan"]:
        a = np.arange(rows * columns, dtype=dtype).reshape(rows, columns)
        if pattern == "nan first":  # each column j with j % 7 == 0 decided at row j % rows
            for j in range(0, columns, 7):
                a[: j % rows, j] = np.nan
        elif pattern == "nan block":  # a whole block and a batch boundary NaN up to row 20
            a[:20, 240:290] = np.nan
        elif pattern == "nan column":  # NaN but for its last row: past the first elements
            a[:-1, 301] = np.nan
        elif pattern == "all nan":
            a[:] = np.nan
        a[rows - 1, 5] = np.inf
        planes = np.stack([a, a[::-1].copy(), np.full_like(a, np.nan)])
        for x, axis in [(a, 0), (planes, 1)]:
            expected, _ = spec.expected(x, axis, {})
            # out= holds the wrong results first: every series' result must be written.
            contiguous = ~expected
            strided = np.repeat(~expected, 2, axis=-1)[..., ::2]
            for out in [contiguous, strided]:
                assert spec.call(x, axis, {}, out=out) is out
                spec.check(out, x, axis, {})


# ---------------------------------------------------------------------------------------
# Against bottleneck


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(1,), (1000,), (200_003,), (37, 501), (501, 37)])
@pytest.mark.parametrize("spec", [s for s in REDUCE if s.bottleneck], ids=lambda s: s.name)
def test_matches_bottleneck(spec, dtype, shape):
    """The same values as bottleneck's function (bottleneck returns Python scalars for
    axis=None: values are compared), within its own accuracy."""
    bn = pytest.importorskip("bottleneck")
    a = peer_test_data(shape, dtype, seed=5)
    for axis in [None, *range(a.ndim)]:
        for params in spec.bottleneck_parameters:
            expected = np.asarray(getattr(bn, spec.bottleneck)(a, axis=axis, **params))
            got = spec.call(a, axis, params)
            assert np.asarray(got).dtype == spec.output_dtype(a.dtype)
            got = np.asarray(got)
            if np.dtype(spec.output_dtype(dtype)).kind != "f":
                np.testing.assert_array_equal(got, expected)
            else:
                tolerance = spec.bottleneck_tolerance[spec.output_dtype(dtype)]
                np.testing.assert_allclose(got, expected, rtol=tolerance.rtol, atol=tolerance.atol)


# ---------------------------------------------------------------------------------------
# Bad arguments: the right exception, a message naming the argument, out left untouched


BAD_ARGUMENTS = [
    ({"axis": 2}, ValueError, re.escape("axis(=2) out of bounds")),
    ({"axis": -3}, ValueError, re.escape("axis(=-3) out of bounds")),
    ({"axis": 1.0}, TypeError, r"axis"),
    ({"axis": "0"}, TypeError, r"axis"),
    ({"axis": True}, TypeError, r"axis"),
    ({"axis": 0, "out": np.empty(5)}, ValueError, r"(?i)\bout"),
    ({"axis": 0, "out": np.empty((1, 4))}, ValueError, r"(?i)\bout"),
    ({"axis": 0, "out": np.empty(4), "keepdims": True}, ValueError, r"(?i)\bout"),
    ({"axis": None, "out": np.empty(2)}, ValueError, r"(?i)\bout"),
    ({"axis": None, "out": np.empty((1, 1))}, ValueError, r"(?i)\bout"),
    ({"axis": 0, "out": np.empty(4, np.int8)}, TypeError, r"(?i)\bout"),
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


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.bool_], ids=str)
@per_function
def test_out_of_another_dtype(spec, dtype):
    """out= must have exactly the result's dtype (no silent cast)."""
    if np.dtype(dtype) == spec.output_dtype(np.float64):
        return
    out = np.zeros(4, dtype)
    with pytest.raises(TypeError, match=r"(?i)\bout"):
        spec.func(np.ones((3, 4)), axis=0, out=out)
    assert not out.any()


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


@pytest.mark.parametrize("ddof", [True, False, 1.0, 0.5, "1", None, np.float64(1)], ids=repr)
@with_ddof
def test_bad_ddof(spec, ddof):
    out = np.full(4, 7.0)
    with pytest.raises(TypeError, match="^`ddof` must be an integer"):
        spec.func(np.ones((3, 4)), axis=0, ddof=ddof, out=out)
    assert np.all(out == 7.0)


# ---------------------------------------------------------------------------------------
# The raw gufunc: NumPy's own axes=, keepdims=, out=


@per_function
def test_raw_gufunc(spec):
    x = random_data((7, 3, 50), np.float64, seed=14)
    assert_bitwise_equal(_plain(spec, x, -1), spec.call(x, -1, {}))
    assert_bitwise_equal(_plain(spec, x, 0), spec.call(x, 0, {}))
    scalars = spec.gufunc_scalars
    if not scalars:  # NumPy's keepdims needs every input to have the same core dimensions
        kept = spec.gufunc(x, axes=[(1,), (1,)], keepdims=True)
        assert_bitwise_equal(kept, spec.call(x, 1, {}, keepdims=True))
    out = np.empty((7, 3), spec.output_dtype(x.dtype))
    assert spec.gufunc(x, *scalars, out=out) is out
    assert_bitwise_equal(out, spec.call(x, -1, {}))


@pytest.mark.parametrize(
    "ddof", [0, 1, -1, -5, 4, 5, 6, 2**31, -(2**31), 2**62, -(2**62), np.iinfo(np.intp).max]
)
@with_ddof
def test_ddof(spec, ddof):
    """Any int: count - ddof <= 0 gives NaN, a negative ddof divides by more than the
    count; a huge one neither overflows nor wraps around."""
    a = np.array([[1.0, 2.0, 4.0, np.nan, 8.0], [np.nan] * 5, [3.0] * 5])
    for axis in (None, 1, (0, 1)):
        _without_floating_point_flags(spec, a, axis, {"ddof": ddof})
        spec.check_call(a, axis, {"ddof": ddof})
        if abs(ddof) < 2**63:
            spec.check_call(a, axis, {"ddof": np.int64(ddof)})
