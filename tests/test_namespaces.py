"""parafunc.bottleneck and parafunc.numbagg against the real bottleneck and numbagg.

Each namespace function is compared with its peer on random arrays (hypothesis): the
same result dtype (for bottleneck the same Python scalar type too), the same values and
NaN, or the same exception type. Values are drawn from a few small binary fractions, so
that every sum is exact in float16 and in any order: what differs then is a rule (dtype,
NaN, min_count, axis), not rounding. Infinities are left out of the moving sums, means
and variances, where both peers keep running sums that an infinity turns into NaN for
good (docs/migrating_*.rst). Signatures are compared too: with inspect.signature for
numbagg, with the first line of each docstring for bottleneck (its C functions have no
signature object). numbagg compiles a loop per dtype on first use, so its dtypes are few.

The property tests here run derandomized (the same examples every run): they compare with
the peers, whose own rounding artefacts (bottleneck's running sums, numbagg's sums of
squares) random new examples keep finding at the edges; parafunc's own properties are
tested with fresh examples in the other test files.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes

import parafunc as pf
import parafunc.bottleneck as pbn
import parafunc.numbagg as pnb

VALUES = (0.0, 1.0, -2.0, 3.0, 0.5, -0.25, 6.0, np.nan)
BN_DTYPES = ("f8", "f4", "i8", "i4", "f2", "?", "i1", "u8", ">f8")
NB_DTYPES = ("f8", "f4", "i8", "i4", "?", "i1")
BN_REDUCE = pbn.get_functions("reduce", as_string=True)
BN_MOVE = pbn.get_functions("move", as_string=True)
BN_OTHER = pbn.get_functions("nonreduce", True) + pbn.get_functions("nonreduce_axis", True)
RUNNING_SUMS = {"move_sum", "move_mean", "move_std", "move_var"}
NB_AGGREGATE = (
    "nansum nanmean nanvar nanstd nancount count anynan allnan nanmax nanmin nanargmax "
    "nanargmin nanmedian"
).split()
NB_MOVE = ("move_sum", "move_mean", "move_std", "move_var")
NB_EXP = tuple(name for name in pnb.__all__ if name.startswith("move_exp_"))
NB_EXP_PAIRS = ("move_exp_nancov", "move_exp_nancorr")


@pytest.fixture(scope="module")
def bn():
    return pytest.importorskip("bottleneck")


@pytest.fixture(scope="module")
def nb():
    return pytest.importorskip("numbagg")


@st.composite
def arrays(draw, dtypes, min_side=0, infinities=True):
    """An array of 1 to 3 dimensions of a drawn dtype, C, Fortran or reversed."""
    dtype = np.dtype(draw(st.sampled_from(dtypes)))
    shape = draw(array_shapes(min_dims=1, max_dims=3, min_side=min_side, max_side=6))
    values = VALUES + ((np.inf, -np.inf) if infinities else ())
    size = int(np.prod(shape))
    flat = draw(st.lists(st.sampled_from(values), min_size=size, max_size=size))
    a = np.array(flat).reshape(shape)
    if dtype.kind != "f":
        a = np.nan_to_num(a, nan=5.0, posinf=4.0, neginf=-4.0).astype(np.int64)
        if dtype.kind == "u":
            a = np.abs(a)
    a = a.astype(dtype)
    layout = draw(st.sampled_from(("C", "F", "reversed")))
    if layout == "F":
        return np.asfortranarray(a)
    return a[::-1] if layout == "reversed" else a


def outcome(function, *args, **kwargs):
    """The result of a call, or the type of the exception it raised."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return function(*args, **kwargs)
        except Exception as error:
            return type(error)


