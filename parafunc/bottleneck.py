"""bottleneck's API on parafunc: ``import parafunc.bottleneck as bn`` in place of
``import bottleneck as bn``.

Each function has bottleneck 1.6's signature (no ``out=``, no ``keepdims``, one integer
axis), output dtypes, NaN rules, exception types and scalar results (a reduction over
everything returns a Python ``float``, ``int`` or ``bool``, as bottleneck's C functions
do). bottleneck accelerates float64, float32, int64 and int32 in native byte order and
hands every other dtype to its pure-NumPy fallback; so does this namespace: the four
dtypes go to parafunc, and the others get the fallback's answer (the NumPy function for
a reduction; the moving window computed in float64 and given the fallback's dtype, which
is the input's for a float and float64 otherwise).

Where bottleneck's results are an artefact of its running sums, parafunc's are kept: a
window sum no longer NaN after an infinity has left it, a variance exactly 0 for equal
values. docs/migrating_bottleneck.rst lists every difference.

>>> import numpy as np
>>> import parafunc.bottleneck as bn
>>> bn.nansum(np.array([1.0, np.nan, 3.0]))
4.0
>>> bn.move_mean(np.array([1.0, 2.0, np.nan, 4.0]), 2, min_count=1)
array([1. , 1.5, 2. , 4. ])
"""

from __future__ import annotations

import inspect
import math
import sys
import warnings

import numpy as np

from . import fills, moving, quantile, ranks, reduce
from ._axis import NATIVE_DTYPES

# The bottleneck release whose API this reproduces (parafunc's own: parafunc.__version__).
# Code that checks bottleneck's version (pandas does) reads this.
__version__ = "1.6.0"

__all__ = [
    "allnan",
    "anynan",
    "argpartition",
    "bench",
    "bench_detailed",
    "get_functions",
    "median",
    "move_argmax",
    "move_argmin",
    "move_max",
    "move_mean",
    "move_median",
    "move_min",
    "move_rank",
    "move_std",
    "move_sum",
    "move_var",
    "nanargmax",
    "nanargmin",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanrankdata",
    "nanstd",
    "nansum",
    "nanvar",
    "partition",
    "push",
    "rankdata",
    "replace",
    "ss",
    "test",
]


def _integer_axis(axis) -> None:
    """bottleneck's TypeError for an axis tuple, which parafunc's top level accepts."""
    if isinstance(axis, tuple):
        raise TypeError("`axis` must be an integer or None")


# NumPy scalar type -> the Python type bottleneck's C functions return (a dict lookup and
# a call, ~0.1 us: ndarray.item() took ~0.6 us on NumPy 2.4, more than the sum of 10
# numbers).
_PYTHON_SCALAR = {
    np.float64: float,
    np.float32: float,
    np.int64: int,
    np.int32: int,
    np.bool_: bool,
}


def _scalar(result):
    """A NumPy scalar as the Python scalar that bottleneck's C functions return."""
    convert = _PYTHON_SCALAR.get(type(result))
    return result if convert is None else convert(result)


def _reduce(fast, fallback, a, axis, *ddof):
    """``fast`` (a parafunc reduction) on the dtypes bottleneck accelerates, ``fallback``
    (bottleneck's NumPy fallback, its warnings silenced as there) on the others."""
    a = a if type(a) is np.ndarray else np.asarray(a)
    if a.dtype not in NATIVE_DTYPES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fallback(a, axis=axis, **({"ddof": ddof[0]} if ddof else {}))
    _integer_axis(axis)
    return _scalar(fast(a, axis, *ddof))  # positional: keywords cost ~0.3 us a call


def _ss_fallback(a, axis):
    return np.multiply(a, a).sum(axis)


def _anynan_fallback(a, axis):
    return np.isnan(a).any(axis)


def _allnan_fallback(a, axis):
    return np.isnan(a).all(axis)


def nansum(a, axis=None):
    """Sum treating NaN as zero: :func:`parafunc.nansum` with bottleneck's signature."""
    return _reduce(reduce.nansum, np.nansum, a, axis)


