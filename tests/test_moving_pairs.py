"""Tests of the two-input moving windows (parafunc/moving_pairs.py): move_cov and move_corr
against their references (tests/references.py) on every layout, axis, dtype, window and
thread count, with out= (any layout, and a or b itself), against numbagg and pandas, and
their errors."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import parafunc
import strategies as hs
from parafunc._axis import native_dtype
from references import pair_window_reference
from registry import (
    CONVERTED_DTYPES,
    FLOAT_DTYPES,
    NATIVE_DTYPES,
    argument_id,
    assert_any_out_layout,
    assert_bitwise_equal,
    family,
    peer_test_data,
    same_on_any_thread_count,
)

PAIRS = family("moving_pairs")
CHUNK = 1 << 16  # kChunkElements in src/engine/moving_loop.hpp
per_function = pytest.mark.parametrize("spec", PAIRS, ids=lambda spec: spec.name)


def per_layout_case(*shapes):
    """move_cov on every shape, move_corr on the first: the engine walks memory alike for
    both (they differ in their results alone), and the layout tests are the slow ones."""
    cases = [(PAIRS[0], shape) for shape in shapes] + [(PAIRS[1], shapes[0])]
    return pytest.mark.parametrize(
        ("spec", "shape"), cases, ids=[f"{spec.name}-{shape}" for spec, shape in cases]
    )


def _draw_case(data, spec, dtypes=None, layouts=hs.LAYOUTS):
    """a, b of a's shape (its own dtype and layout at times), an axis and window
    parameters, b among them."""
    dtypes = spec.dtypes if dtypes is None else dtypes
    a = data.draw(hs.arrays(dtypes=dtypes, min_dims=1, layouts=layouts), label="a")
    b_dtype = data.draw(st.sampled_from([a.dtype, a.dtype, *dtypes]), label="b_dtype")
    b = data.draw(hs.views(b_dtype, a.shape, layouts), label="b")
    axis = data.draw(hs.axes(a.ndim, allow_none=False), label="axis")
    assume(a.shape[axis] >= spec.min_length)
    params = data.draw(spec.parameters(a.shape[axis]), label="params")
    return a, axis, {"b": b, **params}


def _common(a, b):
    """The native dtype both inputs are computed in."""
    return native_dtype(np.result_type(a, b))


def _random_pair(shape, dtype, seed, nan=0.01):
    """a, and b correlated with it, with NaN at their own positions (float dtypes)."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    b = 0.6 * a + 0.8 * rng.standard_normal(shape)
    if np.dtype(dtype).kind == "i":
        return (a * 1000).astype(dtype), (b * 1000).astype(dtype)
    a[rng.random(shape) < nan] = np.nan
    b[rng.random(shape) < nan] = np.nan
    return a.astype(dtype), b.astype(dtype)


# ---------------------------------------------------------------------------------------
# Against the reference


@per_function
@given(data=st.data())
def test_matches_reference(spec, data):
    a, axis, params = _draw_case(data, spec)
    before = a.copy(), params["b"].copy()
    got = spec.call(a, axis, params)
    common = _common(a, params["b"])
    spec.compare(got, *spec.expected(a.astype(common), axis, params), common)
    assert got.shape == a.shape
    assert_bitwise_equal(a, before[0])  # the inputs are never written
    assert_bitwise_equal(params["b"], before[1])


@per_function
@given(data=st.data())
def test_calling_conventions(spec, data):
    """Positional arguments (numbagg's order), negative axes and the default axis."""
    a, axis, params = _draw_case(data, spec, layouts=("C", "F"))
    keywords = spec.call(a, axis, params)
    b, window, min_count = params["b"], params["window"], params["min_count"]
    assert_bitwise_equal(spec.call(a, axis % a.ndim - a.ndim, params), keywords)
    assert_bitwise_equal(spec.func(a, b, window, min_count, axis), keywords)
    if min_count is None:
        assert_bitwise_equal(spec.func(a, b, window, axis=axis), keywords)
    if axis % a.ndim == a.ndim - 1:
        assert_bitwise_equal(spec.func(a, b, window=window, min_count=min_count), keywords)


@per_function
@given(data=st.data())
def test_out(spec, data):
    """out= in any layout gets exactly the result, and is what is returned."""
    a, axis, params = _draw_case(data, spec)
    out_dtype = spec.output_dtype(_common(a, params["b"]))
    out = data.draw(hs.outs(out_dtype, a.shape), label="out")
    assert spec.call(a, axis, params, out=out) is out
    assert_bitwise_equal(out, spec.call(a, axis, params))


