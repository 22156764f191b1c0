"""Tests of the quantile family (parafunc/quantile.py): median, nanmedian, nanquantile and
nanpercentile against their references (NumPy's linear method, interpolated exactly) on
every layout, axis (int, None, tuple), q shape, keepdims, dtype, out= and thread count;
bitwise against NumPy on float64 data; infinities by api.md's rule; bad arguments."""

from __future__ import annotations

import inspect
import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import parafunc
import strategies as hs
from references import reduced_axes
from registry import (
    CONVERTED_DTYPES,
    FLOAT_DTYPES,
    NATIVE_DTYPES,
    argument_id,
    assert_bitwise_equal,
    family,
    peer_test_data,
    random_data,
    same_on_any_thread_count,
)

QUANTILE = family("quantile")
WITH_Q = [spec for spec in QUANTILE if spec.name in ("nanquantile", "nanpercentile")]
per_function = pytest.mark.parametrize("spec", QUANTILE, ids=lambda spec: spec.name)
with_q = pytest.mark.parametrize("spec", WITH_Q, ids=lambda spec: spec.name)
BLOCK = 1 << 16


def _q(spec, *q):
    """Parameters asking for quantiles ``q`` (fractions; percentages for nanpercentile):
    none for the medians, a scalar for one q, a list for several."""
    if spec not in WITH_Q:
        return {}
    scale = 100.0 if spec.name == "nanpercentile" else 1.0
    values = [x * scale for x in q]
    return {"q": values[0] if len(values) == 1 else values}


def _numpy(spec, a, axis, params, keepdims=False):
    """NumPy's function (its NaN warnings for all-NaN slices silenced). A tuple of axes is
    merged into one last axis first: NumPy 2.4's nanquantile puts a 2-D q's axes last for
    axis=(0, 2) of a 3-D array (np.quantile, and 1-D q, put them first)."""
    front = np.ndim(params.get("q", 0))
    if isinstance(axis, tuple):
        axes = reduced_axes(a.ndim, axis)
        kept = [i for i in range(a.ndim) if i not in axes]
        merged = a.transpose(kept + list(axes)).reshape([a.shape[i] for i in kept] + [-1])
        result = _numpy(spec, merged, -1, params)
        if keepdims:
            result = np.expand_dims(result, tuple(front + i for i in axes))
        return result
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return spec.numpy(a, axis=axis, **params, keepdims=keepdims)


# ---------------------------------------------------------------------------------------
# Against the reference


@per_function
@given(data=st.data())
def test_matches_reference(spec, data):
    a, axis, params, keepdims = hs.reduction_case(data, spec)
    before = a.copy()
    spec.check_call(a, axis, params, keepdims=keepdims)
    assert_bitwise_equal(a, before)  # the caller's array is never modified (no in-place sort)


@per_function
def test_signature(spec):
    assert str(inspect.signature(spec.func)) == spec.signature


@per_function
@given(data=st.data())
def test_default_axis_and_positional_arguments(spec, data):
    a, axis, params, _ = hs.reduction_case(data, spec, max_dims=2)
    keywords = spec.call(a, axis, params)
    values = {"axis": axis, **params}
    order = [name for name in inspect.signature(spec.func).parameters if name in values]
    assert_bitwise_equal(spec.func(a, *[values[name] for name in order]), keywords)
    assert_bitwise_equal(spec.func(a, **params), spec.call(a, None, params))


@per_function
@given(data=st.data())
def test_out(spec, data):
    """out= in any layout, of shape q.shape + the reduced shape (with keepdims or not),
    gets exactly the result and is what is returned."""
    a, axis, params, keepdims = hs.reduction_case(data, spec, min_dims=1)
    shape = spec.result_shape(a.shape, axis, params, bool(keepdims))
    out = data.draw(hs.outs(spec.output_dtype(a.dtype), shape), label="out")
    result = spec.call(a, axis, params, out=out, keepdims=keepdims)
    assert result is out
    assert_bitwise_equal(out, spec.call(a, axis, params, keepdims=keepdims))