def nanmean(a, axis=None):
    """Mean ignoring NaN: :func:`parafunc.nanmean` with bottleneck's signature."""
    return _reduce(reduce.nanmean, np.nanmean, a, axis)


def nanstd(a, axis=None, ddof=0):
    """Standard deviation ignoring NaN: :func:`parafunc.nanstd` with bottleneck's
    signature."""
    return _reduce(reduce.nanstd, np.nanstd, a, axis, ddof)


def nanvar(a, axis=None, ddof=0):
    """Variance ignoring NaN: :func:`parafunc.nanvar` with bottleneck's signature."""
    return _reduce(reduce.nanvar, np.nanvar, a, axis, ddof)


def nanmin(a, axis=None):
    """Minimum ignoring NaN: :func:`parafunc.nanmin` with bottleneck's signature."""
    return _reduce(reduce.nanmin, np.nanmin, a, axis)


def nanmax(a, axis=None):
    """Maximum ignoring NaN: :func:`parafunc.nanmax` with bottleneck's signature."""
    return _reduce(reduce.nanmax, np.nanmax, a, axis)


def nanargmin(a, axis=None):
    """Index of the minimum ignoring NaN: :func:`parafunc.nanargmin` with bottleneck's
    signature."""
    return _reduce(reduce.nanargmin, np.nanargmin, a, axis)


def nanargmax(a, axis=None):
    """Index of the maximum ignoring NaN: :func:`parafunc.nanargmax` with bottleneck's
    signature."""
    return _reduce(reduce.nanargmax, np.nanargmax, a, axis)


def median(a, axis=None):
    """Median, NaN where a slice holds NaN: :func:`parafunc.median` with bottleneck's
    signature."""
    return _reduce(quantile.median, np.median, a, axis)


def nanmedian(a, axis=None):
    """Median ignoring NaN: :func:`parafunc.nanmedian` with bottleneck's signature."""
    return _reduce(quantile.nanmedian, np.nanmedian, a, axis)


def ss(a, axis=None):
    """Sum of squares: :func:`parafunc.ss` with bottleneck's signature."""
    return _reduce(reduce.ss, _ss_fallback, a, axis)


def anynan(a, axis=None):
    """Whether any element is NaN: :func:`parafunc.anynan` with bottleneck's
    signature."""
    return _reduce(reduce.anynan, _anynan_fallback, a, axis)


def allnan(a, axis=None):
    """Whether every element is NaN: :func:`parafunc.allnan` with bottleneck's
    signature."""
    return _reduce(reduce.allnan, _allnan_fallback, a, axis)


def _move(fast, a, window, min_count, axis, *args, fallbacks=None):
    """``fast`` (a parafunc moving window) on the dtypes bottleneck accelerates; on the
    others ``fast`` again, or one of ``fallbacks`` (for floats, for other dtypes),
    computed in float64 and given the dtype of bottleneck's fallback (the input's for
    floats, float64 else)."""
    a = a if type(a) is np.ndarray else np.asarray(a)
    if axis is None:  # parafunc's message says "or None", which is not so here
        raise TypeError("`axis` must be an integer")
    if a.dtype in NATIVE_DTYPES:
        return fast(a, window, min_count, axis, *args)
    if a.dtype.kind not in "biufO":
        raise TypeError(f"unsupported dtype {a.dtype}: parafunc.bottleneck takes real numbers")
    if fallbacks is not None:
        fast = fallbacks[0] if a.dtype.kind == "f" else fallbacks[1]
    result = fast(a.astype(np.float64), window, min_count, axis, *args)
    return result.astype(a.dtype if a.dtype.kind == "f" else np.float64, copy=False)


def move_sum(a, window, min_count=None, axis=-1):
    """Moving window sum: :func:`parafunc.move_sum` with bottleneck's signature."""
    return _move(moving.move_sum, a, window, min_count, axis)


def move_mean(a, window, min_count=None, axis=-1):
    """Moving window mean: :func:`parafunc.move_mean` with bottleneck's signature."""
    return _move(moving.move_mean, a, window, min_count, axis)


