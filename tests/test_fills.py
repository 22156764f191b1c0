"""Tests of the fills and replace (parafunc/fills.py): push, ffill and bfill against their
reference (tests/references.py: each series walked element by element) bit for bit on
every layout, axis, dtype and limit; out= (strided, and the input itself); long series
cut into chunks, on 1, 2 and 3 threads; bottleneck and numbagg; replace in place on any
view; bad arguments."""

from __future__ import annotations

import inspect
import re

import bottleneck as bn
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import parafunc
import strategies as hs
from registry import (
    BAD_OUTS,
    FLOAT_DTYPES,
    NATIVE_DTYPES,
    REGISTRY,
    assert_bitwise_equal,
    assert_refuses_out,
    family,
    peer_test_data,
)

numbagg = pytest.importorskip("numbagg")

FILLS = [spec for spec in family("fills") if spec.name != "replace"]
REPLACE = REGISTRY["replace"]
CHUNK = 1 << 16  # kScanChunk in src/engine/scan_loop.hpp
per_fill = pytest.mark.parametrize("spec", FILLS, ids=lambda spec: spec.name)


def limit_name(spec) -> str:
    return "n" if spec.name == "push" else "limit"


def with_nan_runs(data, a: np.ndarray, axis: int) -> np.ndarray:
    """``a`` (a copy) with a few runs of NaN along ``axis``, of drawn starts and lengths:
    the gaps that limits cut."""
    a = np.array(a)
    if a.dtype.kind != "f" or a.size == 0:
        return a
    moved = np.moveaxis(a, axis, -1)
    n = moved.shape[-1]
    for _ in range(data.draw(st.integers(0, 3), label="runs")):
        start = data.draw(st.integers(0, n - 1), label="start")
        moved[..., start : start + data.draw(st.integers(1, n), label="run")] = np.nan
    return a


def _draw_case(data, spec, dtypes=NATIVE_DTYPES, layouts=hs.LAYOUTS):
    """An array (sometimes with NaN runs, in its drawn layout), an axis, the limit."""
    a = data.draw(hs.arrays(dtypes=dtypes, min_dims=1, layouts=layouts), label="a")
    axis = data.draw(hs.axes(a.ndim, allow_none=False), label="axis")
    if data.draw(st.booleans(), label="nan runs") and a.flags.writeable:
        runs = with_nan_runs(data, a, axis)
        if a.dtype.kind == "f":
            a[...] = runs  # in a's own layout
    params = data.draw(spec.parameters(a.shape[axis]), label="params")
    return a, axis, params


def call(spec, a, axis, params, out=None):
    return spec.func(a, **params, axis=axis, out=out)


def expected(spec, a, axis, params):
    return spec.reference(a, axis=axis, **params)[0]


def assert_same(got, want):
    """Bitwise equal, but for longdouble (whose padding bytes are not values): equal, NaN
    where NaN, signs of zeros alike."""
    if np.dtype(got.dtype).itemsize <= 8:
        return assert_bitwise_equal(got, want)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got, want, equal_nan=True)
    assert np.array_equal(np.signbit(got), np.signbit(want))


def same_on_any_thread_count(run):
    """run() on 1 thread, after checking it gives bitwise the same on 2 and 3."""
    with parafunc.threads(1):
        serial = run()
    for n in (2, 3):
        with parafunc.threads(n):
            assert_bitwise_equal(run(), serial)
    return serial


# ---------------------------------------------------------------------------------------
# Against the reference


@per_fill
@given(data=st.data())
def test_matches_reference(spec, data):
    a, axis, params = _draw_case(data, spec)
    before = a.copy()
    got = call(spec, a, axis, params)
    assert_bitwise_equal(got, expected(spec, a, axis, params))
    assert_bitwise_equal(a, before)  # the input is never written


@per_fill
def test_signature(spec):
    assert str(inspect.signature(spec.func)) == spec.signature