def assert_same(ours, theirs, rtol=1e-6, scalar_types=True):
    """Equal outcomes: the same exception type (ours may be a subclass, as
    numpy.exceptions.AxisError of ValueError and IndexError), or results of the same
    type and dtype, equal values and NaN where the peer has them."""
    if isinstance(theirs, type):
        assert isinstance(ours, type) and issubclass(ours, theirs), (ours, theirs)
        return
    assert not isinstance(ours, type), f"raised {ours.__name__}; the peer gave {theirs!r}"
    if scalar_types:
        assert type(ours) is type(theirs), (type(ours), type(theirs))
    assert np.asarray(ours).dtype == np.asarray(theirs).dtype
    assert np.shape(ours) == np.shape(theirs)
    if np.asarray(theirs).dtype.kind in "fc":
        np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol, equal_nan=True)
    else:
        np.testing.assert_array_equal(ours, theirs)


def axes(a):
    return [None, *range(-1, a.ndim)]


# ---------------------------------------------------------------- parafunc.bottleneck


@pytest.mark.parametrize("name", BN_REDUCE + BN_MOVE + BN_OTHER)
def test_bottleneck_signature(bn, name):
    first_line = getattr(bn, name).__doc__.strip().splitlines()[0]
    assert f"{name}{inspect.signature(getattr(pbn, name))}" == first_line


def test_bottleneck_groups(bn):
    for group in ("reduce", "move", "nonreduce", "nonreduce_axis", "all"):
        assert pbn.get_functions(group, as_string=True) == bn.get_functions(group, True)
    tooling = ["bench", "bench_detailed", "get_functions", "test"]
    assert sorted(pbn.get_functions("all", True) + tooling) == sorted(pbn.__all__)


def test_bottleneck_tooling(bn, capsys):
    """bench, bench_detailed and test: bottleneck's signatures and errors; the benchmarks
    print a speed (or n/a) for each function asked; test runs bottleneck's own tests on
    the namespace."""
    assert inspect.signature(pbn.bench) == inspect.signature(bn.bench)
    assert inspect.signature(pbn.bench_detailed) == inspect.signature(bn.bench_detailed)
    assert inspect.signature(pbn.test) == inspect.signature(bn.test.__call__)
    pbn.bench(
        shapes=[(10,), (4, 5)], axes=[0, 1], nans=[False, True], functions=["nansum", "rankdata"]
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2].split()[0] == "nansum" and len(lines[-2].split()) == 3
    assert lines[-1].split() == ["rankdata", "n/a", "n/a"]  # NumPy has no averaged ranks
    pbn.bench_detailed("move_mean", 0.5)
    assert len([line for line in capsys.readouterr().out.splitlines() if "us " in line]) == 5
    for call in (
        lambda b: b.bench(shapes=[(10,)], axes=[0, 1], nans=[True]),
        lambda b: b.bench_detailed("foo"),
    ):
        assert_same(outcome(call, pbn), outcome(call, bn))
    assert pbn.test(tests=["scalar_input_test.py"]) is True
    with pytest.raises(ValueError, match="bottleneck's tests only"):
        pbn.test(doctests=True)
    with pytest.raises(KeyError):
        pbn.get_functions("sort")
    assert pbn.slow is bn.slow
    assert pbn.__version__ == "1.6.0"


@pytest.mark.parametrize("name", BN_REDUCE)
@given(data=st.data())
@settings(derandomize=True, max_examples=40)
def test_bottleneck_reductions(bn, name, data):
    a = data.draw(arrays(BN_DTYPES))
    axis = data.draw(st.sampled_from(axes(a)))
    extra = {"ddof": data.draw(st.integers(0, 2))} if name in ("nanstd", "nanvar") else {}
    ours = outcome(getattr(pbn, name), a, axis, **extra)
    theirs = outcome(getattr(bn, name), a, axis, **extra)
    assert_same(ours, theirs, rtol=1e-2 if a.dtype == np.float16 else 1e-6)


