"""Tests of the ranks family (parafunc/ranks.py): rankdata and nanrankdata against their
references (a stable argsort with ties averaged), partition and argpartition by the
partition property (check_partition), on every layout, axis (None included), dtype and
thread count, with out= (strided, and the input itself); ties, NaN, infinities and signed
zeros; long inputs (the radix sort of one long series); bottleneck; and every bad argument."""

from __future__ import annotations

import inspect
import threading

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import parafunc
import strategies as hs
from references import rankdata_reference
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
    same_on_any_thread_count,
)

RANKS = family("ranks")
RANKINGS = [REGISTRY["rankdata"], REGISTRY["nanrankdata"]]
PARTITIONS = [REGISTRY["partition"], REGISTRY["argpartition"]]
per_function = pytest.mark.parametrize("spec", RANKS, ids=lambda spec: spec.name)
per_ranking = pytest.mark.parametrize("spec", RANKINGS, ids=lambda spec: spec.name)
per_partition = pytest.mark.parametrize("spec", PARTITIONS, ids=lambda spec: spec.name)
PARALLEL = 1 << 16  # kParallelWork in src/engine/parallel.hpp: larger calls go parallel


def check_partition(spec, got, a, axis, kth):
    """``got`` is ``spec``'s result for ``a``: of the right dtype and shape, and along the
    axis (the flattened array for None) a partition at ``kth``: the values (taken through
    the indices for argpartition, which must be a permutation) are the slice's, the one
    at kth is the sorted slice's (NaN last), none before it is larger, none after smaller."""
    a = np.asarray(a)
    assert got.dtype == spec.output_dtype(a.dtype), (got.dtype, a.dtype)
    assert got.shape == spec.result_shape(a.shape, axis, {"kth": kth})
    x = a.reshape(-1) if axis is None else a
    axis = 0 if axis is None else axis
    values = np.moveaxis(got, axis, -1)
    rows = np.moveaxis(x, axis, -1)
    if spec.name == "argpartition":
        n = rows.shape[-1]
        np.testing.assert_array_equal(
            np.sort(values, axis=-1), np.broadcast_to(np.arange(n), values.shape)
        )
        values = np.take_along_axis(rows, values, axis=-1)
    if values.shape[-1] == 0:
        return
    expected = np.sort(rows, axis=-1)  # NaN last
    np.testing.assert_array_equal(np.sort(values, axis=-1), expected)  # the same values
    k = kth % values.shape[-1]
    pivot = values[..., k : k + 1]
    np.testing.assert_array_equal(pivot[..., 0], expected[..., k])
    if values.dtype.kind == "f":
        before_ok = np.isnan(pivot) | (values[..., :k] <= pivot)
        after_ok = np.isnan(values[..., k + 1 :]) | (values[..., k + 1 :] >= pivot)
    else:
        before_ok = values[..., :k] <= pivot
        after_ok = values[..., k + 1 :] >= pivot
    assert before_ok.all() and after_ok.all(), (values, k)


def check(spec, got, a, axis, params):
    if spec in PARTITIONS:
        check_partition(spec, got, a, axis, int(params["kth"]))
    else:
        spec.check(got, a, axis, params)


def _draw_case(data, spec, dtypes=None, min_dims=0, **array_kwargs):
    """An array, an axis (None included) and, for the partitions, a kth for its length."""
    dtypes = spec.dtypes if dtypes is None else dtypes
    a = data.draw(hs.arrays(dtypes=dtypes, min_dims=min_dims, **array_kwargs), label="a")
    axis = data.draw(hs.axes(a.ndim, allow_none=True), label="axis")
    length = a.size if axis is None else a.shape[axis]
    params = data.draw(spec.parameters(max(length, 1)), label="params")
    return a, axis, params


# ---------------------------------------------------------------------------------------
# Against the reference


@per_function
@given(data=st.data())
def test_matches_reference(spec, data):
    a, axis, params = _draw_case(data, spec)
    before = a.copy()
    check(spec, spec.call(a, axis, params), a, axis, params)
    assert_bitwise_equal(a, before)  # the input is never written


@per_function
def test_signature(spec):
    """bottleneck's names, order and defaults, then out."""
    assert str(inspect.signature(spec.func)) == spec.signature