@per_function
@given(data=st.data(), which=st.sampled_from(["a", "b", "both"]))
def test_out_is_an_input(spec, data, which):
    """out=a, out=b and move_cov(x, x, out=x): NumPy passes the exact overlap through
    uncopied; the result is bitwise that of a separate output."""
    a, axis, params = _draw_case(data, spec, FLOAT_DTYPES, layouts=hs.WRITABLE_LAYOUTS)
    b = a if which == "both" else params["b"].astype(a.dtype)
    b = b if b.flags.writeable else b.copy()
    expected = spec.call(a.copy(), axis, {**params, "b": b.copy()})
    out = b if which == "b" else a
    assert spec.call(a, axis, {**params, "b": b}, out=out) is out
    assert_bitwise_equal(out, expected)


def test_out_is_an_input_seen_another_way():
    """out=x with b the transpose of x: the same memory in another order, which NumPy
    copies; the result is still that of separate arrays."""
    x = _random_pair((40, 40), np.float64, seed=1)[0]
    expected = parafunc.move_cov(x, x.T.copy(), 5, 2)
    assert parafunc.move_cov(x, x.T, 5, 2, out=x) is x
    assert_bitwise_equal(x, expected)


@per_function
@pytest.mark.parametrize("dtype", list(CONVERTED_DTYPES), ids=str)
def test_other_dtypes_are_converted(spec, dtype):
    """Both inputs go to the native dtype of NumPy's promotion of theirs: the result is
    bitwise that of converted inputs (float32 with int32 gives float64, as in NumPy)."""
    a = np.array([[1, 0, 1, 1, 0], [0, 1, 1, 0, 1], [1, 1, 0, 1, 1]]).astype(dtype)
    b = a[::-1].copy()
    target = CONVERTED_DTYPES[np.dtype(dtype)]
    got = spec.call(a, 0, {"b": b, "window": 2})
    assert got.dtype == spec.output_dtype(target)
    assert_bitwise_equal(got, spec.call(a.astype(target), 0, {"b": b.astype(target), "window": 2}))
    for other in NATIVE_DTYPES:
        native = native_dtype(np.result_type(dtype, other))
        expected = spec.func(a.astype(native), b.astype(native), 3)
        assert_bitwise_equal(spec.func(a, b.astype(other), 3), expected)


@per_function
@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
def test_empty_and_length_one(spec, dtype):
    for shape, axis in [((0, 5), -1), ((5, 0), 0), ((2, 0, 3), 2), ((0, 3), 1)]:
        a = np.empty(shape, dtype)
        got = spec.call(a, axis, {"b": a, "window": 2})
        assert got.shape == shape and got.dtype == spec.output_dtype(dtype)
    one = spec.call(np.ones((3, 1), dtype), -1, {"b": np.ones((3, 1), dtype), "window": 1})
    assert np.isnan(one).all() and one.shape == (3, 1)  # one pair: no covariance


# ---------------------------------------------------------------------------------------
# Long inputs: chunks, tiles, middle axes, threads


def _check_windows_at(spec, got, a, b, params, positions):
    """``got`` at ``positions`` of a 1-D series against the reference of the window ending
    there alone (the reference of a whole long series would take too long)."""
    window = params["window"]
    min_count = window if params["min_count"] is None else params["min_count"]
    which = ["move_cov", "move_corr"].index(spec.name)
    for i in positions:
        lo = max(0, i - window + 1)
        x, y = a[lo : i + 1].astype(np.float64).tolist(), b[lo : i + 1].astype(np.float64).tolist()
        expected, scale = pair_window_reference(x, y, min_count, which)
        spec.compare(got[i : i + 1], np.array([expected]), np.array([scale]), a.dtype)