def move_std(a, window, min_count=None, axis=-1, ddof=0):
    """Moving window standard deviation: :func:`parafunc.move_std` with bottleneck's
    signature (and its results where a window holds ``ddof`` values or fewer)."""
    return _move(_STD[0], a, window, min_count, axis, ddof, fallbacks=_STD[1:])


def move_var(a, window, min_count=None, axis=-1, ddof=0):
    """Moving window variance: :func:`parafunc.move_var` with bottleneck's signature (and
    its results where a window holds ``ddof`` values or fewer)."""
    return _move(_VAR[0], a, window, min_count, axis, ddof, fallbacks=_VAR[1:])


def _divided_anyway(moment, root, clamped=False):
    """``moment`` (move_var or move_std) as bottleneck computes it where a window holds
    ``count <= ddof`` values, which parafunc leaves NaN: bottleneck's C functions divide
    the sum of squared deviations by ``count - ddof`` anyway, giving inf (0/0: NaN) or a
    negative variance (whose square root is NaN); ``clamped``, by ``max(count - ddof,
    0)``, as numpy.var in bottleneck's fallback for integers and bool. Only windows of at
    least ``min_count`` values have a result, so nothing changes unless
    ``ddof >= min_count`` (rare)."""

    def bottleneck_moment(a, window, min_count, axis, ddof):
        result = moment(a, window, min_count, axis, ddof)  # checks every argument
        if ddof < (window if min_count is None else min_count):
            return result
        count = moving.move_sum(~np.isnan(a), window, 1, axis)
        spread = moving.move_var(a, window, min_count, axis, 0) * count
        few = count <= ddof
        divisor = count[few] - ddof
        with np.errstate(divide="ignore", invalid="ignore"):
            fixed = spread[few] / (np.maximum(divisor, 0) if clamped else divisor)
            result[few] = fixed if root is None else root(fixed)
        return result

    return bottleneck_moment


# (native dtypes, bottleneck's fallback for floats: numpy.nanvar's NaN as parafunc, its
# fallback for the others: numpy.var)
_VAR = (
    _divided_anyway(moving.move_var, None),
    moving.move_var,
    _divided_anyway(moving.move_var, None, clamped=True),
)
_STD = (
    _divided_anyway(moving.move_std, np.sqrt),
    moving.move_std,
    _divided_anyway(moving.move_std, np.sqrt, clamped=True),
)


def move_min(a, window, min_count=None, axis=-1):
    """Moving window minimum: :func:`parafunc.move_min` with bottleneck's signature."""
    return _move(moving.move_min, a, window, min_count, axis)


def move_max(a, window, min_count=None, axis=-1):
    """Moving window maximum: :func:`parafunc.move_max` with bottleneck's signature."""
    return _move(moving.move_max, a, window, min_count, axis)


def move_argmin(a, window, min_count=None, axis=-1):
    """Moving window position of the minimum: :func:`parafunc.move_argmin` with
    bottleneck's signature (and its answer 0 where the window holds only +inf and NaN)."""
    return _move(
        _infinite_ties(moving.move_argmin, moving.move_min, np.inf), a, window, min_count, axis
    )


def move_argmax(a, window, min_count=None, axis=-1):
    """Moving window position of the maximum: :func:`parafunc.move_argmax` with
    bottleneck's signature (and its answer 0 where the window holds only -inf and NaN)."""
    return _move(
        _infinite_ties(moving.move_argmax, moving.move_max, -np.inf), a, window, min_count, axis
    )


def _infinite_ties(arg, extreme, infinity):
    """``arg`` (move_argmin or move_argmax) as bottleneck computes it: it reads NaN as
    +inf for the minimum (-inf for the maximum) and gives the newest of equals, so where
    the window's non-NaN values are all that infinity it answers 0, the newest element
    (NaN or not). Checked only when the input holds that infinity (its greatest value
    for +inf, least for -inf: a parallel reduction, a fraction of the window's cost)."""
    most = reduce.nanmax if infinity > 0 else reduce.nanmin

    def bottleneck_arg(a, window, min_count, axis):
        result = arg(a, window, min_count, axis)
        if a.dtype.kind == "f" and a.size and most(a) == infinity:
            result[extreme(a, window, min_count, axis) == infinity] = 0
        return result

    return bottleneck_arg