@per_function
@given(data=st.data())
def test_out_aliasing_the_input(spec, data):
    """out= may be the input itself (axis=(), or keepdims over a length-1 axis) or a view
    of its first elements: the result is that of a separate copy of the input."""
    a = data.draw(
        hs.arrays(dtypes=FLOAT_DTYPES, min_dims=1, layouts=hs.WRITABLE_LAYOUTS), label="a"
    )
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1), label="axis")
    kind = data.draw(st.sampled_from(["axis=()", "keepdims", "first element"]), label="kind")
    params = _q(spec, data.draw(st.floats(0, 1), label="q"))
    keepdims = None
    if kind == "axis=()":
        axis, view, out = (), a, a
    elif kind == "keepdims":
        view = out = a[(slice(None),) * (axis % a.ndim) + (slice(0, 1),)]
        keepdims = True
    else:
        view = a
        first = a[(slice(None),) * (axis % a.ndim) + (slice(0, 1),)]
        out = first.squeeze(axis) if a.shape[axis] else None
    if out is None or view.size == 0:
        return
    expected = spec.call(view.copy(), axis, params, keepdims=keepdims)
    assert spec.call(view, axis, params, out=out, keepdims=keepdims) is out
    assert_bitwise_equal(out, expected)


@per_function
@given(data=st.data())
def test_keepdims(spec, data):
    a, axis, params, _ = hs.reduction_case(data, spec)
    plain = spec.call(a, axis, params, keepdims=False)
    kept = spec.call(a, axis, params, keepdims=True)
    front = len(spec.core_shape(params))
    # (A 0-d input's keepdims result is 0-d: scalar or array, api.md does not say.)
    assert np.ndim(kept) == front + a.ndim and (isinstance(kept, np.ndarray) or not a.ndim)
    expanded = np.expand_dims(plain, tuple(front + i for i in reduced_axes(a.ndim, axis)))
    assert_bitwise_equal(kept, expanded)


@pytest.mark.parametrize(
    "q", [0.5, 0, 1, [0.5], [0.0, 1.0, 0.5, 0.5], np.array(0.25), np.array([[0.1, 0.9]] * 2)]
)
@with_q
def test_q_shapes(spec, q):
    """The result has shape q.shape + the reduced shape (NumPy's convention); each
    quantile is bitwise that of a scalar q."""
    if spec.name == "nanpercentile":
        q = np.multiply(q, 100).tolist() if isinstance(q, list) else np.multiply(q, 100)
    rng = np.random.default_rng(1)
    a = rng.standard_normal((4, 5, 6))
    a[rng.random(a.shape) < 0.3] = np.nan
    for axis in (None, 1, (0, 2)):
        for keepdims in (False, True):
            got = spec.check_call(a, axis, {"q": q}, keepdims=keepdims)
            assert got.shape == np.shape(q) + np.shape(
                spec.call(a, axis, {"q": 0.5}, None, keepdims)
            )
            for index in np.ndindex(np.shape(q)):
                scalar_q = np.asarray(q)[index]
                assert_bitwise_equal(
                    got[index], spec.call(a, axis, {"q": scalar_q}, None, keepdims)
                )
    empty_q = spec.call(a, 1, {"q": []})
    assert empty_q.shape == (0, 4, 6) and empty_q.dtype == np.float64


AXES_3D = [(), (0,), (-1,), (0, 2), (2, 0), (-1, -3), (0, 1, 2), (2, -2, 0)]


@pytest.mark.parametrize("axis", AXES_3D, ids=str)
@per_function
def test_axis_tuples(spec, axis):
    rng = np.random.default_rng(2)
    a = rng.standard_normal((4, 5, 6))
    a[rng.random(a.shape) < 0.2] = np.nan
    for keepdims in (False, True):
        for params in ({},) if spec not in WITH_Q else (_q(spec, 0.3), _q(spec, 0, 0.5, 1)):
            spec.check_call(a, axis, params, keepdims=keepdims)
            view = np.asfortranarray(a)[::-1, :, 1:]
            spec.check_call(view, axis, params, keepdims=keepdims)


