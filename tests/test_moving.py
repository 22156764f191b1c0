"""Tests of the moving-window family (parafunc/moving.py): every registry entry of family
"moving" against its reference, on every layout, axis, dtype, window and thread count,
with out= (strided, and the input itself). Accuracy on hard inputs and the rules of single
functions: test_moving_numerics.py."""

from __future__ import annotations

import inspect
import itertools
import math
import re

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import parafunc
import strategies as hs
from references import ORDER_STATISTICS, integer_valued_moving, order_statistics_moving
from registry import (
    BAD_OUTS,
    CONVERTED_DTYPES,
    FLOAT_DTYPES,
    INT_DTYPES,
    NATIVE_DTYPES,
    REGISTRY,
    argument_id,
    assert_any_out_layout,
    assert_bitwise_equal,
    assert_refuses_out,
    family,
    peer_test_data,
    same_on_any_thread_count,
)

MOVING = family("moving")
MOVE_MEAN = REGISTRY["move_mean"]
WITH_DDOF = [spec for spec in MOVING if "ddof" in spec.signature]  # move_var, move_std
WITH_Q = [spec for spec in MOVING if "q" in inspect.signature(spec.func).parameters]
CHUNK = 1 << 16  # kChunkElements in src/engine/moving_loop.hpp; also the parallel threshold
per_function = pytest.mark.parametrize("spec", MOVING, ids=lambda spec: spec.name)
with_ddof = pytest.mark.parametrize("spec", WITH_DDOF, ids=lambda spec: spec.name)
# q for move_quantile in the tests of fixed arguments: both interpolate between neighbours
# (q = 0, 1 and 0.5 are drawn by the hypothesis tests and tested in test_moving_numerics.py).
QS = (0.3, 0.75)


def _gufunc_scalars(spec, params):
    """The raw gufunc's core scalars for ``params``: window, min_count (default window)
    and, for move_var and move_std, ddof (default 0), for move_quantile q."""
    window = params["window"]
    min_count = window if params.get("min_count") is None else params["min_count"]
    if spec in WITH_DDOF:
        return (window, min_count, params.get("ddof", 0))
    return (window, min_count, params["q"]) if spec in WITH_Q else (window, min_count)


def _extra(spec, k=1):
    """The arguments beyond window and min_count, chosen by k: ddof k % 2 for the functions
    that take it, q QS[k % 2] for move_quantile (which needs it), else nothing."""
    if spec in WITH_DDOF:
        return {"ddof": k % 2}
    return {"q": QS[k % 2]} if spec in WITH_Q else {}


def _required(spec):
    """The arguments a function needs beyond window: q for move_quantile."""
    return {"q": QS[0]} if spec in WITH_Q else {}


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
def test_signature(spec):
    """bottleneck's names, order and defaults (ddof after axis, as bottleneck), then out."""
    assert str(inspect.signature(spec.func)) == spec.signature


@per_function
@given(data=st.data())
def test_calling_conventions(spec, data):
    """Positional arguments in the signature's order (bottleneck's: window, min_count,
    axis, ddof; q after window), the default axis (-1), min_count (window) and ddof (0)."""
    a, axis, params = _draw_case(data, spec)
    keywords = spec.call(a, axis, params)
    assert_bitwise_equal(spec.call(a, axis - a.ndim if axis >= 0 else axis, params), keywords)
    arguments = {**params, "axis": axis}
    order = list(inspect.signature(spec.func).parameters)[1:-1]  # between a and out
    with np.errstate(invalid="ignore"):
        positional = spec.func(a, *[arguments[name] for name in order])
        assert_bitwise_equal(positional, keywords)
        defaults = {k: v for k, v in params.items() if not (k == "ddof" and v == 0)}
        if params["min_count"] is None:
            defaults.pop("min_count")
        assert_bitwise_equal(spec.func(a, **defaults, axis=axis), keywords)
        if axis in (-1, a.ndim - 1):
            assert_bitwise_equal(spec.func(a, **defaults), keywords)


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
    params = {"window": 2, **_extra(spec)}
    for axis in (0, 1):
        got = spec.call(a, axis, params)
        assert got.dtype == spec.output_dtype(target)
        assert_bitwise_equal(got, spec.call(a.astype(target), axis, params))