def move_median(a, window, min_count=None, axis=-1):
    """Moving window median: :func:`parafunc.move_median` with bottleneck's signature."""
    return _move(moving.move_median, a, window, min_count, axis)


def move_rank(a, window, min_count=None, axis=-1):
    """Moving window rank of the newest element: :func:`parafunc.move_rank` with
    bottleneck's signature."""
    return _move(moving.move_rank, a, window, min_count, axis)


def push(a, n=None, axis=-1):
    """Forward fill of NaN, at most ``n`` steps: :func:`parafunc.push` with bottleneck's
    signature (and the input's byte order, which the top level makes native)."""
    a = a if type(a) is np.ndarray else np.asarray(a)
    result = fills.push(a, n, axis)
    return result if result.dtype == a.dtype else result.astype(a.dtype)


def replace(*args, **kwargs):
    """Replace ``old`` by ``new`` in place: :func:`parafunc.replace` with bottleneck's
    signature and argument errors; ``a`` itself for the dtypes bottleneck accelerates,
    None (after the same replacement) for the others, as from bottleneck's fallback, whose
    errors they get."""
    a, old, new = _replace_arguments(args, kwargs)
    if not isinstance(a, np.ndarray):
        raise TypeError("works in place so input must be an array, not (e.g.) a list")
    if a.dtype in NATIVE_DTYPES:
        return fills.replace(a, old, new)
    if a.dtype.kind not in "fc":
        if old != old:  # an integer array holds no NaN
            return None
        for value, name in ((old, "old"), (new, "new")):
            if int(value) != value:  # OverflowError for an infinity, as bottleneck
                raise ValueError(f"Cannot safely cast `{name}` to int")
    np.putmask(a, np.isnan(a) if old != old else a == old, new)
    return None


_REPLACE_PARAMETERS = ("a", "old", "new")
replace.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for name in _REPLACE_PARAMETERS
    ]
)


def _replace_arguments(args: tuple, kwargs: dict) -> list:
    """replace's (a, old, new) from positional and keyword arguments, with the errors (and
    words) of bottleneck's C argument parser, which its tests match."""
    if not kwargs:
        if len(args) != 3:
            raise TypeError("wrong number of arguments 4")  # sic: bottleneck's text
        return list(args)
    values = list(args)
    for name in _REPLACE_PARAMETERS[len(args) :]:
        if name not in kwargs:
            raise TypeError(f"Cannot find `{name}` keyword input")
        values.append(kwargs[name])
    if len(args) + len(kwargs) != 3:
        raise TypeError(f"wrong number of keyword arguments {len(kwargs)}")
    return values


def rankdata(a, axis=None):
    """Ranks from 1, ties averaged, NaN last: :func:`parafunc.rankdata` with bottleneck's
    signature, and its order among NaN: that of NumPy's argsort, which bottleneck calls
    (parafunc's: their order in the array)."""
    result = ranks.rankdata(a, axis)
    a = np.asarray(a)
    if a.dtype.kind == "f" and result.size and reduce.anynan(a):
        x = a.reshape(-1) if axis is None else a
        along = -1 if axis is None else axis
        order = np.argsort(x, axis=along)
        place = np.empty_like(order)
        rank = np.arange(1, x.shape[along] + 1).reshape([-1] + [1] * (x.ndim - 1 - along % x.ndim))
        np.put_along_axis(place, order, np.broadcast_to(rank, x.shape), along)
        result = np.where(np.isnan(x), place, result)
    return result


def nanrankdata(a, axis=None):
    """Ranks from 1 of the non-NaN values, ties averaged: :func:`parafunc.nanrankdata`
    with bottleneck's signature."""
    return ranks.nanrankdata(a, axis)


def partition(a, kth, axis=-1):
    """A partitioned copy: :func:`parafunc.partition` with bottleneck's signature (and
    its ValueError for a negative ``kth``, which the top level counts from the end)."""
    return ranks.partition(a, _kth(a, kth, axis), axis)


def argpartition(a, kth, axis=-1):
    """The indices that partition ``a``: :func:`parafunc.argpartition` with bottleneck's
    signature (and its ValueError for a negative ``kth``)."""
    return ranks.argpartition(a, _kth(a, kth, axis), axis)