@pytest.mark.parametrize(
    ("axis", "error", "match"),
    [
        ((0, 0), ValueError, "axis"),
        ((1, -2), ValueError, "axis"),
        ((0, 3), ValueError, re.escape("axis(=3) out of bounds")),
        (3, ValueError, re.escape("axis(=3) out of bounds")),
        (-4, ValueError, re.escape("axis(=-4) out of bounds")),
        ((0, 1.0), TypeError, "axis"),
        (1.0, TypeError, "axis"),
        ("0", TypeError, "axis"),
        (True, TypeError, "axis"),
        ([0, 1], TypeError, "axis"),
    ],
    ids=argument_id,
)
@per_function
def test_bad_axis(spec, axis, error, match):
    params = _q(spec, 0.5)
    out = np.full(spec.result_shape((2, 3, 4), 0, params), 7.0)
    with pytest.raises(error, match=match):
        spec.func(np.ones((2, 3, 4)), **params, axis=axis, out=out)
    assert np.all(out == 7.0)


EMPTY_CASES = [
    ((0,), None),
    ((0,), 0),
    ((0, 3), 0),
    ((3, 0), 1),
    ((0, 0), 0),
    ((3, 0), 0),
    ((2, 0, 3), (0, 1)),
    ((0, 3), ()),
    ((), None),
]


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@per_function
def test_empty_and_all_nan(spec, dtype):
    """Empty and all-NaN slices give NaN, without a warning (NumPy warns)."""
    for params in ({},) if spec not in WITH_Q else (_q(spec, 0.5), _q(spec, 0, 1)):
        for shape, axis in EMPTY_CASES:
            a = np.zeros(shape, dtype)
            with np.errstate(all="raise"):
                spec.func(a, **params, axis=axis)
            spec.check_call(a, axis, params, keepdims=True)
            spec.check_call(a, axis, params)
        if np.dtype(dtype).kind == "f":
            a = np.full((3, 4), np.nan, dtype)
            a[1, 2] = 5.0
            for axis in (None, 0, 1, (0, 1)):
                with np.errstate(all="raise"):
                    spec.func(a, **params, axis=axis)
                spec.check_call(a, axis, params)


# ---------------------------------------------------------------------------------------
# Against NumPy, and where we differ on purpose


@pytest.mark.parametrize("shape", [(1,), (2,), (7,), (10,), (1001,), (6, 9), (4, 5, 6)])
@per_function
def test_bitwise_equal_to_numpy(spec, shape):
    """On float64 data without infinities (NaN included), the same bits as NumPy's
    function for any axis and q (NumPy's linear method and mean of the middle pair), but
    for the sign of a zero (+ 0.0 makes both +0.0): which of two equal zeros is "the
    middle one" depends on the selection algorithm."""
    rng = np.random.default_rng(sum(shape))
    for data in ("normal", "ties", "wide"):
        a = rng.standard_normal(shape)
        if data == "ties":
            a = np.round(a * 2)
        elif data == "wide":
            a *= 10.0 ** rng.integers(-20, 20, shape)
        if spec.name != "median":
            a[rng.random(shape) < 0.2] = np.nan
        axes = [None, *range(a.ndim), tuple(range(a.ndim))] + ([(0, 2)] if a.ndim == 3 else [])
        qs = [0, 1, 0.5, 0.1, 1 / 3, 0.999, [0.25, 0.75], rng.random((2, 3))]
        for q in qs if spec in WITH_Q else [None]:
            params = {} if q is None else {"q": q}
            if spec.name == "nanpercentile":
                params = {"q": np.multiply(q, 100)}
            for axis in axes:
                got = spec.call(a, axis, params)
                expected = _numpy(spec, a, axis, params)
                assert_bitwise_equal(got + 0.0, np.asarray(expected) + 0.0)
                kept = spec.call(a, axis, params, keepdims=True)
                assert_bitwise_equal(kept + 0.0, _numpy(spec, a, axis, params, keepdims=True) + 0.0)