@per_function
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64], ids=str)
@pytest.mark.parametrize("window", [1, 7, 1000, 70000])
def test_long_1d_threads_and_chunk_edges(spec, dtype, window):
    """One long series: chunks of max(65536, 4 window) run in parallel, bitwise the same on
    any thread count, right on both sides of every chunk boundary (NaN and infinities at
    one), also in place."""
    a, b = _random_pair(3 * CHUNK + 11 + 4 * window, dtype, seed=window)
    if np.dtype(dtype).kind == "f":
        a[CHUNK - 3 : CHUNK + 2] = [np.inf, 1e15, np.nan, 2.0, -np.inf]
    params = {"window": window, "min_count": max(1, window // 2)}
    got = same_on_any_thread_count(spec, a, -1, {"b": b, **params})
    length = max(CHUNK, 4 * window)
    edges = [edge + d for edge in range(length, a.size, length) for d in (-1, 0, 1, window)]
    _check_windows_at(spec, got, a, b, params, [i for i in edges if i < a.size] + [a.size - 1])
    if np.dtype(dtype).kind == "f":
        for n in (1, 2):
            y = a.copy()
            with parafunc.threads(n):
                assert spec.call(y, -1, {"b": b, **params}, out=y) is y
            assert_bitwise_equal(y, got)


def _laid_out(x, layout):
    """An array equal to the 2-D ``x`` in another memory layout."""
    if layout == "F":
        return np.asfortranarray(x)
    if layout == "cols_1_-1":
        base = np.empty((x.shape[0], x.shape[1] + 2))
        base[:, 1:-1] = x
        return base[:, 1:-1]
    if layout == "rows_::-2":
        base = np.empty((2 * x.shape[0], x.shape[1]))
        base[::-2] = x
        return base[::-2]
    return x


@per_layout_case((3, 70001), (70001, 3), (300, 300), (1000, 70))
@pytest.mark.parametrize("layouts", [("C", "C"), ("F", "C"), ("cols_1_-1", "rows_::-2")])
def test_2d_layouts_and_threads(spec, shape, layouts):
    """Tiles along axis 0, one series at a time along axis 1, inputs of different layouts:
    bitwise the same whatever the layouts and the thread count, and as NumPy's own
    iteration of the raw gufunc; the reference on the first 300 steps of two series."""
    x, y = _random_pair(shape, np.float64, seed=sum(shape))
    a, b = _laid_out(x, layouts[0]), _laid_out(y, layouts[1])
    for axis in (0, 1):
        for window in sorted({1, min(5, a.shape[axis]), a.shape[axis]}):
            params = {"b": b, "window": window, "min_count": 1}
            got = same_on_any_thread_count(spec, a, axis, params)
            assert_bitwise_equal(got, spec.call(x, axis, {**params, "b": y}))
            axes = [(axis,), (axis,), (), (), (axis,)]
            assert_bitwise_equal(got, spec.gufunc(a, b, window, 1, axes=axes))
            ends = [0, -1]
            start = tuple(slice(0, 300) if i == axis else ends for i in range(2))
            expected = spec.reference(x[start], y[start], window, 1, axis=axis)
            spec.compare(got[start], *expected, a.dtype)


@per_layout_case((3000, 40, 3), (3, 40, 3000), (6, 5, 4, 300), (2, 70001, 2))
@pytest.mark.parametrize("layout", list(hs.MIDDLE_AXIS_LAYOUTS))
def test_middle_axis_companion(spec, shape, layout):
    """A middle axis goes through the (p,n,q),(p,n,q) companion in one call when both
    inputs have such a view (else NumPy's iteration): bitwise what the plain gufunc gives,
    on any thread count, into a fresh result, an out= of either order, or a itself."""
    base_a, base_b = _random_pair(shape, np.float64, seed=6)
    a = hs.MIDDLE_AXIS_LAYOUTS[layout](base_a)
    for b in (hs.MIDDLE_AXIS_LAYOUTS[layout](base_b), base_b):  # alike, and C order
        for axis in range(1, a.ndim - 1):
            for window in sorted({1, 3, a.shape[axis]}):
                params = {"b": b, "window": window, "min_count": 1}
                axes = [(axis,), (axis,), (), (), (axis,)]
                plain = spec.gufunc(a, b, window, 1, axes=axes, out=np.empty_like(a))
                assert_bitwise_equal(same_on_any_thread_count(spec, a, axis, params), plain)
                assert_any_out_layout(spec, a, axis, params, plain)


# ---------------------------------------------------------------------------------------
# Numerics: NaN, infinities, constant windows, bounds, large offsets


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_nan_infinities_and_constants(dtype):
    """Pairs with a NaN are left out, windows with an infinity give NaN (without a
    floating-point flag), a constant a gives covariance 0 and correlation NaN."""
    a = np.array([1, np.nan, 3, 4, np.inf, 5, 6, 5, 6, 7, 7, 7, 7], dtype)
    b = np.array([2, 1, np.nan, 8, -np.inf, 10, 12, 10, 12, 3, 4, 5, 6], dtype)
    with np.errstate(all="raise"):
        cov = parafunc.move_cov(a, b, 3, min_count=1)
        corr = parafunc.move_corr(a, b, 3, min_count=1)
    assert cov.dtype == corr.dtype == dtype
    # 0-3: one pair at most; 4-6: an infinity; 7, 8: b = 2a; 11, 12: a constant.
    nan = np.nan
    expected_cov = [nan] * 7 + [2 / 3, 2 / 3, -3.5, -17 / 6, 0.0, 0.0]
    expected_corr = [nan] * 7 + [1.0, 1.0, -0.7406128966515283, -0.9948497511671096, nan, nan]
    np.testing.assert_allclose(cov, np.array(expected_cov, dtype), rtol=1e-6)
    np.testing.assert_allclose(corr, np.array(expected_corr, dtype), rtol=1e-6)
    assert cov[-1] == 0.0


@per_function
def test_bounds_and_exact_zero_on_large_offsets(spec):
    """b linear in a, 1e8 away from 0: correlations never leave [-1, 1]; a constant a gives
    covariance exactly 0."""
    rng = np.random.default_rng(3)
    a = 1e8 + rng.standard_normal(50_000)
    for b in (3 * a - 7, -0.5 * a):
        got = spec.func(a, b, 20)
        assert np.all(np.isnan(got[:19]))
        if spec.name == "move_corr":
            assert np.all(np.abs(got[19:]) <= 1) and np.all(np.abs(got[19:]) > 1 - 1e-6)
    constant = np.full(1000, 0.1)
    got = spec.func(constant, a[:1000], 7)
    expected = 0.0 if spec.name == "move_cov" else np.nan
    np.testing.assert_array_equal(got[6:], np.full(994, expected))


def test_accurate_where_raw_sums_cancel():
    """Series around 1e8 with unit noise, and a trend: the results are as accurate as on
    centred data (numbagg's sums of raw products give correlations 0.23 off here, and
    up to 3.6 off for two series around 1e8)."""
    rng = np.random.default_rng(4)
    n = 20_000
    a = 1e8 + rng.standard_normal(n)
    b = -3e7 + np.arange(n) * 1e3 + rng.standard_normal(n)
    for spec in PAIRS:
        got = spec.func(a, b, 50)
        _check_windows_at(spec, got, a, b, {"window": 50, "min_count": None}, range(49, n, 997))


# ---------------------------------------------------------------------------------------
# Against numbagg and pandas


def _pairs_in_windows(a, b, window, axis):
    """How many pairs with no NaN each window holds."""
    valid = np.moveaxis(~(np.isnan(a) | np.isnan(b)), axis, -1).astype(np.intp)
    counts = np.cumsum(valid, axis=-1)
    counts[..., window:] -= counts[..., :-window].copy()
    return np.moveaxis(counts, -1, axis)


@per_function
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(1,), (1000,), (37, 501)])
def test_matches_numbagg(spec, dtype, shape):
    """The same results where a window holds three pairs or more. Where it holds one,
    numbagg's move_corr divides rounding residues (-0.14 or even 6.0, where parafunc gives
    NaN as numbagg's move_cov does); where it holds two, its correlation, exactly +-1,
    comes out 1.00000002 in float64 and 0.88 in float32."""
    numbagg = pytest.importorskip("numbagg")
    a, b = peer_test_data(shape, dtype, seed=12), peer_test_data(shape, dtype, seed=13)
    for axis in range(a.ndim):
        length = a.shape[axis]
        for window in sorted({1, min(2, length), min(3, length), min(50, length), length}):
            pairs = _pairs_in_windows(a, b, window, axis)
            for min_count in (None, 1, window):
                peer = getattr(numbagg, spec.name)
                expected = peer(a, b, window=window, min_count=min_count, axis=axis)
                got = spec.func(a, b, window, min_count, axis=axis)
                assert got.dtype == expected.dtype
                assert np.isnan(got[pairs < 2]).all()
                if spec.name == "move_corr":  # two pairs: +-1 (the registry's tolerance)
                    two = np.abs(got[(pairs == 2) & ~np.isnan(got)])
                    np.testing.assert_allclose(two, 1, rtol=max(2**-36, 2 * np.finfo(dtype).eps))
                got[pairs == 2] = expected[pairs < 3] = np.nan
                rtol = 1e-9 if dtype == np.float64 else 1e-3
                np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol)