@per_function
def test_empty_outer_dimensions(spec):
    for shape, axis in [((0, 5), -1), ((5, 0), 0), ((2, 0, 3), 2)]:
        for dtype in NATIVE_DTYPES:
            got = spec.call(np.empty(shape, dtype), axis, {"window": 2, **_extra(spec)})
            assert got.shape == shape and got.dtype == spec.output_dtype(dtype)


# ---------------------------------------------------------------------------------------
# Long inputs of integer values (with NaN and inf), against references.integer_valued_moving:
# exact window sums, so a correct implementation gives the result rounded once bitwise
# (then to float32 for float32 input), move_var and move_std within their tolerance; and
# against references.order_statistics_moving for the order statistics (bitwise).

NOT_BITWISE = ("move_var", "move_std")  # re-shifted sums of squares: within the tolerance


def _integer_data(shape, dtype, seed, nan=0.05, inf=0.0):
    rng = np.random.default_rng(seed)
    x = rng.integers(-1000, 1000, shape).astype(dtype)
    if np.dtype(dtype).kind == "f":
        x[rng.random(shape) < nan] = np.nan
        x[rng.random(shape) < inf / 2] = np.inf
        x[rng.random(shape) < inf / 2] = -np.inf
    return x


def _some_cases(names, *values, keep, order_share=1):
    """Parametrise ``spec`` and ``names`` over every function and every combination of
    ``values``: all of them for move_mean, for the others only those ``keep(i, *combo)``
    selects (i: the function's index), and of those for the order statistics (whose sorted
    windows cost 5x to 40x move_mean's steps) one in ``order_share``, rotating with i so
    that together they keep all. The kernels differ by function; layouts, chunks and threads are
    the shared engine's, so a sample per function keeps the runtime down."""
    cases = []
    for i, spec in enumerate(MOVING):
        kept = [c for c in itertools.product(*values) if spec is MOVE_MEAN or keep(i, *c)]
        if spec.name in ORDER_STATISTICS:
            kept = kept[i % order_share :: order_share]
        for combo in kept:
            ids = [np.dtype(v).name if isinstance(v, type) else str(v) for v in combo]
            cases.append(pytest.param(spec, *combo, id="-".join([spec.name, *ids])))
    return pytest.mark.parametrize(("spec", *names), cases)


def _expect_exact(spec, got, x, params, axis=-1):
    x = np.asarray(x)
    if spec.name in ORDER_STATISTICS:
        expected, scale = order_statistics_moving(spec.name, x, axis=axis, **params)
    else:
        expected, scale = integer_valued_moving(spec.name, x, axis=axis, **params)
    if spec.name in NOT_BITWISE:
        spec.compare(got, expected, scale, x.dtype)
    else:
        assert_bitwise_equal(got, expected.astype(spec.output_dtype(x.dtype)))


# ---------------------------------------------------------------------------------------
# Long inputs: chunks, threads, aliasing