@pytest.mark.parametrize("name", BN_MOVE)
@given(data=st.data())
@settings(derandomize=True, max_examples=40)
def test_bottleneck_moving(bn, name, data):
    a = data.draw(arrays(BN_DTYPES, min_side=1, infinities=name not in RUNNING_SUMS))
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    window = data.draw(st.integers(1, a.shape[axis]))
    min_count = data.draw(st.one_of(st.none(), st.integers(1, window)))
    extra = {}
    if name in ("move_std", "move_var"):  # bottleneck divides by count - ddof <= 0 too
        extra["ddof"] = data.draw(st.integers(0, window + 1))
    ours = outcome(getattr(pbn, name), a, window, min_count, axis, **extra)
    theirs = outcome(getattr(bn, name), a, window, min_count, axis, **extra)
    if extra and isinstance(theirs, np.ndarray) and isinstance(ours, np.ndarray):
        # Dividing by count - ddof = 0 both give inf for a spread, NaN for none; where
        # the window's values are equal bottleneck's running sums keep a rounding residue
        # (inf) and parafunc's exact spread is 0 (NaN).
        count = pf.move_sum(~np.isnan(np.asarray(a, np.float64)), window, 1, axis=axis)
        residue = (count == extra["ddof"]) & np.isnan(ours) & np.isinf(theirs)
        theirs = np.where(residue, np.nan, theirs).astype(theirs.dtype)
    assert_same(ours, theirs, rtol=1e-2 if a.dtype == np.float16 else 1e-5)


def test_bottleneck_scalars_and_lists(bn):
    """Python scalars from full reductions, lists and scalars as input."""
    for value in ([1.0, np.nan, 3.0], [1, 2, 3], 4.0, np.array(7, np.int32)):
        for name in BN_REDUCE:
            assert_same(outcome(getattr(pbn, name), value), outcome(getattr(bn, name), value))
    assert_same(pbn.move_mean([1.0, 2.0, 3.0], 2), bn.move_mean([1.0, 2.0, 3.0], 2))


BAD_REDUCE_CALLS = [
    ((), {}),
    ((np.ones(3), (0,)), {}),
    ((np.ones((2, 3)), (0, 1)), {}),
    ((np.ones(3), 1.0), {}),
    ((np.ones(3), True), {}),
    ((np.ones(3), 1), {}),
    ((np.ones(3), -2), {}),
    ((np.ones(3), "0"), {}),
    ((np.ones(3),), {"axis": 0, "extra": 0}),
    ((np.ones(3), 0, 0, 0, 0, 0), {}),
    ((np.ones(3), np.ones(3)), {}),
    ((np.ones(3),), {"out": np.ones(())}),
    ((np.ones(3),), {"keepdims": True}),
    ((np.zeros((2, 0)),), {}),
    ((np.zeros((2, 0)), 1), {}),
    ((np.array([np.nan, np.nan]),), {}),
    ((np.array(3.0), 0), {}),
    (("abc",), {}),
]


@pytest.mark.parametrize("name", BN_REDUCE)
def test_bottleneck_reduction_errors(bn, name):
    for args, kwargs in BAD_REDUCE_CALLS:
        assert_same(
            outcome(getattr(pbn, name), *args, **kwargs),
            outcome(getattr(bn, name), *args, **kwargs),
        )
    if name in ("nanstd", "nanvar"):
        for ddof in (1.0, True, None, "1", -1, np.int32(1)):
            a = np.arange(6.0)
            assert_same(
                outcome(getattr(pbn, name), a, ddof=ddof), outcome(getattr(bn, name), a, ddof=ddof)
            )


BAD_MOVE_CALLS = [
    ((), {}),
    ((np.ones(3),), {}),
    ((np.ones(3), 2.0), {}),
    ((np.ones(3), True), {}),
    ((np.ones(3), 0), {}),
    ((np.ones(3), 4), {}),
    ((np.ones(3), 2, 0), {}),
    ((np.ones(3), 2, 3), {}),
    ((np.ones(3), 2, -1), {}),
    ((np.ones(3), 2, 1.0), {}),
    ((np.ones(3), 2, "1"), {}),
    ((np.ones(3), 2), {"axis": None}),
    ((np.ones(3), 2), {"axis": (0,)}),
    ((np.ones(3), 2), {"axis": 1}),
    ((np.ones(3), 2), {"axis": "0"}),
    ((np.ones(3), 2), {"axis": 0, "extra": 0}),
    ((np.ones(3), 2, 2, 0, 0, 0), {}),
    ((np.ones(3), 2), {"out": np.ones(3)}),
    ((np.array(1.0), 1), {}),
    ((np.zeros((2, 0)), 1), {}),
    ((np.zeros((2, 0)), 1), {"axis": 0}),
    ((np.ones(3, complex), 2), {}),
]