@per_fill
@given(data=st.data())
def test_layouts_and_out(spec, data):
    """Any layout gives bitwise the result of a C-contiguous copy, laid out like the
    input; out= in any layout gets exactly it, and is what is returned."""
    a, axis, params = _draw_case(data, spec)
    got = call(spec, a, axis, params)
    assert_bitwise_equal(got, call(spec, np.ascontiguousarray(a), axis, params))
    if a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous:
        assert got.flags.f_contiguous
    out = data.draw(hs.outs(a.dtype, a.shape), label="out")
    assert call(spec, a, axis, params, out=out) is out
    assert_bitwise_equal(out, got)


@per_fill
@given(data=st.data())
def test_out_is_the_input(spec, data):
    """push(x, out=x) fills x in place (NumPy passes the exact overlap through uncopied),
    bitwise as into a separate output."""
    a, axis, params = _draw_case(data, spec, layouts=hs.WRITABLE_LAYOUTS)
    want = call(spec, a.copy(), axis, params)
    assert call(spec, a, axis, params, out=a) is a
    assert_bitwise_equal(a, want)


@per_fill
def test_calling_conventions(spec):
    """The limit positional (bottleneck's order: limit, axis, out) or by keyword, a Python
    or NumPy integer; the default axis is the last."""
    a = peer_test_data((5, 40), np.float64, seed=3)
    keywords = spec.func(a, **{limit_name(spec): 2}, axis=-1)
    for limit in (2, np.int64(2), np.int32(2), np.intp(2)):
        assert_bitwise_equal(spec.func(a, limit), keywords)
    assert_bitwise_equal(spec.func(a, 2, 1), keywords)
    assert_bitwise_equal(spec.func(a, 2, np.int64(-1), None), keywords)
    out = np.empty_like(a)
    assert spec.func(a, 2, -1, out) is out
    assert_bitwise_equal(out, keywords)
    assert_bitwise_equal(spec.func(a.T, 2, 0), keywords.T)
    assert_bitwise_equal(spec.func(a), spec.func(a, None, -1))


@per_fill
def test_limits_at_and_beyond_the_length(spec):
    """A limit of the length or more is no limit; 0 fills nothing."""
    a = peer_test_data((4, 30), np.float64, seed=5)
    a[:, 3:25] = np.nan
    unlimited = spec.func(a)
    for limit in (29, 30, 31, 10**12, 2**63 - 1, 10**30):
        assert_bitwise_equal(spec.func(a, limit), unlimited)
    assert_bitwise_equal(spec.func(a, 0), a)


@per_fill
def test_empty_and_short(spec):
    for shape, axis in [((0, 5), -1), ((5, 0), 0), ((2, 0, 3), 1), ((3, 0), -1), ((0,), 0)]:
        for dtype in NATIVE_DTYPES:
            got = spec.func(np.empty(shape, dtype), axis=axis)
            assert got.shape == shape and got.dtype == dtype
    for value in (np.nan, 1.5, np.inf):
        assert_bitwise_equal(spec.func(np.array([value])), np.array([value]))
    assert_bitwise_equal(spec.func(np.array([[np.nan], [2.0]]), axis=1), [[np.nan], [2.0]])


@per_fill
def test_infinities_are_values(spec):
    a = np.array([np.nan, np.inf, np.nan, -np.inf, np.nan, np.nan])
    want = {
        "bfill": [np.inf, np.inf, -np.inf, -np.inf, np.nan, np.nan],
    }.get(spec.name, [np.nan, np.inf, np.inf, -np.inf, -np.inf, -np.inf])
    assert_bitwise_equal(spec.func(a), np.array(want))


@per_fill
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_nan_payloads_and_signed_zeros_are_copied(spec, dtype):
    """Values are copied bit for bit: -0.0 stays -0.0; a NaN nothing fills keeps its bits."""
    bits = np.dtype(f"u{np.dtype(dtype).itemsize}")
    payload = np.array(np.nan, dtype).view(bits) | 1  # a quiet NaN with a payload
    a = np.array([np.nan, -0.0, np.nan, np.nan], dtype)
    a[0] = payload.view(dtype)
    a[3] = payload.view(dtype)
    assert_bitwise_equal(spec.func(a, 1), expected(spec, a, -1, {limit_name(spec): 1}))