@_some_cases(
    ("dtype", "window"),
    [np.float64, np.float32, np.int64, np.int32],
    [1, 7, 1000, 70000],
    keep=lambda i, dtype, window: dtype in (np.float64, np.float32) and window > 1,
    order_share=6,
)
def test_long_1d_threads_bitwise_and_exact(spec, dtype, window):
    """Integer input of the functions other than move_mean is checked against their float64
    results instead (test_integers_are_converted_element_by_element)."""
    x = _integer_data(300_001, dtype, seed=window, inf=0.0002)
    min_counts = (None, 1, max(1, window // 2)) if spec is MOVE_MEAN else (None, window // 2)
    for k, min_count in enumerate(min_counts):
        params = {"window": window, "min_count": min_count, **_extra(spec, k)}
        got = same_on_any_thread_count(spec, x, -1, params)
        _expect_exact(spec, got, x, params)
        if np.dtype(dtype).kind == "f":  # out=x on the same long input, all thread counts
            for n in (1, 2):
                y = x.copy()
                with parafunc.threads(n):
                    spec.call(y, -1, params, out=y)
                assert_bitwise_equal(y, got)


@_some_cases(
    ("length",),
    [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 3],
    keep=lambda i, length: True,
    order_share=4,
)
def test_sizes_either_side_of_the_threshold(spec, length):
    x = _integer_data(length, np.float64, seed=length, inf=0.001)
    for window in (1, 2, 300):
        params = {"window": window, "min_count": 1, **_extra(spec, window)}
        got = same_on_any_thread_count(spec, x, -1, params)
        _expect_exact(spec, got, x, params)


VIEWS_2D = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "cols_1_-1": lambda x: x[:, 1:-1],
    "rows_::-2": lambda x: x[::-2],
}


SHAPES_2D = [(3, 70001), (70001, 3), (300, 300), (1000, 70), (2, 40000)]


def _rotate_2d(i, v, shape, dtype):
    """Six of the 24 cases of the first three shapes, every view, shape and dtype among
    them, which six depending on the function."""
    s = SHAPES_2D.index(shape)
    return s < 3 and (v + s + i) % 2 == 0 and (dtype == np.float64) == ((s + v // 2 + i) % 2 == 0)


@_some_cases(
    ("view", "shape", "dtype"),
    list(VIEWS_2D),
    SHAPES_2D,
    [np.float64, np.float32],
    keep=lambda i, view, shape, dtype: _rotate_2d(i, list(VIEWS_2D).index(view), shape, dtype),
    order_share=6,
)
def test_2d_threads_bitwise_and_exact(spec, view, shape, dtype):
    base = _integer_data(shape, dtype, seed=sum(shape), inf=0.001)
    a = VIEWS_2D[view](base)
    for axis in (0, 1):
        for window in sorted({1, min(5, a.shape[axis]), a.shape[axis]}):
            params = {"window": window, "min_count": 1, **_extra(spec)}
            got = same_on_any_thread_count(spec, a, axis, params)
            _expect_exact(spec, got, a, params, axis)
            y = VIEWS_2D[view](base.copy())  # the same layout, aliased
            spec.call(y, axis, params, out=y)
            assert_bitwise_equal(y, got)


@per_function
def test_long_series_chunks_as_if_alone(spec):
    """A long series alone steps several of its chunks at once (vector lanes, where the
    kernel has them): bitwise the same as beside another series, on any thread count."""
    rng = np.random.default_rng(11)
    n = 6 * CHUNK + 1234  # at least four chunks between the first and the last
    x = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 6, n)
    x[rng.random(n) < 0.02] = np.nan
    x[rng.random(n) < 0.001] = np.inf
    for k, window in enumerate((7, 300)):
        params = {"window": window, "min_count": 1, **_extra(spec, k)}
        with np.errstate(invalid="ignore"):
            alone = same_on_any_thread_count(spec, x, -1, params)
            assert_bitwise_equal(alone, spec.call(np.stack([x, x]), -1, params)[1])


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@per_function
def test_each_series_as_if_alone(spec, dtype):
    """A series' result does not depend on the series beside it: the engine steps some
    kernels several series at a time (vector lanes, with the rest of a tile alone), and a
    row must come out bitwise as it does computed on its own, on data that rounds."""
    rng = np.random.default_rng(7)
    if np.dtype(dtype).kind == "f":
        x = (rng.standard_normal((11, 300)) * 10.0 ** rng.integers(-3, 9, (11, 300))).astype(dtype)
        x[rng.random(x.shape) < 0.05] = np.nan
        x[rng.random(x.shape) < 0.01] = np.inf
        x[rng.random(x.shape) < 0.01] = -np.inf
    else:
        x = rng.integers(-(10**6), 10**6, (11, 300)).astype(dtype)
    for k, (window, min_count) in enumerate([(7, 1), (7, 7), (40, 3)]):
        params = {"window": window, "min_count": min_count, **_extra(spec, k)}
        alone = np.stack([spec.call(row, -1, params) for row in x])
        with np.errstate(invalid="ignore"):
            assert_bitwise_equal(spec.call(x, -1, params), alone)
            assert_bitwise_equal(spec.call(np.ascontiguousarray(x.T), 0, params).T, alone)


@per_function
def test_columns_over_chunks_as_if_alone(spec):
    """Along axis 0 of a C array, neighbouring columns are stepped a row at a time, in
    chunks with their warm-up: each column bitwise as computed on its own."""
    rng = np.random.default_rng(13)
    x = rng.standard_normal((2 * CHUNK + 7, 11)) * 10.0 ** rng.integers(-3, 6, (1, 11))
    x[rng.random(x.shape) < 0.02] = np.nan
    x[rng.random(x.shape) < 0.001] = -np.inf
    for k, (window, min_count) in enumerate([(5, 3), (1000, 1000)]):
        params = {"window": window, "min_count": min_count, **_extra(spec, k)}
        with np.errstate(invalid="ignore"):
            got = same_on_any_thread_count(spec, x, 0, params)
            for column in range(x.shape[1]):
                assert_bitwise_equal(got[:, column], spec.call(x[:, column].copy(), -1, params))


@_some_cases(
    ("dtype",), [np.float64, np.float32], keep=lambda i, dtype: (dtype == np.float64) == (i % 2)
)
def test_3d_middle_axis_subblock(spec, dtype):
    """a[:, 1:-1, :] makes NumPy split the outer loop into many small calls."""
    base = _integer_data((40, 72, 50), dtype, seed=4, inf=0.001)
    a = base[:, 1:-1, :]
    for axis in (0, 1, 2):
        for window in sorted({1, min(3, a.shape[axis]), a.shape[axis]}):
            params = {"window": window, **_extra(spec, 0)}
            got = same_on_any_thread_count(spec, a, axis, params)
            _expect_exact(spec, got, a, params, axis)
            before = base.copy()
            spec.call(a, axis, params, out=a)  # aliased, in the big array
            assert_bitwise_equal(a, got)
            base[...] = before


SHAPES_3D = [(3000, 40, 3), (3, 40, 3000), (6, 5, 4, 300), (2, 70001, 2)]


@_some_cases(
    ("shape", "layout"),
    SHAPES_3D,
    list(hs.MIDDLE_AXIS_LAYOUTS),
    keep=lambda i, shape, layout: (
        (SHAPES_3D.index(shape) + i) % 4 == list(hs.MIDDLE_AXIS_LAYOUTS).index(layout)
    ),
    order_share=4,
)
def test_middle_axis_companion(spec, shape, layout):
    """A middle axis goes through the (p,n,q) companion in one call (also across chunk
    boundaries), which must give bitwise what the plain gufunc gives through NumPy's many
    small calls, on any thread count, into a fresh result, an out= of either memory order,
    or the input itself."""
    a = hs.MIDDLE_AXIS_LAYOUTS[layout](_integer_data(shape, np.float64, seed=6, inf=0.001))
    for axis in range(1, a.ndim - 1):
        for window in sorted({1, 3, a.shape[axis]}):
            params = {"window": window, "min_count": 1, **_extra(spec)}
            scalars = _gufunc_scalars(spec, params)
            plain = np.empty_like(a)
            axes = [(axis,), *[()] * len(scalars), (axis,)]
            with np.errstate(invalid="ignore"):
                spec.gufunc(a, *scalars, axes=axes, out=plain)
            assert_bitwise_equal(same_on_any_thread_count(spec, a, axis, params), plain)
            assert_any_out_layout(spec, a, axis, params, plain)


@_some_cases(
    ("window",),
    [1, 2, 5, 1000, CHUNK // 4 + 1],
    keep=lambda i, window: window > 2 or MOVING[i].name not in ORDER_STATISTICS,
    order_share=3,
)
def test_chunk_edges(spec, window):
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
    for min_count in (None, 1) if spec is MOVE_MEAN else (1,):
        params = {"window": window, "min_count": min_count, **_extra(spec)}
        got = same_on_any_thread_count(spec, x, -1, params)
        _expect_exact(spec, got, x, params)
        y = x.copy()
        spec.call(y, -1, params, out=y)
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


@per_function
def test_infinities_raise_no_floating_point_warning(spec):
    """Windows sliding over runs of infinities and NaN warn about nothing (the suite turns
    warnings into errors): inf - inf is never computed."""
    x = np.array([np.inf, np.inf, np.inf, -np.inf, np.nan, 1.0, 2.0, -np.inf, -np.inf, 3.0])
    for window in (1, 2, 3):
        params = {"window": window, "min_count": 1, **_required(spec)}
        got = spec.func(x, **params)  # not spec.call, which ignores the invalid flag
        spec.check(got, x, -1, params)


def _window_of_one(spec, x):
    """What each function gives for windows of one element."""
    if spec.name in ("move_sum", "move_mean", "move_min", "move_max", "move_median"):
        return x
    if spec.name == "move_quantile":  # any q of one value
        return x
    zeros = np.zeros_like(x)  # move_rank: 0 for a window of one value, NaN for NaN
    zeros[np.isnan(x)] = np.nan
    if spec.name in ("move_var", "move_std"):
        zeros[np.isinf(x)] = np.nan
    return zeros


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
@per_function
def test_window_one_is_the_identity(spec, dtype):
    """A window of one element is that element (its sum, mean, min, max, median and any
    quantile), has variance 0 (NaN for an infinity), rank 0 and its extreme at offset 0:
    the compensated running sum keeps every step exact. (Over a dynamic range beyond
    double-double's ~2**106, a value far larger than those after it leaves a residue; that
    is the reference's scale, not tested here.)"""
    rng = np.random.default_rng(8)
    n = 3 * CHUNK + 5
    x = (rng.standard_normal(n) * 10.0 ** rng.integers(-4, 5, n)).astype(dtype)
    x[rng.random(x.size) < 0.1] = np.nan
    x[::1000] = np.inf
    x[500::1000] = -np.inf
    params = {"window": 1, **_extra(spec, 0)}
    assert_bitwise_equal(spec.call(x, -1, params), _window_of_one(spec, x))


@pytest.mark.parametrize("dtype", INT_DTYPES, ids=str)
@per_function
def test_integers_are_converted_element_by_element(spec, dtype):
    """int input gives bitwise what float64 input of the same values gives (each integer
    rounded to double on its own, as bottleneck does), extremes included. move_rank compares
    the integers themselves, as bottleneck does: the same here, where no two distinct int64
    round to one double (test_moving_numerics.py tests those)."""
    info = np.iinfo(dtype)
    rng = np.random.default_rng(9)
    a = rng.integers(info.min, info.max, 2 * CHUNK + 1, dtype=dtype, endpoint=True)
    a[::97] = info.max
    a[1::97] = info.min
    for window in (1, 3, 500):
        params = {"window": window, **_extra(spec)}
        got = spec.call(a, -1, params)
        assert_bitwise_equal(got, spec.call(a.astype(np.float64), -1, params))


# ---------------------------------------------------------------------------------------
# Against bottleneck


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(1,), (1000,), (200_003,), (37, 501)])
@pytest.mark.parametrize(
    "spec", [spec for spec in MOVING if spec.bottleneck], ids=lambda spec: spec.name
)
def test_matches_bottleneck(spec, dtype, shape):
    bn = pytest.importorskip("bottleneck")
    a = peer_test_data(shape, dtype, seed=12)
    for extra in spec.bottleneck_parameters:
        for axis in range(a.ndim):
            length = a.shape[axis]
            for window in sorted({1, min(3, length), min(50, length), length}):
                for min_count in (None, 1):
                    if (min_count or window) <= extra.get("ddof", 0):
                        continue  # bottleneck's count - ddof <= 0 (registry.MOVING_DDOF)
                    if window * length > (spec.bottleneck_work or math.inf):
                        continue  # bottleneck's move_rank: O(window) a step
                    params = {"window": window, "min_count": min_count, **extra}
                    expected = getattr(bn, spec.bottleneck)(a, **params, axis=axis)
                    got = spec.call(a, axis, params)
                    assert got.dtype == expected.dtype
                    tolerance = spec.bottleneck_tolerance.get(
                        np.dtype(dtype), spec.bottleneck_tolerance[spec.output_dtype(dtype)]
                    )
                    np.testing.assert_allclose(
                        got, expected, rtol=tolerance.rtol, atol=tolerance.atol
                    )


# ---------------------------------------------------------------------------------------
# The raw gufunc: per-series windows (broadcast), windows longer than the series


@per_function
def test_raw_gufunc_per_series_parameters(spec):
    """window, min_count (and ddof or q) broadcast against the outer dimensions: one set
    per series, which also makes the engine walk the series one by one (no shared tile)."""
    x = _integer_data((6, 3 * CHUNK + 5), np.float64, seed=13, inf=0.0005)
    windows = np.array([1, 2, 7, 1000, 70000, 10**6])  # the last longer than the series
    min_counts = np.array([1, 2, 3, 1, 50000, 1])
    thirds = {
        "ddof": np.array([0, 1, 2, 0, 1, 3]),  # for move_var and move_std
        "q": np.array([0.5, 0.0, 1.0, 0.3, 0.999, 0.75]),  # for move_quantile
    }
    third = {name: v for name, v in thirds.items() if name in _extra(spec)}
    scalars = (windows, min_counts, *third.values())
    with parafunc.threads(1), np.errstate(invalid="ignore"):
        serial = spec.gufunc(x, *scalars)
    with parafunc.threads(2), np.errstate(invalid="ignore"):
        assert_bitwise_equal(spec.gufunc(x, *scalars), serial)
    for row in range(6):
        window = min(int(windows[row]), x.shape[1])  # a longer window sees the whole prefix
        params = {"window": window, "min_count": int(min_counts[row])}
        params.update({name: v[row].item() for name, v in third.items()})
        _expect_exact(spec, serial[row], x[row], params)
    y = x.copy()
    with np.errstate(invalid="ignore"):
        spec.gufunc(y, *scalars, out=y)
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
@per_function
def test_raw_gufunc_bad_parameters(spec, window, min_count, message):
    out = np.full((3, 4), 7.0)
    with pytest.raises(ValueError, match=message):
        spec.gufunc(np.ones((3, 4)), window, min_count, *spec.gufunc_scalars[2:], out=out)
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
        spec.func(a, **kwargs, **_required(spec), out=out)
    assert np.all(out == 7.0)  # nothing written on an error found before computing


@with_ddof
@pytest.mark.parametrize("ddof", [1.5, None, True, np.float64(1.0), "1"], ids=repr)
def test_bad_ddof(spec, ddof):
    """ddof must be an integer (a Python or NumPy int, not a bool); out is left untouched."""
    out = np.full((3, 4), 7.0)
    with pytest.raises(TypeError, match=re.escape("`ddof` must be an integer")):
        spec.func(np.ones((3, 4)), 2, ddof=ddof, out=out)
    assert np.all(out == 7.0)


@per_function
@pytest.mark.parametrize(("out", "error"), list(BAD_OUTS.values()), ids=list(BAD_OUTS))
def test_bad_out(spec, out, error):
    assert_refuses_out(
        lambda out: spec.func(np.ones((3, 4)), window=2, **_required(spec), out=out), out, error
    )


@per_function
@pytest.mark.parametrize(
    "a", [np.array(["a", "b"]), np.array([1 + 2j]), np.array([None, 1.0], dtype=object)]
)
def test_bad_dtypes(spec, a):
    with pytest.raises(TypeError, match="dtype"):
        spec.func(a, 1, **_required(spec))


@per_function
def test_0d_input(spec):
    with pytest.raises(ValueError, match="axis"):
        spec.func(np.float64(1.0), 1, **_required(spec))


@pytest.mark.parametrize("window", [11, 10**15, 2**62, np.iinfo(np.intp).max])
@per_function
def test_raw_gufunc_window_longer_than_the_series(spec, window):
    """A window longer than the series is the whole series: no huge buffer, no overflow,
    also in place."""
    x = np.arange(10.0)
    params = {"window": 10, "min_count": 1, **_extra(spec, 0)}
    scalars = (window, *_gufunc_scalars(spec, params)[1:])
    got = spec.gufunc(x, *scalars)
    _expect_exact(spec, got, x, params)
    spec.gufunc(x, *scalars, out=x)
    assert_bitwise_equal(x, got)