@pytest.mark.parametrize("name", BN_MOVE)
def test_bottleneck_moving_errors(bn, name):
    for args, kwargs in BAD_MOVE_CALLS:
        ours, theirs = (
            outcome(getattr(pbn, name), *args, **kwargs),
            outcome(getattr(bn, name), *args, **kwargs),
        )
        if args and np.asarray(args[0]).dtype.kind == "c":  # bottleneck's fallback takes complex
            assert ours is TypeError
            continue
        assert_same(ours, theirs)
    if name in ("move_std", "move_var"):
        for ddof in (1.0, True, "1"):
            a = np.arange(6.0)
            assert_same(
                outcome(getattr(pbn, name), a, 2, ddof=ddof),
                outcome(getattr(bn, name), a, 2, ddof=ddof),
            )


@given(data=st.data())
@settings(derandomize=True, max_examples=40)
def test_bottleneck_push(bn, data):
    a = data.draw(arrays(BN_DTYPES, min_side=1))
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    n = data.draw(st.one_of(st.none(), st.integers(0, a.shape[axis] + 1)))
    assert_same(pbn.push(a, n, axis), bn.push(a, n, axis))
    if a.dtype.isnative and a.dtype.kind == "f":  # bottleneck's fallback checks less
        for bad in ({"n": -1}, {"n": 1.5}, {"axis": None}, {"axis": a.ndim}):
            assert_same(outcome(pbn.push, a, **bad), outcome(bn.push, a, **bad))


@given(data=st.data())
@settings(derandomize=True, max_examples=40)
def test_bottleneck_replace(bn, data):
    """In place like bottleneck: the same array after, the array itself returned for the
    dtypes bottleneck accelerates and None for the others, the same errors."""
    a = data.draw(arrays(BN_DTYPES))
    old = data.draw(st.sampled_from([np.nan, 0.0, 1.0, -4.0, 5.0, np.inf]))
    new = data.draw(st.sampled_from([np.nan, 7.0, -1.0, 2.5, np.inf]))
    ours, theirs = a.copy(order="K"), a.copy(order="K")
    returned, expected = outcome(pbn.replace, ours, old, new), outcome(bn.replace, theirs, old, new)
    if isinstance(expected, type) or expected is None:
        assert returned is expected or issubclass(returned, expected), (returned, expected)
    else:
        assert returned is ours
    assert_same(ours, theirs)
    assert_same(outcome(pbn.replace, [1.0], 1.0, 2.0), outcome(bn.replace, [1.0], 1.0, 2.0))


@pytest.mark.parametrize("name", ["rankdata", "nanrankdata"])
@given(data=st.data())
@settings(derandomize=True, max_examples=30)
def test_bottleneck_ranks(bn, name, data):
    a = data.draw(arrays(BN_DTYPES))
    axis = data.draw(st.sampled_from(axes(a)))
    ours, theirs = outcome(getattr(pbn, name), a, axis), outcome(getattr(bn, name), a, axis)
    if name == "rankdata" and a.dtype.kind == "f" and isinstance(theirs, np.ndarray):
        # NaN take the last ranks in an order bottleneck leaves to NumPy's unstable sort:
        # the same ranks, in any order, and equal ranks elsewhere.
        along = -1 if axis is None else axis
        assert_same(np.sort(ours, along), np.sort(theirs, along))
        nan = np.isnan(a.reshape(-1) if axis is None else a)
        ours, theirs = np.where(nan, np.nan, ours), np.where(nan, np.nan, theirs)
    assert_same(ours, theirs)