# ---------------------------------------------------------------------------------------
# Other dtypes: bottleneck's answers


OTHER_DTYPES = [np.float16, np.longdouble, np.bool_, np.int8, np.uint8, np.int16, np.uint64]


@per_fill
@pytest.mark.parametrize("dtype", OTHER_DTYPES, ids=lambda t: np.dtype(t).name)
def test_other_dtypes_keep_their_dtype(spec, dtype):
    """float16 and longdouble are filled exactly (as bottleneck's push fills float16);
    integers and bool, which hold no NaN, are copied; out= of the dtype too."""
    a = np.array([[1, 0, 1, 1, 0, 0, 1], [0, 1, 1, 0, 1, 0, 1]]).astype(dtype)
    if a.dtype.kind == "f":
        a = a / np.asarray(3, dtype)  # values a round trip through float64 would change
        a[:, [1, 2, 4, 5]] = np.nan
    for axis, limit in [(-1, None), (-1, 1), (0, None), (0, 0)]:
        got = spec.func(a, limit, axis)
        assert got.dtype == a.dtype
        assert_same(got, expected(spec, a, axis, {limit_name(spec): limit}))
        if spec.name == "push" and a.dtype != np.longdouble:  # bottleneck: through float64
            assert_same(got, bn.push(a, limit, axis))
        out = np.empty_like(a.T).T
        assert spec.func(a, limit, axis, out) is out
        assert_same(out, got)
    assert spec.func(a) is not a


# ---------------------------------------------------------------------------------------
# Long series: chunks, tiles, threads, aliasing, middle axes


def long_series(length: int, seed: int, dtype=np.float64) -> np.ndarray:
    """Normal values with 5% NaN, runs of NaN across every chunk boundary (one as long as
    a chunk and more), and NaN on either side of each boundary."""
    x = peer_test_data((length,), dtype, seed)
    rng = np.random.default_rng(seed)
    x[rng.random(length) < 0.05] = np.nan
    for boundary in range(CHUNK, length, CHUNK):
        x[boundary - rng.integers(0, 50) : boundary + rng.integers(0, 50)] = np.nan
    if length > 3 * CHUNK:
        x[CHUNK + 17 : 3 * CHUNK - 5] = np.nan  # a whole chunk without a value
    return x


@per_fill
@pytest.mark.parametrize("length", [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 1, 4 * CHUNK + 3])
@pytest.mark.parametrize("limit", [None, 0, 1, 49, CHUNK, 2 * CHUNK - 30])
def test_long_1d_chunks_and_threads(spec, length, limit):
    """A single series cut into chunks at fixed boundaries: the reference, bitwise on any
    thread count, and in place."""
    x = long_series(length, seed=length)
    got = same_on_any_thread_count(lambda: spec.func(x, limit))
    reversed_bn = bn.push(x[::-1], limit)[::-1]
    assert_bitwise_equal(got, reversed_bn if spec.name == "bfill" else bn.push(x, limit))
    for threads in (1, 2):
        with parafunc.threads(threads):
            y = x.copy()
            spec.func(y, limit, out=y)
            assert_bitwise_equal(y, got)


@per_fill
@pytest.mark.parametrize("limit", [None, 10**7])
def test_one_value_then_nothing_but_nan(spec, limit):
    """The worst case for carries: one value, then millions of NaN (every chunk but one
    holds no value) is still linear, and right."""
    x = np.full(3_000_000, np.nan)
    x[0 if spec.name != "bfill" else -1] = 7.0
    with parafunc.threads(2):
        assert_bitwise_equal(spec.func(x, limit), np.full(x.shape, 7.0))
        limited = spec.func(x, CHUNK)
        reached = limited[: CHUNK + 1] if spec.name != "bfill" else limited[-CHUNK - 1 :]
        assert_bitwise_equal(reached, np.full(CHUNK + 1, 7.0))
        assert np.isnan(limited).sum() == x.size - CHUNK - 1