INFINITIES = [
    # series, q, expected: gamma == 0 -> a; a == b -> a; opposite infinities -> NaN;
    # else an infinite neighbour wins.
    ([1.0, np.inf], 0.0, 1.0),
    ([1.0, np.inf], 1.0, np.inf),
    ([1.0, np.inf], 0.5, np.inf),
    ([1.0, np.inf], 0.25, np.inf),
    ([-np.inf, 1.0], 0.75, -np.inf),
    ([-np.inf, 1.0], 1.0, 1.0),
    ([-np.inf, np.inf], 0.0, -np.inf),
    ([-np.inf, np.inf], 0.5, np.nan),
    ([-np.inf, np.inf], 1.0, np.inf),
    ([np.inf, np.inf, 2.0], 0.7, np.inf),
    ([-np.inf, -np.inf, 2.0], 0.3, -np.inf),
    ([-np.inf, 0.0, 1.0, np.inf], 0.5, 0.5),
    ([-np.inf, 0.0, 1.0, np.inf], 0.1, -np.inf),
    ([np.nan, np.inf, 3.0, np.nan], 0.5, np.inf),
]


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@pytest.mark.parametrize(("series", "q", "expected"), INFINITIES, ids=argument_id)
def test_infinities(series, q, expected, dtype):
    """Infinities give the limit by api.md's rule, not NumPy's NaN, and no warning."""
    a = np.array(series, dtype)
    with np.errstate(all="raise"):
        got = parafunc.nanquantile(a, q)
        assert_bitwise_equal(got, np.asarray(expected, dtype))
        assert_bitwise_equal(parafunc.nanpercentile(a, q * 100), got)
        if q == 0.5:
            assert_bitwise_equal(parafunc.nanmedian(a), got)
            if not np.isnan(a).any():
                assert_bitwise_equal(parafunc.median(a), got)
    assert_bitwise_equal(
        parafunc.median(np.array([1.0, np.nan, np.inf], dtype)), dtype.type(np.nan)
    )


@per_function
def test_input_is_never_modified(spec):
    """Selection works on a copy: the caller's array (any layout, read-only too) keeps
    its order, over every axis and repeated calls."""
    rng = np.random.default_rng(3)
    base = rng.standard_normal((30, 40))
    base[rng.random(base.shape) < 0.1] = np.nan
    views = [base, np.asfortranarray(base), base[::-2, 1:-1], base.T]
    read_only = base.copy()
    read_only.flags.writeable = False
    for a in [*views, read_only]:
        before = a.copy()
        for axis in (None, 0, 1, (0, 1)):
            spec.call(a, axis, _q(spec, 0.3, 0.9))
        assert_bitwise_equal(a, before)


# ---------------------------------------------------------------------------------------
# Threads, long series, layouts


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("length", [1, 2, 1000, BLOCK + 1, 3 * BLOCK + 7, 10**6 + 3])
@per_function
def test_long_1d_threads_bitwise_and_reference(spec, dtype, length):
    a = random_data(length, dtype, seed=length)
    params = _q(spec, 0, 0.37, 0.5, 1)
    for view in (a, a[::-3]):
        result = same_on_any_thread_count(spec, view, None, params)
        if length <= 3 * BLOCK + 7:  # the Python reference sorts: seconds beyond
            spec.check(result, view, None, params)


VIEWS_2D = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "cols_1_-1": lambda x: x[:, 1:-1],
    "rows_::-2": lambda x: x[::-2],
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("shape", [(3, 70001), (70001, 3), (300, 300), (2, 40000)])
@pytest.mark.parametrize("view", list(VIEWS_2D))
@per_function
def test_2d_threads_bitwise_and_numpy(spec, dtype, shape, view):
    """Rows and columns on any thread count; float64 values bitwise NumPy's (up to 1000
    series: NumPy's nanquantile loops over them in Python), others the reference on the
    first and last series."""
    a = VIEWS_2D[view](random_data(shape, dtype, seed=sum(shape)))
    params = _q(spec, 0.2, 0.5)
    for axis in (0, 1, None, (0, 1)):
        result = same_on_any_thread_count(spec, a, axis, params)
        series = a.shape[1 - axis] if isinstance(axis, int) else 1
        if a.dtype == np.float64 and spec.name != "median" and series <= 1000:
            assert_bitwise_equal(result, np.asarray(_numpy(spec, a, axis, params)))
        elif isinstance(axis, int) and a.shape[axis] * 2 <= 80_000:
            for index in (0, -1):
                series = np.take(a, index, axis=1 - axis)
                expected, scale = spec.expected(series, None, params)
                got = np.take(result, index, axis=-1)
                spec.compare(got, expected, scale, a.dtype)