@per_function
@pytest.mark.parametrize("window", [2, 3, 20, 500])
def test_matches_pandas(spec, window):
    pd = pytest.importorskip("pandas")
    a, b = (
        peer_test_data((2000,), np.float64, seed=window),
        peer_test_data((2000,), np.float64, seed=1),
    )
    for min_count in (None, 1, window // 2 + 1):
        rolling = pd.Series(a).rolling(window, min_periods=min_count)
        expected = getattr(rolling, spec.name[len("move_") :])(pd.Series(b)).to_numpy()
        got = spec.func(a, b, window, min_count)
        np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-10)


# ---------------------------------------------------------------------------------------
# The raw gufunc


def test_raw_gufunc_per_series_parameters():
    """window and min_count broadcast against the series: one pair each, which makes the
    engine walk the series one by one; a window longer than the series is allowed."""
    a, b = _random_pair((5, 2 * CHUNK + 5), np.float64, seed=13)
    windows = np.array([1, 2, 7, 1000, 10**6])
    min_counts = np.array([1, 2, 3, 1, 1])
    for name in ("move_cov", "move_corr"):
        gufunc = getattr(parafunc.gufuncs, name)
        with parafunc.threads(1):
            serial = gufunc(a, b, windows, min_counts)
        with parafunc.threads(2):
            assert_bitwise_equal(gufunc(a, b, windows, min_counts), serial)
        for row in range(5):
            window = min(int(windows[row]), a.shape[1])
            assert_bitwise_equal(serial[row], gufunc(a[row], b[row], window, min_counts[row]))