VIEWS_2D = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "cols_1_-1": lambda x: x[:, 1:-1],
    "rows_::-2": lambda x: x[::-2],
}


@pytest.mark.parametrize("shape", [(3, 2 * CHUNK + 7), (2 * CHUNK + 7, 3), (300, 300), (7, 20000)])
@pytest.mark.parametrize("view", list(VIEWS_2D))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_2d_tiles_threads_and_aliasing(shape, view, dtype):
    """Tiles of one series (axis -1) and of up to 256 (axis 0), chunked where long: the
    reference (bottleneck's push, itself on reversed views for bfill), bitwise on any
    thread count, and in place in the same layout."""
    base = peer_test_data(shape, dtype, seed=sum(shape))
    base[np.random.default_rng(1).random(shape) < 0.5] = np.nan
    a = VIEWS_2D[view](base)
    for spec in FILLS:
        for axis in (0, 1):
            for limit in (None, 3):
                got = same_on_any_thread_count(lambda s=spec, n=limit, x=axis: s.func(a, n, x))
                flip = [slice(None)] * 2
                flip[axis] = slice(None, None, -1)
                if spec.name == "bfill":
                    want = bn.push(a[tuple(flip)], limit, axis)[tuple(flip)]
                else:
                    want = bn.push(a, limit, axis)
                assert_bitwise_equal(got, want)
                aliased = VIEWS_2D[view](base.copy())
                spec.func(aliased, limit, axis, aliased)
                assert_bitwise_equal(aliased, got)


@per_fill
@pytest.mark.parametrize("layout", list(hs.MIDDLE_AXIS_LAYOUTS))
@pytest.mark.parametrize("shape", [(3, 50, 4), (2, 2 * CHUNK + 5, 3), (40, 30, 300)])
def test_middle_axis_companion(spec, shape, layout):
    """A middle axis goes through the (p, n, q) companion in one call: the reference
    applied to the axis moved last, in each layout, also in place."""
    base = peer_test_data(shape, np.float64, seed=sum(shape))
    base[np.random.default_rng(2).random(shape) < 0.6] = np.nan
    a = hs.MIDDLE_AXIS_LAYOUTS[layout](base)
    got = same_on_any_thread_count(lambda: spec.func(a, 2, 1))
    moved = np.ascontiguousarray(np.moveaxis(a, 1, -1))
    assert_bitwise_equal(np.moveaxis(got, 1, -1), spec.func(moved, 2))
    aliased = hs.MIDDLE_AXIS_LAYOUTS[layout](base.copy())
    spec.func(aliased, 2, 1, aliased)
    assert_bitwise_equal(aliased, got)


def test_raw_gufunc_per_series_limits():
    """The raw gufunc takes one limit per series (broadcast): each series as called alone."""
    a = peer_test_data((4, 200), np.float64, seed=9)
    a[:, 10:150] = np.nan
    limits = np.array([0, 1, 100, 200], np.intp)
    for name in ("ffill", "bfill"):
        got = getattr(parafunc.gufuncs, name)(a, limits)
        for row, limit in enumerate(limits):
            assert_bitwise_equal(got[row], getattr(parafunc, name)(a[row], int(limit)))


# ---------------------------------------------------------------------------------------
# The peers


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(2000,), (30, 70), (5, 6, 7)])
def test_matches_bottleneck_and_numbagg(dtype, shape):
    a = peer_test_data(shape, dtype, seed=len(shape))
    if a.dtype.kind == "f":
        a[np.random.default_rng(3).random(shape) < 0.4] = np.nan
    for axis in range(-a.ndim, a.ndim):
        for limit in (None, 0, 1, 2, 5):
            pushed = parafunc.push(a, limit, axis)
            assert_bitwise_equal(pushed, bn.push(a, limit, axis))
            assert_bitwise_equal(parafunc.ffill(a, limit, axis), pushed)
            if a.dtype.kind == "f":  # numbagg 0.9.6 fills floats; integers the same way
                want = numbagg.ffill(a, limit=limit, axis=axis)
                assert_bitwise_equal(pushed, want)
                want = numbagg.bfill(a, limit=limit, axis=axis)
                assert_bitwise_equal(parafunc.bfill(a, limit, axis), want)