@pytest.mark.parametrize("layout", list(hs.MIDDLE_AXIS_LAYOUTS))
@pytest.mark.parametrize("shape", [(300, 40, 3), (3, 40, 300), (6, 5, 4, 30)])
@per_function
def test_middle_axes_and_layouts(spec, shape, layout):
    """A middle axis (NumPy would call the loop once per outer index) and every layout of
    the same values give bitwise the same result as the contiguous array."""
    a = hs.MIDDLE_AXIS_LAYOUTS[layout](random_data(shape, np.float64, seed=7))
    contiguous = np.ascontiguousarray(a)
    params = _q(spec, 0.1, 0.5)
    for axis in range(a.ndim):
        result = same_on_any_thread_count(spec, a, axis, params)
        assert_bitwise_equal(result, spec.call(contiguous, axis, params))
        if axis not in (0, a.ndim - 1):
            for order in ("C", "F"):
                out = np.full(result.shape, -1.0, order=order)
                assert spec.call(a, axis, params, out=out) is out
                assert_bitwise_equal(out, result)


# ---------------------------------------------------------------------------------------
# dtypes, array-likes, bottleneck, the raw gufunc


@pytest.mark.parametrize("dtype", list(CONVERTED_DTYPES), ids=str)
@per_function
def test_other_real_dtypes_are_converted(spec, dtype):
    a = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 1, 1]]).astype(dtype)
    a[2] = np.array(np.iinfo(dtype).max if dtype.kind in "iu" else 1, dtype)
    target = CONVERTED_DTYPES[dtype]
    for axis in (None, 0, 1):
        got = spec.call(a, axis, _q(spec, 0.3))
        assert np.asarray(got).dtype == spec.output_dtype(target)
        assert_bitwise_equal(got, spec.call(a.astype(target), axis, _q(spec, 0.3)))


@per_function
def test_array_likes(spec):
    params = _q(spec, 0.5)
    for like in ([1.0, 2.0, np.nan], [[1, 2], [3, 4]], 7, np.float32(2.5)):
        assert_bitwise_equal(spec.func(like, **params), spec.func(np.asarray(like), **params))


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(1,), (1000,), (200_003,), (37, 501)])
@pytest.mark.parametrize("spec", [s for s in QUANTILE if s.bottleneck], ids=lambda s: s.name)
def test_matches_bottleneck(spec, dtype, shape):
    bn = pytest.importorskip("bottleneck")
    a = peer_test_data(shape, dtype, seed=5)
    for axis in [None, *range(a.ndim)]:
        expected = np.asarray(getattr(bn, spec.bottleneck)(a, axis=axis))
        got = spec.call(a, axis, {})
        assert got.dtype == spec.output_dtype(a.dtype)
        tolerance = spec.bottleneck_tolerance[spec.output_dtype(dtype)]
        np.testing.assert_allclose(got, expected, rtol=tolerance.rtol, atol=tolerance.atol)


@pytest.mark.parametrize(
    "a", [np.array(["a", "b"]), np.array([1 + 2j]), np.array([None, 1.0], dtype=object)]
)
@per_function
def test_bad_dtypes(spec, a):
    with pytest.raises(TypeError, match="dtype"):
        spec.func(a, **_q(spec, 0.5))


BAD_Q = [1.5, -0.1, np.nan, [0.5, 1.01], [0.5, np.nan], np.array([[0.2], [-1e-300]]), np.inf]


@pytest.mark.parametrize("q", BAD_Q, ids=argument_id)
@with_q
def test_bad_q(spec, q):
    """q outside [0, 1] ([0, 100]), NaN included: NumPy's ValueError; out untouched."""
    message = "Quantiles must be in the range [0, 1]"
    if spec.name == "nanpercentile":
        q = np.multiply(q, 100)
        message = "Percentiles must be in the range [0, 100]"
    out = np.full(np.shape(q) + (4,), 7.0)
    with pytest.raises(ValueError, match=re.escape(message)):
        spec.func(np.ones((3, 4)), q, axis=0, out=out)
    assert np.all(out == 7.0)


BAD_OUTS = [
    (np.empty(5), ValueError),
    (np.empty((1, 4)), ValueError),
    (np.empty(4, np.float32), TypeError),
    (np.empty(4, np.int64), TypeError),
    ([0.0] * 4, TypeError),
]