@pytest.mark.parametrize("name", ["partition", "argpartition"])
@given(data=st.data())
@settings(derandomize=True, max_examples=30)
def test_bottleneck_partitions(bn, name, data):
    """The kth element and its sides (the rest of a partition is not unique), and the
    same errors, for any kth (bottleneck refuses a negative one) and axis. No NaN:
    bottleneck's partitions of NaN are undefined."""
    a = np.nan_to_num(data.draw(arrays(BN_DTYPES, min_side=1)), posinf=9, neginf=-9)
    axis = data.draw(st.sampled_from(axes(a)))
    n = a.size if axis is None else a.shape[axis]
    kth = data.draw(st.integers(-n - 1, n))
    ours, theirs = (
        outcome(getattr(pbn, name), a, kth, axis),
        outcome(getattr(bn, name), a, kth, axis),
    )
    if isinstance(theirs, type) or isinstance(ours, type):
        assert_same(ours, theirs)
        return
    flat = a.reshape(-1) if axis is None else a
    if name == "argpartition":
        assert ours.dtype == theirs.dtype
        ours = np.take_along_axis(flat, ours, -1 if axis is None else axis)
        theirs = np.take_along_axis(flat, theirs, -1 if axis is None else axis)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    along, k = -1 if axis is None else axis, kth % n  # NumPy's fallback: kth from the end
    pivot = np.take(ours, [k], along)
    np.testing.assert_array_equal(pivot, np.take(theirs, [k], along))
    assert (np.take(ours, range(k), along) <= pivot).all()
    assert (np.take(ours, range(k + 1, n), along) >= pivot).all()


def test_bottleneck_infinite_ties(bn):
    """bottleneck reads NaN as +inf for move_argmin (-inf for move_argmax)."""
    a = np.array([[np.inf, np.nan, np.inf, 1.0, np.nan], [-np.inf, np.nan, np.nan, -np.inf, 2.0]])
    for name in ("move_argmin", "move_argmax"):
        for window in (1, 2, 3):
            assert_same(getattr(pbn, name)(a, window, 1), getattr(bn, name)(a, window, 1))


# ------------------------------------------------------------------ parafunc.numbagg


def _parameters(function):
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


@pytest.mark.parametrize("name", pnb.__all__)
def test_numbagg_signature(nb, name):
    assert _parameters(getattr(pnb, name)) == _parameters(getattr(nb, name))


@pytest.mark.parametrize("name", NB_AGGREGATE)
@given(data=st.data())
@settings(derandomize=True, max_examples=25)
def test_numbagg_aggregations(nb, name, data):
    # numbagg interpolates quantiles as x + p * (y - x): NaN next to an infinity
    a = data.draw(arrays(NB_DTYPES, infinities=name != "nanmedian"))
    axis = data.draw(st.sampled_from([*axes(a), tuple(range(a.ndim))[::-1]]))
    ours = outcome(getattr(pnb, name), a, axis=axis)
    theirs = outcome(getattr(nb, name), a, axis=axis)
    assert_same(ours, theirs, rtol=1e-5)


@given(data=st.data())
@settings(derandomize=True, max_examples=25)
def test_numbagg_nanquantile(nb, data):
    a = data.draw(arrays(("f8", "f4", "i8"), infinities=False))
    axis = data.draw(st.sampled_from(axes(a)))
    q = data.draw(
        st.one_of(
            st.sampled_from((0.0, 0.25, 1.0)),
            st.lists(st.sampled_from((0.0, 0.5, 0.9, np.nan)), min_size=1, max_size=3),
        )
    )
    assert_same(
        outcome(pnb.nanquantile, a, q, axis=axis),
        outcome(nb.nanquantile, a, q, axis=axis),
        rtol=1e-9,
    )


@pytest.mark.parametrize("name", NB_MOVE)
@given(data=st.data())
@settings(derandomize=True, max_examples=25)
def test_numbagg_moving(nb, name, data):
    a = data.draw(arrays(NB_DTYPES, min_side=1, infinities=False))
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    window = data.draw(st.integers(1, a.shape[axis]))
    min_count = data.draw(st.one_of(st.none(), st.integers(0, window)))
    ours = outcome(getattr(pnb, name), a, window=window, min_count=min_count, axis=axis)
    theirs = outcome(getattr(nb, name), a, window=window, min_count=min_count, axis=axis)
    assert_same(ours, theirs, rtol=1e-4)