# ---------------------------------------------------------------------------------------
# Bad arguments: bottleneck's exception types (and messages, where clear)


@per_fill
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"limit": -1}, ValueError, "must be nonnegative, got -1"),
        ({"limit": -(2**70)}, ValueError, "must be nonnegative"),
        ({"limit": 1.5}, TypeError, "must be an integer, got float"),
        ({"limit": 2.0}, TypeError, "must be an integer, got float"),
        ({"limit": True}, TypeError, "must be an integer, got a boolean"),
        ({"limit": "2"}, TypeError, "must be an integer, got str"),
        ({"limit": np.array([1, 2])}, TypeError, "must be an integer, got ndarray"),
        ({"axis": 2}, ValueError, r"axis\(=2\) out of bounds"),
        ({"axis": -3}, ValueError, r"axis\(=-3\) out of bounds"),
        ({"axis": None}, ValueError, "`axis` cannot be None"),
        ({"axis": 1.0}, TypeError, "`axis` must be an integer"),
        ({"axis": "a"}, TypeError, "`axis` must be an integer"),
        ({"axis": (0,)}, TypeError, "`axis` must be an integer"),
    ],
    ids=lambda v: str(v) if not isinstance(v, type) else v.__name__,
)
def test_bad_arguments(spec, kwargs, error, message):
    a = np.array([[1.0, np.nan], [np.nan, 2.0]])
    kwargs = {limit_name(spec) if k == "limit" else k: v for k, v in kwargs.items()}
    with pytest.raises(error, match=message):
        spec.func(a, **kwargs)
    if "axis" not in kwargs or spec.name != "push":
        return
    with pytest.raises(error):  # bottleneck raises the same type
        bn.push(a, **kwargs)


@per_fill
def test_bad_limit_on_any_dtype(spec):
    """The limit is checked before the dtype decides anything (bottleneck's order)."""
    for dtype in (np.int64, np.int8, np.bool_, np.float16):
        with pytest.raises(ValueError, match="nonnegative"):
            spec.func(np.zeros(3, dtype), -1)


@per_fill
def test_0d_input(spec):
    """bottleneck: a 0-d array has no axis -1."""
    with pytest.raises(ValueError, match=r"axis\(=-1\) out of bounds"):
        spec.func(np.array(1.0))


@per_fill
@pytest.mark.parametrize(("out", "error"), list(BAD_OUTS.values()), ids=list(BAD_OUTS))
def test_bad_out(spec, out, error):
    a = np.ones((3, 4))
    assert_refuses_out(lambda o: spec.func(a, out=o), out, error)


@per_fill
@pytest.mark.parametrize("a", [np.array([1 + 2j]), np.array(["x"]), np.array([None])])
def test_bad_dtypes(spec, a):
    with pytest.raises(TypeError, match="unsupported dtype|real numbers"):
        spec.func(a)


def test_raw_gufunc_bad_limit():
    for name in ("ffill", "bfill"):
        with pytest.raises(ValueError, match=re.escape("limit must be at least 0, got -3")):
            getattr(parafunc.gufuncs, name)(np.ones(4), -3)


# ---------------------------------------------------------------------------------------
# replace: in place, on any view


def bottleneck_value(value, dtype: np.dtype):
    """What bottleneck replaces with, or looks for, in an array of native ``dtype``: the
    number as a float, converted to the dtype; None where it raises (an integer array's
    number not an integer it holds)."""
    number = float(value)
    if dtype.kind == "f":
        return number
    info = np.iinfo(dtype)
    if not (number.is_integer() and info.min <= number < -float(info.min)):
        return None
    return int(number)