@per_function
@given(data=st.data())
def test_calling_conventions(spec, data):
    """Positional arguments in the signature's order, negative axes, the default axis."""
    a, axis, params = _draw_case(data, spec, min_dims=1)
    keywords = spec.call(a, axis, params)
    if axis is not None:
        assert_bitwise_equal(spec.call(a, axis - a.ndim if axis >= 0 else axis, params), keywords)
    assert_bitwise_equal(spec.func(a, *params.values(), axis), keywords)
    if axis == spec.default_axis or (axis is not None and axis - a.ndim == spec.default_axis):
        assert_bitwise_equal(spec.func(a, **params), keywords)


@per_function
@given(data=st.data())
def test_out(spec, data):
    """out= in any layout gets exactly the result, and is what is returned."""
    a, axis, params = _draw_case(data, spec)
    shape = spec.result_shape(a.shape, axis, params)
    out = data.draw(hs.outs(spec.output_dtype(a.dtype), shape), label="out")
    result = spec.call(a, axis, params, out=out)
    assert result is out
    assert_bitwise_equal(out, spec.call(a, axis, params))


@per_function
@given(data=st.data())
def test_out_is_the_input(spec, data):
    """f(x, out=x): NumPy passes the exact overlap through uncopied (DESIGN fact 9); the
    result must be bitwise that of a separate output."""
    dtypes = [d for d in spec.dtypes if spec.output_dtype(d) == d]
    a = data.draw(hs.arrays(dtypes=dtypes, min_dims=1, layouts=hs.WRITABLE_LAYOUTS), label="a")
    axis = data.draw(hs.axes(a.ndim, allow_none=False), label="axis")
    params = data.draw(spec.parameters(max(a.shape[axis], 1)), label="params")
    expected = spec.call(a.copy(), axis, params)
    result = spec.call(a, axis, params, out=a)
    assert result is a
    assert_bitwise_equal(a, expected)


@per_function
@given(data=st.data())
def test_threads_bitwise(spec, data):
    """The same bits on 1, 2 and 3 threads, on arrays big enough to go parallel."""
    dtype = data.draw(st.sampled_from(NATIVE_DTYPES), label="dtype")
    shape = data.draw(st.sampled_from([(PARALLEL + 3,), (40, 3001), (3001, 40)]), label="shape")
    a = peer_test_data(shape, dtype, seed=len(shape))
    a[..., ::7] = a[..., :1]  # ties
    axis = data.draw(hs.axes(a.ndim, allow_none=True), label="axis")
    params = data.draw(spec.parameters(a.size if axis is None else a.shape[axis]), label="p")
    check(spec, same_on_any_thread_count(spec, a, axis, params), a, axis, params)


# ---------------------------------------------------------------------------------------
# Values: ties, NaN, infinities, signed zeros, integers, other dtypes


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_ranks_of_special_values(dtype):
    x = np.array([3, np.nan, 1, 1, np.inf, -np.inf, np.nan, -0.0, 0.0], dtype)
    with np.errstate(all="raise"):  # no floating-point flag
        ranks = parafunc.rankdata(x)
        nan_ranks = parafunc.nanrankdata(x)
    assert ranks.tolist() == [6, 8, 4.5, 4.5, 7, 1, 9, 2.5, 2.5]
    np.testing.assert_array_equal(nan_ranks, [6, np.nan, 4.5, 4.5, 7, 1, np.nan, 2.5, 2.5])
    assert np.isnan(parafunc.nanrankdata(np.full(3, np.nan, dtype))).all()
    assert parafunc.rankdata(np.full(3, np.nan, dtype)).tolist() == [1, 2, 3]


def test_ranks_compare_in_the_input_type():
    """float32 as float32 (two values one ulp32 apart are not tied), int64 as integers
    (2^53 and 2^53 + 1 differ, where as doubles they would tie), uint64 exactly."""
    assert parafunc.rankdata(np.array([1, 1 + 2**-23, 1], np.float32)).tolist() == [1.5, 3, 1.5]
    big = 2**53
    assert parafunc.rankdata(np.array([big + 1, big], np.int64)).tolist() == [2, 1]
    top = np.array([2**64 - 1, 2**64 - 2, 0, 2**63], np.uint64)
    assert parafunc.rankdata(top).tolist() == [4, 3, 1, 2]