@pytest.mark.parametrize("name", ["move_cov", "move_corr"])
@given(data=st.data())
@settings(derandomize=True, max_examples=25)
def test_numbagg_moving_pairs(nb, name, data):
    a = data.draw(arrays(("f8", "f4", "i8"), min_side=1, infinities=False))
    b = a[::-1] * 2 - 1
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    window = data.draw(st.integers(1, a.shape[axis]))
    min_count = data.draw(st.one_of(st.none(), st.integers(0, window)))
    kwargs = {"window": window, "min_count": min_count, "axis": axis}
    ours = outcome(getattr(pnb, name), a, b, **kwargs)
    theirs = outcome(getattr(nb, name), a, b, **kwargs)
    theirs = _constant_correlations_nan(
        name, ours, theirs, (a, b), lambda x: pf.move_var(x, window, 1, axis=axis)
    )
    assert_same(ours, theirs, rtol=1e-4)


@pytest.mark.parametrize("name", ["ffill", "bfill"])
@given(data=st.data())
@settings(derandomize=True, max_examples=25)
def test_numbagg_fills(nb, name, data):
    a = data.draw(arrays(("f8", "f4", "i8", "i4", "i1", "u2", "?"), min_side=1))
    axis = data.draw(st.integers(-a.ndim, a.ndim))  # a.ndim: out of range
    limit = data.draw(st.one_of(st.none(), st.integers(-1, 4)))
    ours = outcome(getattr(pnb, name), a, limit=limit, axis=axis)
    theirs = outcome(getattr(nb, name), a, limit=limit, axis=axis)
    assert_same(ours, theirs)


@pytest.mark.parametrize("name", NB_EXP)
@given(data=st.data())
@settings(derandomize=True, max_examples=25)
def test_numbagg_exponential(nb, name, data):
    a = data.draw(arrays(("f8", "f4", "i8"), min_side=1, infinities=False))
    arrays_in = (a, a[::-1] * 2 - 1) if name in NB_EXP_PAIRS else (a,)
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    alpha = data.draw(st.sampled_from((0.5, 0.25, 0.9, np.float32(0.5))))
    min_weight = data.draw(st.sampled_from((0, 0.3, 0.8, -1)))
    ours = outcome(getattr(pnb, name), *arrays_in, alpha=alpha, min_weight=min_weight, axis=axis)
    theirs = outcome(getattr(nb, name), *arrays_in, alpha=alpha, min_weight=min_weight, axis=axis)
    if name in NB_EXP_PAIRS:
        theirs = _constant_correlations_nan(
            name, ours, theirs, arrays_in, lambda x: pf.move_exp_nanvar(x, alpha, axis=axis)
        )
    assert_same(ours, theirs, rtol=1e-4)


def _constant_correlations_nan(name, ours, theirs, pair, variance):
    """numbagg's correlation as NaN where parafunc's is NaN because a series of the pairs
    is constant in the window (0 / 0; numbagg's sums of squares round to a tiny variance
    there and give anything in [-1, 1]: migrating_numbagg.rst). ``variance(x)``:
    parafunc's variance of each window of ``x``, exactly 0 for equal values."""
    if not (name.endswith("corr") and isinstance(theirs, np.ndarray)):
        return theirs
    x, y = (np.asarray(v, np.float64) for v in pair)
    both = ~(np.isnan(x) | np.isnan(y))
    with np.errstate(all="ignore"):
        constant = (variance(np.where(both, x, np.nan)) == 0) | (
            variance(np.where(both, y, np.nan)) == 0
        )
    return np.where(np.isnan(ours) & constant, np.nan, theirs).astype(theirs.dtype)