def check_replace(a: np.ndarray, old, new):
    """replace(a, old, new) against the reference on a copy: bitwise, in place, ``a``
    returned, or bottleneck's ValueError (a unchanged)."""
    before = a.copy()
    old_value, new_value = bottleneck_value(old, a.dtype), bottleneck_value(new, a.dtype)
    if a.dtype.kind == "i" and np.isnan(float(old)):
        assert parafunc.replace(a, old, new) is a  # integers hold no NaN
        assert_bitwise_equal(a, before)
        return
    if old_value is None or new_value is None:
        which = "old" if old_value is None else "new"
        with pytest.raises(ValueError, match=f"Cannot safely cast `{which}` to int"):
            parafunc.replace(a, old, new)
        assert_bitwise_equal(a, before)
        return
    want, _ = REPLACE.reference(before, old=old_value, new=new_value)
    assert parafunc.replace(a, old, new) is a
    assert_bitwise_equal(a, want)


@given(data=st.data())
def test_replace_matches_reference(data):
    """Any writable view, old drawn from its own values (or NaN, or anything), new any
    number, as Python or NumPy numbers."""
    a = data.draw(hs.arrays(layouts=hs.WRITABLE_LAYOUTS, min_dims=0), label="a")
    values = st.sampled_from(a.ravel().tolist()) if a.size else st.just(0)
    params = data.draw(REPLACE.parameters(a.size), label="params")
    old = data.draw(st.one_of(values, st.just(params["old"])), label="old")
    new = data.draw(st.one_of(values, st.just(params["new"])), label="new")
    kind = data.draw(st.sampled_from([lambda v: v, np.float64, np.array]), label="kind")
    check_replace(a, kind(old), kind(new))


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize(
    "view",
    [
        lambda x: x,
        lambda x: x.T,
        lambda x: x[::3, ::-2],
        lambda x: x.reshape(40, 25, -1)[:, 1:-1, ::-1],
        lambda x: x.reshape(-1),
        lambda x: x.reshape(-1)[::-1],
    ],
    ids=["C", "F", "strided", "3d-subblock", "1d", "1d-reversed"],
)
def test_replace_long_views_and_threads(dtype, view):
    """Long arrays, so that the work is cut into chunks and tiles: the reference on every
    view, and the same on any thread count."""
    base = peer_test_data((1000, 300), dtype, seed=11)
    base[::7, ::3] = 5
    for old, new in ((np.nan, 0), (5, -1), (5, np.nan)):
        if np.dtype(dtype).kind == "i" and new != new:
            continue
        results = []
        for threads in (1, 2, 3):
            with parafunc.threads(threads):
                a = base.copy()
                check_replace(view(a), old, new)
                results.append(a)
        for other in results[1:]:
            assert_bitwise_equal(other, results[0])


@pytest.mark.parametrize(
    ("dtype", "old", "new"),
    [
        (np.float64, np.nan, 0),
        (np.float64, 2, np.nan),
        (np.float64, 2.0, 5.5),
        (np.float64, 0.0, 3.0),  # -0.0 == 0.0
        (np.float64, np.inf, 3.0),
        (np.float32, 0.1, 7),  # old rounded to float32 first
        (np.float32, 2, 1e300),  # new beyond float32: inf
        (np.float32, 1e300, 5),  # old beyond float32: inf
        (np.int64, 2, 5),
        (np.int64, 2.0, np.float64(5.0)),
        (np.int64, np.nan, 5),
        (np.int64, np.nan, 2.5),  # old NaN: nothing to check or do
        (np.int64, 2**53 + 1, 0),  # both go through float, as bottleneck's
        (np.int64, 2, 2**53 + 1),
        (np.int64, -(2**63), 0),
        (np.int32, 2**31 - 1, -(2**31)),
        (np.int64, True, 9),
        (np.float16, np.nan, 5),
        (np.longdouble, 1, 2),
        (np.bool_, True, False),
        (np.bool_, 1, 2),
        (np.int8, 2, 5),
        (np.uint8, 1, 200),
        (np.uint64, 2, 2**64 - 1),
        (np.int16, np.nan, 3),
    ],
)
def test_replace_matches_bottleneck(dtype, old, new):
    values = np.array([1, 2, 0, -0.0, np.inf, np.nan, 0.1, 2**53, 2**53 + 1, 2**31 - 1])
    with np.errstate(invalid="ignore", over="ignore"):
        a = values.astype(dtype)
    b = a.copy()
    result = parafunc.replace(a, old, new)
    assert result is a
    bn.replace(b, old, new)
    assert_same(a, b)