@pytest.mark.parametrize("dtype", list(CONVERTED_DTYPES), ids=str)
@per_function
def test_other_real_dtypes(spec, dtype):
    """bool, small and unsigned integers and float16: ranks exactly those of the values
    (float64 output); partitions keep the dtype, as bottleneck's."""
    rng = np.random.default_rng(3)
    info = np.iinfo(dtype) if dtype.kind in "iu" else None
    if dtype.kind == "b":
        a = rng.random((5, 9)) < 0.5
    elif info is not None:
        a = rng.integers(info.min, info.max, (5, 9), dtype=dtype, endpoint=True)
        a[0, :3] = [info.max, info.max - 1, info.min]
    else:
        a = rng.standard_normal((5, 9)).astype(dtype)
        a[1, 2] = np.nan
    for axis in (None, 0, 1):
        params = {"kth": 3} if spec in PARTITIONS else {}
        got = spec.call(a, axis, params)
        if spec in PARTITIONS:
            assert got.dtype == (np.intp if spec.name == "argpartition" else dtype)
            check_partition_any_dtype(spec, got, a, axis, 3)
        else:  # the reference ranks the values in their own dtype
            assert got.dtype == np.float64
            np.testing.assert_array_equal(got, spec.reference(a, axis=axis)[0])


def check_partition_any_dtype(spec, got, a, axis, kth):
    """check_partition for a non-native dtype, through an exact, order-preserving
    conversion of the values (uint64 shifted into int64)."""

    def convert(x):
        if x.dtype == np.uint64:
            return (x ^ np.uint64(1 << 63)).view(np.int64)
        return x.astype(np.float64 if x.dtype.kind == "f" else np.int64)

    converted = got if spec.name == "argpartition" else convert(got)
    check_partition(spec, converted, convert(a), axis, kth)


@per_partition
def test_kth_among_the_nans(spec):
    x = np.array([np.nan, 2.0, np.nan, 1.0, np.nan])
    for kth in range(-5, 5):
        check_partition(spec, spec.func(x, kth), x, -1, kth)


@per_function
def test_empty_and_0d(spec):
    params = {"kth": 0} if spec in PARTITIONS else {}
    for shape in [(0,), (0, 5), (5, 0), (2, 0, 3)]:
        for dtype in NATIVE_DTYPES:
            a = np.empty(shape, dtype)
            for axis in (None, *range(len(shape))):
                got = spec.call(a, axis, params)
                assert got.shape == spec.result_shape(shape, axis, params)
                assert got.dtype == spec.output_dtype(dtype)
    zero_d = np.array(5.0)
    got = spec.call(zero_d, None, params)
    assert got.shape == (1,) and got[0] == (
        0 if spec.name == "argpartition" else 5 if spec in PARTITIONS else 1
    )
    with pytest.raises(ValueError, match=r"axis\(=-1\) out of bounds"):
        spec.call(zero_d, -1, params)


# ---------------------------------------------------------------------------------------
# Long inputs and layouts: one long series, tiles, the middle-axis companion