@pytest.mark.parametrize("name", ["move_exp_nanmean", "move_exp_nansum"])
def test_numbagg_alpha_one_after_an_infinity(nb, name):
    """With alpha=1 numbagg gives NaN after an infinity (0 * inf); so does the namespace."""
    table = np.array([[0.0, np.inf, 1.0, 2.0], [np.nan, -np.inf, np.nan, 3.0], [1, 2, 3, 4]])
    for a, axis in ((table, -1), (table.T.copy(), 0), (table.astype(np.float32), -1)):
        ours, theirs = (
            getattr(pnb, name)(a, alpha=1.0, axis=axis),
            getattr(nb, name)(a, alpha=1.0, axis=axis),
        )
        assert_same(ours, theirs)


def test_numbagg_functions_show_numbaggs_repr(nb):
    for name in pnb.__all__:
        assert repr(getattr(pnb, name)) == f"numbagg.{getattr(nb, name).__name__}"


def test_numbagg_alpha_arrays(nb):
    a = np.arange(12.0).reshape(3, 4)
    ours = pnb.move_exp_nanmean(a, alpha=np.full(4, 0.5))
    assert_same(ours, nb.move_exp_nanmean(a, alpha=0.5))
    with pytest.raises(NotImplementedError):
        pnb.move_exp_nanmean(a, alpha=np.linspace(0.1, 0.9, 4))
    assert pnb.move_exp_nanmean(a, alpha=0.5, axis=()) is a


BAD_NB_CALLS = [
    ("nansum", (np.ones((2, 3)),), {"axis": 2}),
    ("nansum", (np.ones((2, 3)),), {"axis": 1.0}),
    ("nanvar", (np.ones(3),), {"ddof": 1.5}),
    ("nanvar", (np.ones(3), 0), {}),
    ("nanmean", (np.ones(3, complex),), {}),
    ("nanmax", (np.zeros(0),), {}),
    ("nanmax", (np.zeros((2, 0)),), {"axis": 1}),
    ("nanmin", (np.zeros((2, 0)),), {}),
    ("nanargmax", (np.zeros(0),), {}),
    ("nanargmin", (np.array([np.nan, np.nan]),), {}),
    ("nanmax", (np.ones((2, 3)),), {"axis": 5}),
    ("nanquantile", (np.ones(3), 1.5), {}),
    ("nanquantile", (np.ones(3), [0.5, -0.1]), {}),
    ("nanmedian", (np.ones(3), 0), {}),
    ("move_mean", (np.ones(3), 2), {}),
    ("move_mean", (np.ones(3),), {"window": 0}),
    ("move_mean", (np.ones(3),), {"window": 4}),
    ("move_mean", (np.ones(3),), {"window": -1}),
    ("move_mean", (np.ones(3),), {"window": 2.0}),
    ("move_mean", (np.ones(3),), {"window": 2, "min_count": -1}),
    ("move_mean", (np.ones(3),), {"window": 2, "min_count": 3}),
    ("move_mean", (np.ones((2, 3)),), {"window": 2, "axis": (0, 1)}),
    ("move_mean", (np.ones((2, 3)),), {"window": 2, "axis": 5}),
    ("move_mean", (np.zeros((2, 0)),), {"window": 1}),
    ("move_std", (np.ones(3),), {"window": 2, "ddof": 1}),
    ("move_exp_nanmean", (np.ones(3), 0.5), {}),
    ("move_exp_nanmean", (np.ones((2, 3)),), {"alpha": 0.5, "axis": (0, 1)}),
    ("move_exp_nanmean", (np.ones((2, 3)),), {"alpha": 0.5, "axis": 5}),
    ("move_exp_nanmean", (np.ones(3),), {"alpha": "x"}),
    ("move_exp_nancov", (np.ones(3),), {"alpha": 0.5}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), BAD_NB_CALLS, ids=[c[0] for c in BAD_NB_CALLS])
def test_numbagg_errors(nb, name, args, kwargs):
    theirs = outcome(getattr(nb, name), *args, **kwargs)
    assert isinstance(theirs, type), "numbagg accepted it"
    assert_same(outcome(getattr(pnb, name), *args, **kwargs), theirs)