@pytest.mark.parametrize(
    ("dtype", "old", "new", "error", "message"),
    [
        (np.int64, 2.5, 1, ValueError, "Cannot safely cast `old` to int"),
        (np.int64, 2, 1.5, ValueError, "Cannot safely cast `new` to int"),
        (np.int64, 2, np.nan, ValueError, "Cannot safely cast `new` to int"),
        (np.int64, 2.5, np.nan, ValueError, "Cannot safely cast `old` to int"),
        (np.int64, 2**63 - 1, 0, ValueError, "Cannot safely cast `old` to int"),
        (np.int64, 2, np.inf, ValueError, "Cannot safely cast `new` to int"),
        (np.int32, 2**31, 0, ValueError, "Cannot safely cast `old` to int"),
        (np.int32, 0, -(2**31) - 1, ValueError, "Cannot safely cast `new` to int"),
        (np.int8, 2.5, 0, ValueError, "Cannot safely cast `old` to int"),
        (np.int8, 2, 500, OverflowError, "out of bounds"),
        (np.float64, "1", 0, TypeError, "`old` must be a number, got str"),
        (np.float64, 1, None, TypeError, "`new` must be a number, got NoneType"),
        (np.float64, [1.0], 0, TypeError, "`old` must be a number, got list"),
        (np.float64, 1 + 0j, 0, TypeError, "`old` must be a number, got complex"),
        (np.float64, 1, 10**400, TypeError, "`new` must be a number"),
        (np.int64, np.nan, "x", TypeError, "`new` must be a number"),
        (np.complex128, 1, 0, TypeError, "unsupported dtype complex128"),
    ],
)
def test_replace_bad_numbers(dtype, old, new, error, message):
    """bottleneck's exception types; the array is left as it was."""
    a = np.array([1, 2, 3], dtype)
    before = a.copy()
    with pytest.raises(error, match=message):
        parafunc.replace(a, old, new)
    assert np.array_equal(a, before)
    if dtype != np.complex128:
        with pytest.raises(error):
            bn.replace(a, old, new)


def test_replace_bad_arrays():
    with pytest.raises(TypeError, match="`a` must be a numpy array .*got list"):
        parafunc.replace([1.0, 2.0], 1.0, 0.0)
    frozen = np.array([1.0, 2.0])
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="`a` is read-only"):  # bottleneck writes into it
        parafunc.replace(frozen, 1.0, 0.0)
    with pytest.raises(TypeError):
        parafunc.replace(np.ones(3), 1.0)  # type: ignore[call-arg]


def test_replace_subclasses_and_0d():
    """A subclass is replaced in its memory and returned itself; a 0-d array in place."""

    class Tagged(np.ndarray):
        pass

    a = np.array([1.0, np.nan, 1.0]).view(Tagged)
    assert parafunc.replace(a, 1.0, 4.0) is a
    assert_bitwise_equal(a.view(np.ndarray), np.array([4.0, np.nan, 4.0]))
    zero_d = np.array(np.nan)
    parafunc.replace(zero_d, np.nan, 2.0)
    assert zero_d[()] == 2.0


def test_raw_replace_with_a_separate_out():
    """The raw gufunc into another array is a map: a unchanged, out = a replaced."""
    a = peer_test_data((3, 50), np.float64, seed=4)
    out = parafunc.gufuncs.replace(a, np.nan, -1.0)
    want = np.where(np.isnan(a), -1.0, a)
    assert_bitwise_equal(out, want)
    assert np.isnan(a).any()