def _kth(a, kth, axis):
    """``kth``, or bottleneck's ValueError where it is negative along a non-empty axis of a
    dtype bottleneck accelerates (its fallback, np.partition, counts from the end as the
    top level does; every other check is the top level's)."""
    negative = isinstance(kth, (int, np.integer)) and not isinstance(kth, (bool, np.bool_))
    if negative and kth < 0 and np.asarray(a).dtype in NATIVE_DTYPES:
        shape = np.shape(a)
        try:
            n = math.prod(shape) if axis is None else shape[axis]
        except (IndexError, TypeError):
            return kth  # a bad axis: the top level's error
        if n > 0:
            raise ValueError(f"`n` (={kth}) must be between 0 and {n - 1}, inclusive.")
    return kth


# bottleneck's groups, in bottleneck's order; its test suite parametrises over them.
_GROUPS = {
    "reduce": [
        nansum,
        nanmean,
        nanstd,
        nanvar,
        nanmin,
        nanmax,
        median,
        nanmedian,
        ss,
        nanargmin,
        nanargmax,
        anynan,
        allnan,
    ],
    "move": [
        move_sum,
        move_mean,
        move_std,
        move_var,
        move_min,
        move_max,
        move_argmin,
        move_argmax,
        move_median,
        move_rank,
    ],
    "nonreduce": [replace],
    "nonreduce_axis": [partition, argpartition, rankdata, nanrankdata, push],
}


def bench(
    shapes=[(100,), (1000, 1000), (1000, 1000), (1000, 1000), (1000, 1000)],  # noqa: B006
    axes=[0, 0, 0, 1, 1],  # noqa: B006 (bottleneck's signature)
    nans=[False, False, True, False, True],  # noqa: B006
    dtype="float64",
    order="C",
    functions=None,
):
    """bottleneck's benchmark of this namespace: prints, for each function, NumPy's time
    divided by the namespace's (n/a where NumPy has no formulation of it) on each shape
    along its axis, a fifth of the elements NaN where ``nans`` says so."""
    from . import _bottleneck_tools

    _bottleneck_tools.bench(sys.modules[__name__], shapes, axes, nans, dtype, order, functions)


def bench_detailed(function="nansum", fraction_nan=0.0):
    """bottleneck's detailed benchmark of one function of this namespace (``"all"``: of
    each) against NumPy, on several shapes and axes; printed."""
    from . import _bottleneck_tools

    _bottleneck_tools.bench_detailed(sys.modules[__name__], function, fraction_nan)


def test(
    label="fast",
    verbose=1,
    extra_argv=None,
    doctests=False,
    coverage=False,
    tests=None,
    parallel=None,
):
    """bottleneck's own test suite, run against this namespace (bottleneck and pytest must
    be installed): its test modules copied to a temporary folder, each importing
    parafunc.bottleneck where it imports bottleneck. True if every test passed."""
    from . import _bottleneck_tools

    return _bottleneck_tools.test(
        sys.modules[__name__], label, verbose, extra_argv, doctests, coverage, tests, parallel
    )


def get_functions(module_name, as_string=False):
    """The functions of one of bottleneck's groups ("reduce", "move", "nonreduce",
    "nonreduce_axis") or of all of them ("all"), optionally as their names.

    >>> import parafunc.bottleneck as bn
    >>> bn.get_functions("move", as_string=True)[:2]
    ['move_sum', 'move_mean']
    """
    if module_name == "all":
        functions = [f for group in _GROUPS.values() for f in group]
    else:
        functions = list(_GROUPS[module_name])
    return [f.__name__ for f in functions] if as_string else functions


def __getattr__(name: str):
    # bottleneck.slow holds bottleneck's pure-NumPy reference implementations; this
    # re-exports it, found on first use, so that parafunc does not need bottleneck.
    if name == "slow":
        try:
            from bottleneck import slow
        except ImportError:
            raise AttributeError(
                "parafunc.bottleneck.slow is bottleneck.slow, bottleneck's reference "
                "implementations: it needs bottleneck installed"
            ) from None
        return slow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