@pytest.mark.parametrize(
    ("window", "min_count", "message"),
    [
        (0, 1, "window"),
        (2, 3, "min_count"),
        (2, 0, "min_count"),
        (np.array([1, 0, 2]), 1, "window"),
    ],
)
def test_raw_gufunc_bad_parameters(window, min_count, message):
    out = np.full((3, 4), 7.0)
    with pytest.raises(ValueError, match=message):
        parafunc.gufuncs.move_cov(np.ones((3, 4)), np.ones((3, 4)), window, min_count, out=out)
    assert np.all(out == 7.0)  # checked before any output is written


# ---------------------------------------------------------------------------------------
# Bad arguments: the right exception, a message naming the argument, out left untouched


BAD_ARGUMENTS = [
    ({"window": 0}, ValueError, "Moving window (=0) must between 1 and 4, inclusive"),
    ({"window": 5}, ValueError, "Moving window (=5) must between 1 and 4, inclusive"),
    ({"window": 2.0}, TypeError, "`window` must be an integer"),
    ({"window": None}, TypeError, "`window` must be an integer"),
    ({"window": True}, TypeError, "`window` must be an integer"),
    ({"window": 2, "min_count": 0}, ValueError, "`min_count` must be greater than zero."),
    ({"window": 2, "min_count": 3}, ValueError, "min_count (3) cannot be greater than window (2)"),
    ({"window": 2, "min_count": 1.5}, TypeError, "`min_count` must be an integer"),
    ({"window": 2, "axis": 2}, ValueError, "axis(=2) out of bounds"),
    ({"window": 2, "axis": None}, TypeError, "`axis` must be an integer"),
    ({"window": 2, "axis": (1,)}, TypeError, "`axis` must be an integer"),
    (
        {"b": np.ones((3, 5))},
        ValueError,
        "`a` and `b` must have the same shape, got (3, 4) and (3, 5)",
    ),
    ({"b": np.ones(4)}, ValueError, "`a` and `b` must have the same shape, got (3, 4) and (4,)"),
    ({"b": np.ones((3, 4), complex)}, TypeError, "unsupported dtype complex128"),
    ({"b": np.full((3, 4), "x")}, TypeError, "unsupported dtype <U1"),
    ({"b": np.ones((3, 4), object)}, TypeError, "unsupported dtype object"),
    ({"out": np.empty((3, 5))}, ValueError, "`out` has shape (3, 5)"),
    ({"out": np.empty((3, 4), np.float32)}, TypeError, "`out` has dtype float32"),
    ({"out": [[0.0] * 4] * 3}, TypeError, "`out` must be a numpy array"),
]


@per_function
@pytest.mark.parametrize(("kwargs", "error", "message"), BAD_ARGUMENTS, ids=argument_id)
def test_bad_arguments(spec, kwargs, error, message):
    arguments = {"b": np.ones((3, 4)), "window": 2, "out": np.full((3, 4), 7.0), **kwargs}
    before = np.copy(arguments["out"])
    with pytest.raises(error, match=re.escape(message)):
        spec.func(np.ones((3, 4)), **arguments)
    if isinstance(arguments["out"], np.ndarray):
        assert_bitwise_equal(arguments["out"], before)  # nothing written before computing


@per_function
def test_0d_and_bad_a(spec):
    with pytest.raises(ValueError, match="axis"):
        spec.func(np.float64(1.0), np.float64(2.0), 1)
    with pytest.raises(TypeError, match="dtype"):
        spec.func(np.array([1 + 2j]), np.array([1.0]), 1)