@per_function
@pytest.mark.parametrize("length", [PARALLEL - 1, PARALLEL, 300_001])
def test_long_1d(spec, length):
    rng = np.random.default_rng(length)
    x = rng.integers(-1000, 1000, length).astype(np.float64)  # many ties
    x[rng.random(length) < 0.02] = np.nan
    x[rng.random(length) < 0.001] = np.inf
    params = {"kth": length // 3} if spec in PARTITIONS else {}
    got = same_on_any_thread_count(spec, x, None, params)
    check(spec, got, x, None, params)
    if spec.output_dtype(x.dtype) == x.dtype:
        y = x.copy()
        spec.call(y, -1, params, out=y)
        assert_bitwise_equal(y, got)


VIEWS_2D = {
    "C": lambda x: x,
    "F": np.asfortranarray,
    "cols_1_-1": lambda x: x[:, 1:-1],
    "rows_::-2": lambda x: x[::-2],
}


@per_function
@pytest.mark.parametrize("view", list(VIEWS_2D))
@pytest.mark.parametrize("shape", [(300, 300), (5, 20001), (20001, 5)], ids=str)
def test_2d_views_and_aliasing(spec, view, shape):
    base = np.round(peer_test_data(shape, np.float64, seed=sum(shape)) * 10)  # many ties
    a = VIEWS_2D[view](base)
    for axis in (0, 1):
        params = {"kth": a.shape[axis] // 2} if spec in PARTITIONS else {}
        got = same_on_any_thread_count(spec, a, axis, params)
        check(spec, got, a, axis, params)
        if spec.output_dtype(a.dtype) == a.dtype:
            y = VIEWS_2D[view](base.copy())  # the same layout, aliased
            spec.call(y, axis, params, out=y)
            assert_bitwise_equal(y, got)


@per_function
@pytest.mark.parametrize("layout", list(hs.MIDDLE_AXIS_LAYOUTS))
def test_middle_axis_companion(spec, layout):
    """A middle axis goes through the (p,n,q) companion in one call, which must give
    bitwise what the plain gufunc gives through NumPy's many small calls."""
    a = hs.MIDDLE_AXIS_LAYOUTS[layout](peer_test_data((30, 41, 20), np.float64, seed=6))
    params = {"kth": 7} if spec in PARTITIONS else {}
    plain = np.empty(a.shape, spec.output_dtype(a.dtype))
    spec.gufunc(a, *params.values(), axes=[(1,), *[()] * len(params), (1,)], out=plain)
    got = same_on_any_thread_count(spec, a, 1, params)
    check(spec, got, a, 1, params)
    if spec.name != "argpartition":  # the order within each side may differ: same values
        assert_bitwise_equal(got, plain)
    for order in ("C", "F"):
        out = np.empty(a.shape, spec.output_dtype(a.dtype), order=order)
        assert spec.call(a, 1, params, out=out) is out
        assert_bitwise_equal(out, got)


# ---------------------------------------------------------------------------------------
# Against bottleneck


@per_function
@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(1,), (37,), (6, 200), (3, 4, 50)], ids=str)
def test_matches_bottleneck(spec, dtype, shape):
    """The ranks equal bottleneck's, except the order among NaNs, which bottleneck takes
    from NumPy's (unstable) argsort: there the same ranks in some order. The partitions
    put the same value at kth (on data without NaN, where bottleneck's is defined)."""
    bn = pytest.importorskip("bottleneck")
    a = peer_test_data(shape, dtype, seed=12)
    if spec in PARTITIONS:
        a = np.where(np.isnan(a), 0.5, a).astype(dtype) if a.dtype.kind == "f" else a
    for axis in (None, *range(a.ndim)):
        length = a.size if axis is None else a.shape[axis]
        for kth in sorted({0, length // 2, length - 1}) if spec in PARTITIONS else [None]:
            params = {} if kth is None else {"kth": kth}
            expected = getattr(bn, spec.bottleneck)(a, *params.values(), axis=axis)
            got = spec.call(a, axis, params)
            assert got.dtype == expected.dtype and got.shape == expected.shape
            if spec in RANKINGS:
                nan = np.isnan(a.reshape(-1) if axis is None else a)
                np.testing.assert_array_equal(got[~nan], expected[~nan])
                np.testing.assert_array_equal(np.sort(got[nan]), np.sort(expected[nan]))
                continue
            x = a.reshape(-1) if axis is None else a
            move = 0 if axis is None else axis
            if spec.name == "argpartition":
                got = np.take_along_axis(x, got, move)
                expected = np.take_along_axis(x, expected, move)
            np.testing.assert_array_equal(np.take(got, kth, move), np.take(expected, kth, move))


# ---------------------------------------------------------------------------------------
# Bad arguments


BAD_AXES = [
    ({"axis": 2}, ValueError, r"axis\(=2\) out of bounds"),
    ({"axis": -3}, ValueError, r"axis\(=-3\) out of bounds"),
    ({"axis": 1.0}, TypeError, "`axis` must be an integer"),
    ({"axis": True}, TypeError, "`axis` must be an integer"),
    ({"axis": "0"}, TypeError, "`axis` must be an integer"),
]
BAD_KTH = [
    ({"kth": 4}, ValueError, r"`kth` \(=4\) must be between -4 and 3, inclusive"),
    ({"kth": -5}, ValueError, r"`kth` \(=-5\) must be between -4 and 3, inclusive"),
    ({"kth": 2**70}, ValueError, "`kth`"),
    ({"kth": 1.0}, TypeError, "`kth` must be an integer, got float"),
    ({"kth": True}, TypeError, "`kth` must be an integer, got a boolean"),
    ({"kth": [1]}, TypeError, "`kth` must be an integer, got list"),
    ({"kth": None}, TypeError, "`kth` must be an integer, got NoneType"),
]


@per_function
@pytest.mark.parametrize(("kwargs", "error", "message"), BAD_AXES, ids=argument_id)
def test_bad_axis(spec, kwargs, error, message):
    params = {"kth": 1} if spec in PARTITIONS else {}
    with pytest.raises(error, match=message):
        spec.func(np.ones((3, 4)), **params, **kwargs)


@per_partition
@pytest.mark.parametrize(("kwargs", "error", "message"), BAD_KTH, ids=argument_id)
def test_bad_kth(spec, kwargs, error, message):
    out = np.zeros((3, 4), spec.output_dtype(np.dtype(np.float64)))
    with pytest.raises(error, match=message):
        spec.func(np.ones((3, 4)), **kwargs, out=out)
    assert not out.any()  # nothing written
    with pytest.raises(error, match=message):  # non-native dtypes check it the same way
        spec.func(np.ones((3, 4), np.float16), **kwargs)


@per_partition
def test_kth_of_an_empty_axis_is_not_checked(spec):
    """As bottleneck: an axis of length 0 has no kth to check."""
    assert spec.func(np.ones((3, 0)), 5).shape == (3, 0)
    assert spec.func(np.ones((0, 3), np.float16), -7, axis=0).shape == (0, 3)


@per_partition
def test_raw_gufunc_checks_kth(spec):
    with pytest.raises(ValueError, match=r"`kth` \(=3\) must be between -3 and 2, inclusive"):
        spec.gufunc(np.ones(3), np.intp(3))
    check_partition(
        spec, spec.gufunc(np.array([3.0, 1.0, 2.0]), np.intp(-1)), [3.0, 1.0, 2.0], -1, 2
    )


@per_function
@pytest.mark.parametrize(("out", "error"), list(BAD_OUTS.values()), ids=list(BAD_OUTS))
def test_bad_out(spec, out, error):
    params = {"kth": 1} if spec in PARTITIONS else {}
    if spec.output_dtype(np.dtype(np.float64)) != np.float64 and error is TypeError:
        out = np.empty((3, 4), np.float32) if isinstance(out, np.ndarray) else out
    assert_refuses_out(lambda o: spec.func(np.ones((3, 4)), **params, axis=1, out=o), out, error)


@per_function
@pytest.mark.parametrize(
    "a", [np.array([1j, 2j]), np.array(["a", "b"]), np.array([None, 1], object)], ids=str
)
def test_bad_dtypes(spec, a):
    params = {"kth": 0} if spec in PARTITIONS else {}
    with pytest.raises(TypeError, match="unsupported dtype"):
        spec.func(a, **params)


def test_reference_sanity():
    """The reference itself on bottleneck's docstring examples."""
    assert rankdata_reference(np.array([0, 2, 2, 3]))[0].tolist() == [1, 2.5, 2.5, 4]
    assert rankdata_reference(np.array([[0, 2], [2, 3]]), axis=0)[0].tolist() == [[1, 1], [2, 2]]


def test_concurrent_calls_and_resizing_keep_results():
    """Python threads calling at once share the arena's thread slots (PerThread scratch in
    src/engine/parallel.hpp), also while the pool is resized: every result stays exact."""
    a = np.round(peer_test_data((400, 3000), np.float64, seed=9) * 10)
    expected = {axis: parafunc.rankdata(a, axis=axis) for axis in (0, 1)}
    kth = {axis: a.shape[axis] // 3 for axis in (0, 1)}
    failures = []

    def work(axis):
        for _ in range(5):
            if not np.array_equal(parafunc.rankdata(a, axis=axis), expected[axis], equal_nan=True):
                failures.append(("rankdata", axis))
            y = parafunc.partition(a, kth[axis], axis=axis)
            try:
                check_partition(REGISTRY["partition"], y, a, axis, kth[axis])
            except AssertionError:
                failures.append(("partition", axis))

    before = parafunc.get_num_threads()
    workers = [threading.Thread(target=work, args=(axis,)) for axis in (0, 1, 0)]
    try:
        for w in workers:
            w.start()
        for n in (1, 3, 2, 4, 1, 2):
            parafunc.set_num_threads(n)
        for w in workers:
            w.join()
    finally:
        parafunc.set_num_threads(before)
    assert not failures


@pytest.mark.parametrize("dtype", NATIVE_DTYPES, ids=str)
def test_sorted_input_is_left_as_it_is(dtype):
    """A sorted series is already partitioned: partition returns it and argpartition the
    positions in order, as NumPy does (bottleneck's tests compare with np.partition on
    sorted input), along either axis of a 2-D array too."""
    for n in (1, 2, 7, 100, 5000):
        a = np.arange(n).astype(dtype)
        for kth in sorted({0, n // 2, n - 1}):
            np.testing.assert_array_equal(parafunc.partition(a, kth), a)
            np.testing.assert_array_equal(parafunc.argpartition(a, kth), np.arange(n))
    table = np.arange(60).astype(dtype).reshape(6, 10)
    for axis in (0, 1):
        np.testing.assert_array_equal(parafunc.partition(table, 2, axis=axis), table)
