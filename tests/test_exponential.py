"""Tests of the exponential moving windows (parafunc/exponential.py): every registry entry
of family "exponential" against its reference (tests/references.py: numbagg's sums to 600
bits) on every layout, axis and dtype; out= (strided, and the input itself); threads;
the raw gufuncs' per-series alpha; numbagg itself; bad arguments."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import parafunc
import strategies as hs
from registry import (
    BAD_OUTS,
    CONVERTED_DTYPES,
    FLOAT_DTYPES,
    NATIVE_DTYPES,
    REGISTRY,
    argument_id,
    assert_bitwise_equal,
    assert_refuses_out,
    family,
    peer_test_data,
    random_data,
)

EXPONENTIAL = family("exponential")
ONE_SERIES = [spec for spec in EXPONENTIAL if spec.arrays == 1]
PAIRS = [spec for spec in EXPONENTIAL if spec.arrays == 2]
PARALLEL = 1 << 16  # kParallelWork in src/engine/parallel.hpp
per_function = pytest.mark.parametrize("spec", EXPONENTIAL, ids=lambda spec: spec.name)
per_pair_function = pytest.mark.parametrize("spec", PAIRS, ids=lambda spec: spec.name)


def call(spec, arrays, axis=-1, params=None, out=None):
    """The public function on ``arrays`` (a, or a and b), the parameters by keyword."""
    params = {"alpha": 0.3} if params is None else params
    with np.errstate(invalid="ignore"):
        return spec.func(*arrays, **params, axis=axis, out=out)


def check(spec, got, arrays, axis, params):
    """``got`` is the reference's result within the registry's tolerance."""
    expected, scale = spec.reference(*arrays, axis=axis, **params)
    spec.compare(got, expected, scale, arrays[0].dtype)
    assert np.shape(got) == np.broadcast_shapes(*(x.shape for x in arrays))


def _draw_case(data, spec, dtypes=None, **array_kwargs):
    """Arrays (a, and b of the same shape and dtype in its own layout), an axis and
    parameters."""
    dtypes = spec.dtypes if dtypes is None else dtypes
    a = data.draw(hs.arrays(dtypes=dtypes, min_dims=1, **array_kwargs), label="a")
    arrays = [a]
    if spec.arrays == 2:
        layouts = array_kwargs.get("layouts", hs.LAYOUTS)
        arrays.append(data.draw(hs.views(a.dtype, a.shape, layouts), label="b"))
    axis = data.draw(hs.axes(a.ndim, allow_none=False), label="axis")
    params = data.draw(spec.parameters(a.shape[axis]), label="params")
    return arrays, axis, params


def same_on_any_thread_count(spec, arrays, axis=-1, params=None):
    """The result on 1 thread, after checking it is bitwise the same on 2 and 3."""
    with parafunc.threads(1):
        serial = call(spec, arrays, axis, params)
    for n in (2, 3):
        with parafunc.threads(n):
            assert_bitwise_equal(call(spec, arrays, axis, params), serial)
    return serial


def check_series_by_series(spec, got, arrays, axis, params=None):
    """Each series is one recursion, computed the same way whatever the tiles: ``got`` must
    be bitwise the result on the series laid out contiguously (other tiles), and on a
    sample of them (first, last, a few between) computed one at a time."""
    moved = [np.moveaxis(x, axis, -1) for x in arrays]
    got = np.moveaxis(got, axis, -1)
    contiguous = call(spec, [np.ascontiguousarray(x) for x in moved], -1, params)
    assert_bitwise_equal(got, contiguous)
    outer = list(np.ndindex(*got.shape[:-1]))
    for k in sorted({0, 1, 2, 3, 4, len(outer) // 3, len(outer) - 2, len(outer) - 1}):
        if 0 <= k < len(outer):
            alone = call(spec, [np.ascontiguousarray(x[outer[k]]) for x in moved], -1, params)
            assert_bitwise_equal(got[outer[k]], alone)


# ---------------------------------------------------------------------------------------
# Against the reference


@per_function
@given(data=st.data())
def test_matches_reference(spec, data):
    arrays, axis, params = _draw_case(data, spec)
    before = [x.copy() for x in arrays]
    check(spec, call(spec, arrays, axis, params), arrays, axis, params)
    for x, y in zip(arrays, before, strict=True):
        assert_bitwise_equal(x, y)  # the inputs are never written


@per_function
@given(data=st.data())
def test_layouts_and_out(spec, data):
    """Any layout gives bitwise the result of a C-contiguous copy; out= in any layout gets
    exactly it, and is what is returned."""
    arrays, axis, params = _draw_case(data, spec)
    expected = call(spec, [np.ascontiguousarray(x) for x in arrays], axis, params)
    assert_bitwise_equal(call(spec, arrays, axis, params), expected)
    out = data.draw(hs.outs(spec.output_dtype(arrays[0].dtype), arrays[0].shape), label="out")
    assert call(spec, arrays, axis, params, out=out) is out
    assert_bitwise_equal(out, expected)


@per_function
@given(data=st.data())
def test_out_is_the_input(spec, data):
    """move_exp_nanmean(x, alpha, out=x): NumPy passes the exact overlap through uncopied
    (DESIGN fact 9); each element is read before its output is written, so the result is
    bitwise that of a separate output. For two series, out= either of them."""
    arrays, axis, params = _draw_case(data, spec, dtypes=FLOAT_DTYPES, layouts=hs.WRITABLE_LAYOUTS)
    expected = call(spec, [x.copy() for x in arrays], axis, params)
    target = data.draw(st.sampled_from(range(len(arrays))), label="out is")
    assert call(spec, arrays, axis, params, out=arrays[target]) is arrays[target]
    assert_bitwise_equal(arrays[target], expected)


@per_function
def test_calling_conventions(spec):
    """alpha positional or by keyword, a Python, NumPy or 0-d array number; min_weight and
    axis by default (0 and -1) or positional."""
    arrays = [random_data((4, 30), np.float64, seed=k) for k in range(spec.arrays)]
    expected = spec.func(*arrays, alpha=0.25, min_weight=0, axis=-1)
    for alpha in (0.25, np.float64(0.25), np.float32(0.25), np.array(0.25)):
        assert_bitwise_equal(spec.func(*arrays, alpha), expected)
    assert_bitwise_equal(spec.func(*arrays, 0.25, 0.0, 1), expected)
    assert_bitwise_equal(spec.func(*arrays, 0.25, np.int64(0), np.int32(-1)), expected)
    transposed = spec.func(*(x.T for x in arrays), 0.25, axis=0)
    assert_bitwise_equal(transposed, expected.T)


@pytest.mark.parametrize("dtype", list(CONVERTED_DTYPES), ids=str)
@per_function
def test_other_real_dtypes_are_converted(spec, dtype):
    """bool and integers go exactly to int64, uint64 and float16 to float64: the result is
    bitwise that of the converted input."""
    a = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 1, 1]]).astype(dtype)
    a[2, 1] = np.array(np.iinfo(dtype).max if dtype.kind in "iu" else 1, dtype)
    target = CONVERTED_DTYPES[dtype]
    arrays = [a, a[::-1]][: spec.arrays]
    for axis in (0, 1):
        got = call(spec, arrays, axis)
        assert got.dtype == spec.output_dtype(target)
        assert_bitwise_equal(got, call(spec, [x.astype(target) for x in arrays], axis))


@per_function
def test_empty_and_short(spec):
    for shape, axis in [((0, 5), -1), ((5, 0), 0), ((2, 0, 3), 1), ((3, 0), -1), ((0,), 0)]:
        for dtype in NATIVE_DTYPES:
            arrays = [np.empty(shape, dtype)] * spec.arrays
            got = call(spec, arrays, axis)
            assert got.shape == shape and got.dtype == spec.output_dtype(dtype)
    one = call(spec, [np.array([[2.0], [np.nan]])] * spec.arrays)
    expected = {"move_exp_nancount": [[1.0], [0.0]], "move_exp_nansum": [[2.0], [np.nan]]}
    expected["move_exp_nanmean"] = [[2.0], [np.nan]]
    np.testing.assert_array_equal(one, expected.get(spec.name, [[np.nan], [np.nan]]))


# ---------------------------------------------------------------------------------------
# Long inputs: tiles, threads, aliasing, middle axes

VIEWS_2D = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "cols_1_-1": lambda x: x[:, 1:-1],
    "rows_::-2": lambda x: x[::-2],
}


@pytest.mark.parametrize("shape", [(3, 70001), (70001, 3), (300, 300), (1000, 70), (7, 12000)])
@pytest.mark.parametrize("view", list(VIEWS_2D))
@pytest.mark.parametrize("name", ["move_exp_nanmean", "move_exp_nancorr"])
def test_2d_tiles_threads_and_aliasing(name, shape, view):
    """Tiles of 1 to 8 series (axis -1) and up to 256 (axis 0), with remainders, in
    parallel: bitwise the series computed one by one, on any thread count, also in place."""
    spec = REGISTRY[name]
    bases = [random_data(shape, np.float64, seed=sum(shape) + k) for k in range(spec.arrays)]
    arrays = [VIEWS_2D[view](x) for x in bases]
    for axis in (0, 1):
        params = {"alpha": 0.05, "min_weight": 0.2}
        got = same_on_any_thread_count(spec, arrays, axis, params)
        check_series_by_series(spec, got, arrays, axis, params)
        aliased = VIEWS_2D[view](bases[0].copy())  # the same layout, in place
        call(spec, [aliased, *arrays[1:]], axis, params, out=aliased)
        assert_bitwise_equal(aliased, got)


@pytest.mark.parametrize("dtype", [np.float32, np.int64], ids=lambda d: np.dtype(d).name)
@per_function
def test_every_function_in_parallel(spec, dtype):
    """Each function over a call big enough to go parallel, both axes."""
    arrays = [random_data((200, 700), dtype, seed=k) for k in range(spec.arrays)]
    for axis in (0, -1):
        got = same_on_any_thread_count(spec, arrays, axis)
        check_series_by_series(spec, got, arrays, axis)


@pytest.mark.parametrize("layout", list(hs.MIDDLE_AXIS_LAYOUTS))
@pytest.mark.parametrize("shape", [(3000, 40, 3), (3, 40, 3000), (6, 5, 4, 300)])
@pytest.mark.parametrize("name", ["move_exp_nanvar", "move_exp_nancov"])
def test_middle_axis_companion(name, shape, layout):
    """A middle axis goes through the (p,n,q) companion in one call, which must give
    bitwise what the plain gufunc gives through NumPy's many small calls, on any thread
    count, into a fresh result, an out= of either memory order, or the input itself."""
    spec = REGISTRY[name]
    arrays = [
        hs.MIDDLE_AXIS_LAYOUTS[layout](random_data(shape, np.float64, seed=k))
        for k in range(spec.arrays)
    ]
    for axis in range(1, len(shape) - 1):
        plain = np.empty_like(arrays[0])
        axes = [(axis,)] * spec.arrays + [(), (), (axis,)]
        spec.gufunc(*arrays, 0.2, 0.0, axes=axes, out=plain)
        assert_bitwise_equal(same_on_any_thread_count(spec, arrays, axis, {"alpha": 0.2}), plain)
        for order in ("C", "F"):
            out = np.empty(arrays[0].shape, order=order)
            assert call(spec, arrays, axis, {"alpha": 0.2}, out=out) is out
            assert_bitwise_equal(out, plain)
        aliased = arrays[0].copy(order="K")
        call(spec, [aliased, *arrays[1:]], axis, {"alpha": 0.2}, out=aliased)
        assert_bitwise_equal(aliased, plain)


def test_3d_middle_axis_subblock():
    """a[:, 1:-1, :] along axis 1 has no (p, n, q) view in one memory order: the plain
    gufunc with axes= (NumPy's many small calls), the same bits."""
    spec = REGISTRY["move_exp_nanmean"]
    base = random_data((40, 72, 50), np.float64, seed=4)
    a = base[:, 1:-1, ::2]
    for axis in (0, 1, 2):
        got = same_on_any_thread_count(spec, [a], axis)
        check_series_by_series(spec, got, [a], axis)
        call(spec, [a], axis, out=a)  # in place, inside the bigger array
        assert_bitwise_equal(a, got)
        a[...] = base[:, 1:-1, ::2]


def test_one_long_series():
    """A 1-D series cannot be split (a recursion): one item, the same on any thread
    count, released GIL or not."""
    spec = REGISTRY["move_exp_nanstd"]
    x = random_data(3 * PARALLEL + 5, np.float64, seed=5)
    got = same_on_any_thread_count(spec, [x], -1, {"alpha": 1e-3})
    check(spec, got[:2000], [x[:2000]], -1, {"alpha": 1e-3})


# ---------------------------------------------------------------------------------------
# Semantics and accuracy


def test_infinities_and_alpha_one():
    """An infinity that counts stays in every later output (its weight is never 0): +-inf
    for sum and mean (NaN once both signs came), NaN for the moments; with alpha = 1 only
    the element itself weighs anything. No floating-point flag at all."""
    x = np.array([1.0, np.inf, 2.0, np.nan, -np.inf, 3.0])
    with np.errstate(all="raise"):
        mean = parafunc.move_exp_nanmean(x, 0.5)
        total = parafunc.move_exp_nansum(x, 0.5)
        var = parafunc.move_exp_nanvar(x, 0.5)
        corr = parafunc.move_exp_nancorr(x, x[::-1], 0.5)
        ones = parafunc.move_exp_nanmean(x, 1.0)
        count = parafunc.move_exp_nancount(x, 1.0)
    np.testing.assert_array_equal(mean, [1, np.inf, np.inf, np.inf, np.nan, np.nan])
    np.testing.assert_array_equal(total, [1, np.inf, np.inf, np.inf, np.nan, np.nan])
    assert np.isnan(var).all() and np.isnan(corr).all()
    np.testing.assert_array_equal(ones, [1, np.inf, 2, np.nan, -np.inf, 3])
    np.testing.assert_array_equal(count, [1, 1, 1, 0, 1, 1])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_numbaggs_recursion_for_count_and_sum(dtype):
    """count and sum are numbagg's recursions, bitwise (a plain float64 loop here), and so
    is the weight that min_weight cuts at."""
    x = random_data(3000, dtype, seed=6)
    for alpha, min_weight in [(0.5, 0.0), (0.1, 0.6), (1e-3, 0.05), (1.0, 1.0)]:
        count = parafunc.move_exp_nancount(x, alpha, min_weight)
        total = parafunc.move_exp_nansum(x, alpha, min_weight)
        decay = 1.0 - alpha
        c = s = weight = 0.0
        seen = False
        expected_count, expected_sum = [], []
        for v in x.astype(np.float64).tolist():
            c, s, weight = c * decay, s * decay, weight * decay
            if v == v:
                c, s, weight, seen = c + 1.0, s + v, weight + alpha, True
            expected_count.append(c if weight >= min_weight else np.nan)
            expected_sum.append(s if weight >= min_weight and seen else np.nan)
        assert_bitwise_equal(count, np.array(expected_count).astype(dtype))
        assert_bitwise_equal(total, np.array(expected_sum).astype(dtype))


@pytest.mark.parametrize("value", [0.1, 1 / 3, 1e8 + 0.3, -2.5e-7, 3e15])
def test_constant_series_are_exact(value):
    """The mean of equal values is that value, their variance and covariance exactly 0
    (numbagg: means up to 60 ulp off, variances up to ~1e-14 of value**2)."""
    x = np.full(5000, value)
    x[7::13] = np.nan
    for alpha in (0.5, 0.01):
        mean = parafunc.move_exp_nanmean(x, alpha)
        assert np.all(mean == value)
        for name in ("move_exp_nanvar", "move_exp_nanstd"):
            assert np.all(getattr(parafunc, name)(x, alpha)[1:] == 0)
        assert np.all(parafunc.move_exp_nancov(x, x, alpha)[1:] == 0)
        assert np.isnan(parafunc.move_exp_nancorr(x, x, alpha)).all()


@pytest.mark.parametrize("offset", [0.0, 1e6, 1e9])
def test_variance_far_from_zero(offset):
    """Variances of offset + N(0, 1) to ~1e-14 (numbagg's power sums cancel: 0.3% off at
    1e6, no digit left at 1e9); corr(x, x) is exactly 1."""
    x = offset + np.random.default_rng(7).standard_normal(3000)
    x[::17] = np.nan
    for name in ("move_exp_nanvar", "move_exp_nancov"):
        spec = REGISTRY[name]
        arrays = [x] * spec.arrays
        got = call(spec, arrays, -1, {"alpha": 0.02})
        expected, _ = spec.reference(*arrays, alpha=0.02)
        np.testing.assert_allclose(got, expected, rtol=1e-13)
    corr = parafunc.move_exp_nancorr(x, x, 0.02)
    assert np.all(corr[2:] == 1.0)


def test_bias_is_exact_for_two_elements():
    """Two elements have variance (x1 - x2)**2 / 2 whatever their weights; numbagg's
    1 - sum(w^2)/sum(w)^2 cancels where one weight dominates (NaN at alpha = 1 - 1e-10,
    the bias rounding to 0); one element followed by NaN is NaN."""
    for alpha in (0.5, 0.999, 1 - 1e-10):
        var = parafunc.move_exp_nanvar(np.array([3.0, np.nan, 5.0, np.nan]), alpha)
        assert np.isnan(var[:2]).all()
        np.testing.assert_allclose(var[2:], 2.0, rtol=1e-15)


@per_pair_function
def test_mixed_dtypes_and_broadcasting(spec):
    """a and b in different dtypes run in their common dtype (float32 with float64 in
    float64, never cast down), also through the raw gufunc; b broadcasts against a."""
    a = random_data((5, 300), np.float32, seed=8)
    b = random_data((5, 300), np.float64, seed=9)
    expected = call(spec, [a.astype(np.float64), b])
    assert_bitwise_equal(call(spec, [a, b]), expected)
    assert_bitwise_equal(call(spec, [b, a]), call(spec, [b, a.astype(np.float64)]))
    assert_bitwise_equal(spec.gufunc(a, b, 0.3, 0.0), expected)
    integers = np.arange(300, dtype=np.int32) % 7
    assert_bitwise_equal(call(spec, [a, integers]), call(spec, [a.astype(np.float64), integers]))
    assert_bitwise_equal(call(spec, [b, b[0]]), call(spec, [b, np.broadcast_to(b[0], b.shape)]))
    assert_bitwise_equal(call(spec, [b[0], b]), call(spec, [np.broadcast_to(b[0], b.shape), b]))


# ---------------------------------------------------------------------------------------
# Against numbagg


def _numbagg_slack(spec, arrays, axis, alpha, got):
    """numbagg's power sums leave ~1/alpha eps of the mean square in its (co)variances
    (cancellation): the absolute difference allowed, carried to std and corr."""
    if spec.name in ("move_exp_nanmean", "move_exp_nansum", "move_exp_nancount"):
        return 0.0
    squares = [
        parafunc.move_exp_nanmean(np.square(x.astype(np.float64)), alpha, axis=axis) for x in arrays
    ]
    slack = 1e-12 / alpha * np.sqrt(squares[0] * squares[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        if spec.name == "move_exp_nanstd":
            return slack / (2 * got)
        if spec.name == "move_exp_nancorr":  # errors of the covariance and both variances
            variances = [parafunc.move_exp_nanvar(x, alpha, axis=axis) for x in arrays]
            relative = [1e-12 / alpha * m / v for m, v in zip(squares, variances, strict=True)]
            return slack / np.sqrt(variances[0] * variances[1]) + np.abs(got) * sum(relative)
    return slack


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(1,), (1000,), (37, 501)])
@per_function
def test_matches_numbagg(spec, dtype, shape):
    """numbagg on random data (20% NaN): the same NaN and the same values, to numbagg's
    own accuracy (its variances cancel, see _numbagg_slack; its corr of two pairs, exactly
    +-1, comes out 1e-10 off; it runs float32 through its float64 loop, alpha being
    float64)."""
    numbagg = pytest.importorskip("numbagg")
    arrays = [peer_test_data(shape, dtype, seed=10 + k) for k in range(spec.arrays)]
    for axis in range(len(shape)):
        for alpha, min_weight in [(0.5, 0.0), (0.05, 0.0), (0.3, 0.5)]:
            got = call(spec, arrays, axis, {"alpha": alpha, "min_weight": min_weight})
            peer = getattr(numbagg, spec.name)
            with np.errstate(all="ignore"):
                expected = peer(*arrays, alpha=alpha, min_weight=min_weight, axis=axis)
            assert got.dtype == spec.output_dtype(dtype)
            rtol = 1e-5 if dtype == np.float32 else 1e-9
            error = np.abs(got - expected)
            allowed = rtol * np.abs(expected) + _numbagg_slack(spec, arrays, axis, alpha, got)
            np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
            assert np.all(error[~np.isnan(got)] <= allowed[~np.isnan(got)])


# ---------------------------------------------------------------------------------------
# The raw gufuncs: per-series alpha and min_weight (broadcast)


@per_function
def test_raw_gufunc_per_series_parameters(spec):
    """alpha and min_weight broadcast against the outer dimensions: one pair per series,
    each series bitwise what the public function gives it alone."""
    arrays = [random_data((6, PARALLEL // 4), np.float64, seed=11 + k) for k in range(spec.arrays)]
    alphas = np.array([1.0, 0.5, 0.1, 1e-3, 0.25, 0.9])
    min_weights = np.array([0.0, 0.5, 0.0, 0.01, 2.0, 0.3])
    with parafunc.threads(1):
        serial = spec.gufunc(*arrays, alphas, min_weights)
    with parafunc.threads(2):
        assert_bitwise_equal(spec.gufunc(*arrays, alphas, min_weights), serial)
    for row in range(6):
        params = {"alpha": alphas[row], "min_weight": min_weights[row]}
        assert_bitwise_equal(serial[row], call(spec, [x[row] for x in arrays], -1, params))
    aliased = arrays[0].copy()
    spec.gufunc(aliased, *arrays[1:], alphas, min_weights, out=aliased)
    assert_bitwise_equal(aliased, serial)


@pytest.mark.parametrize(
    ("alpha", "min_weight", "message"),
    [
        (0.0, 0.0, "alpha must be in (0, 1], got 0"),
        (1.5, 0.0, "alpha must be in (0, 1], got 1.5"),
        (np.nan, 0.0, "alpha must be in (0, 1], got nan"),
        (0.5, -1.0, "min_weight must be at least 0, got -1"),
        (0.5, np.nan, "min_weight must be at least 0, got nan"),
        (np.array([0.5, 0.0, 0.5]), 0.0, "alpha must be in (0, 1], got 0"),
        (1.1, 0.0, "alpha must be in (0, 1], got 1.1"),
        (0.5, -0.1, "min_weight must be at least 0, got -0.1"),
    ],
)
def test_raw_gufunc_bad_parameters(alpha, min_weight, message):
    out = np.full((3, 4), 7.0)
    with pytest.raises(ValueError, match=re.escape(message)):
        parafunc.gufuncs.move_exp_nanmean(np.ones((3, 4)), alpha, min_weight, out=out)
    assert np.all(out == 7.0)  # checked before any output is written


# ---------------------------------------------------------------------------------------
# Bad arguments: the right exception, a message naming the argument, out left untouched

BAD_ARGUMENTS = [
    ({"alpha": 0}, ValueError, "`alpha` must be in (0, 1], got 0.0"),
    ({"alpha": -0.5}, ValueError, "`alpha` must be in (0, 1], got -0.5"),
    ({"alpha": 1.01}, ValueError, "`alpha` must be in (0, 1], got 1.01"),
    ({"alpha": np.nan}, ValueError, "`alpha` must be in (0, 1], got nan"),
    ({"alpha": "0.5"}, TypeError, "`alpha` must be a real number, got str"),
    ({"alpha": None}, TypeError, "`alpha` must be a real number, got NoneType"),
    ({"alpha": True}, TypeError, "`alpha` must be a real number, got bool"),
    ({"alpha": 0.5j}, TypeError, "`alpha` must be a real number, got complex"),
    ({"alpha": np.array([0.5, 0.5])}, TypeError, "`alpha` must be a real number, got ndarray"),
    ({"alpha": 0.5, "min_weight": -0.1}, ValueError, "`min_weight` must be at least 0, got -0.1"),
    ({"alpha": 0.5, "min_weight": np.nan}, ValueError, "`min_weight` must be at least 0, got nan"),
    ({"alpha": 0.5, "min_weight": "1"}, TypeError, "`min_weight` must be a real number, got str"),
    ({"alpha": 0.5, "axis": 2}, ValueError, "axis(=2) out of bounds"),
    ({"alpha": 0.5, "axis": -3}, ValueError, "axis(=-3) out of bounds"),
    ({"alpha": 0.5, "axis": None}, TypeError, "`axis` must be an integer"),
    ({"alpha": 0.5, "axis": 1.0}, TypeError, "`axis` must be an integer"),
    ({"alpha": 0.5, "axis": (1,)}, TypeError, "`axis` must be an integer"),
]


@per_function
@pytest.mark.parametrize(("kwargs", "error", "message"), BAD_ARGUMENTS, ids=argument_id)
def test_bad_arguments(spec, kwargs, error, message):
    arrays = [np.ones((3, 4))] * spec.arrays
    out = np.full((3, 4), 7.0)
    with pytest.raises(error, match=re.escape(message)):
        spec.func(*arrays, **kwargs, out=out)
    assert np.all(out == 7.0)  # nothing written on an error found before computing


def test_missing_alpha():
    with pytest.raises(TypeError, match="alpha"):
        parafunc.move_exp_nanmean(np.ones(3))  # type: ignore[call-arg]


@per_function
@pytest.mark.parametrize(("out", "error"), list(BAD_OUTS.values()), ids=list(BAD_OUTS))
def test_bad_out(spec, out, error):
    arrays = [np.ones((3, 4))] * spec.arrays
    assert_refuses_out(lambda out: spec.func(*arrays, 0.5, out=out), out, error)


@per_function
@pytest.mark.parametrize(
    "a", [np.array(["a", "b"]), np.array([1 + 2j]), np.array([None, 1.0], dtype=object)]
)
def test_bad_dtypes(spec, a):
    with pytest.raises(TypeError, match="dtype"):
        spec.func(*[a] * spec.arrays, 0.5)


@per_function
def test_0d_input(spec):
    with pytest.raises(ValueError, match="axis"):
        spec.func(*[np.float64(1.0)] * spec.arrays, 0.5)


@per_pair_function
def test_shapes_that_do_not_broadcast(spec):
    out = np.full((3, 4), 7.0)
    with pytest.raises(ValueError, match=r"`a` and `b`.*\(3, 4\).*\(3,\)"):
        spec.func(np.ones((3, 4)), np.ones(3), 0.5, out=out)
    assert np.all(out == 7.0)