@pytest.mark.parametrize(("out", "error"), BAD_OUTS, ids=argument_id)
@per_function
def test_bad_out(spec, out, error):
    before = np.copy(out)
    with pytest.raises(error, match=r"(?i)\bout"):
        spec.func(np.ones((3, 4)), **_q(spec, 0.5), axis=0, out=out)
    if isinstance(out, np.ndarray):
        assert_bitwise_equal(out, before)


@pytest.mark.parametrize("spec", [s for s in QUANTILE if s.name != "nanpercentile"], ids=str)
def test_raw_gufunc(spec):
    """The raw gufunc reduces the last axis; nanquantile's, (n),(k)->(k), takes q as a
    float64 array and puts its axis last. (nanpercentile is the wrapper of nanquantile's
    gufunc with q / 100.)"""
    x = random_data((7, 3, 50), np.float64, seed=14)
    scalars = spec.gufunc_scalars
    got = spec.gufunc(x, *scalars)
    if scalars:
        assert_bitwise_equal(got, np.moveaxis(spec.call(x, -1, {"q": scalars[0]}), 0, -1))
    else:
        assert_bitwise_equal(got, spec.call(x, -1, {}))
    out = np.empty(got.shape)
    assert spec.gufunc(x, *scalars, out=out) is out
    assert_bitwise_equal(out, got)


def test_long_series_bracket_missed():
    """One long series is narrowed in parallel to a bracket that a sample of every
    (n // 65536)-th value sets (src/engine/select_loop.hpp); a sample unlike the rest makes
    the bracket miss the median, and the whole series is selected instead: same result."""
    n = 10**6
    x = np.zeros(n)
    x[:: n // 2**16] = 1e9  # the sample sees only these
    x[1 :: n // 2**16] = -1.0  # and never these
    for threads in (1, 2):
        with parafunc.threads(threads):
            assert parafunc.nanmedian(x) == np.median(x)
            assert_bitwise_equal(
                parafunc.nanquantile(x, [0.1, 0.5, 0.99]), np.quantile(x, [0.1, 0.5, 0.99])
            )


@pytest.mark.parametrize("axis", [0, -1])
@per_function
def test_series_narrowed_before_selecting(spec, axis):
    """Series are narrowed to a window around the ranks wanted, in steps (narrow_to_ranks
    in src/kernels/quantile.hpp): from 2048 values by a sample of every (n // s)-th value,
    then around pivots. Series whose values repeat (where no step narrows), constant ones,
    and ones whose sample misses the ranks (then pivots narrow them) give NumPy's results,
    bitwise, along either axis."""
    n = 3000
    missed = np.zeros(n)
    missed[::19] = 1e9  # every 19th value: all the sample of 156 sees
    missed[1::19] = -1.0
    three = np.resize([2.0, -1.0, 7.5], n)
    series = np.stack([missed, three, np.full(n, 0.25), np.arange(n, 0, -1.0), missed[::-1]])
    a = series.T.copy() if axis == 0 else series
    params = _q(spec, 0.2, 0.5)
    result = same_on_any_thread_count(spec, a, axis, params)
    assert_bitwise_equal(result, np.asarray(_numpy(spec, a, axis, params)))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_median_tiles_decided_by_nan(dtype):
    """Along axis 0, median first reads a tile's rows until every series has met a NaN
    (every_series_has_nan in src/kernels/gather.hpp) and gathers none of them if so: tiles
    whose series all hold a NaN (at rows far apart), and tiles where one series has none,
    give NumPy's results, bitwise, on 1, 2 and 3 threads."""
    (spec,) = [spec for spec in QUANTILE if spec.name == "median"]
    rng = np.random.default_rng(5)
    a = rng.standard_normal((300, 400)).astype(dtype)
    a[(np.arange(400) * 37) % 300, np.arange(400)] = np.nan  # every column, rows apart
    b = a.copy()
    # Three columns without a NaN, in three tiles (of 64 doubles or 128 floats a row).
    b[:, [3, 140, 399]] = 1.5
    for x in (a, b, np.asfortranarray(b)):
        result = same_on_any_thread_count(spec, x, 0, {})
        assert_bitwise_equal(result, np.asarray(_numpy(spec, x, 0, {})))
