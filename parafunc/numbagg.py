"""numbagg's API on parafunc: ``import parafunc.numbagg as nb`` in place of
``import numbagg as nb``, for the functions parafunc implements.

Each function has numbagg 0.9.6's signature (``*arrays``, keyword-only ``window`` and
``alpha``, ``ddof=1`` for the variances, axis tuples where numbagg takes them) and
numbagg's output dtypes. numbagg's functions are gufuncs with loops for a few dtypes,
and NumPy runs another dtype through the first loop it casts to safely; this namespace
does the same with the same loops (so an int8 mean is float32, an int32 maximum int64,
an exponential window float64). Exception types are numbagg's where numbagg checks an
argument; an axis out of range raises ``numpy.exceptions.AxisError``, which is both of
the ``ValueError`` and ``IndexError`` numbagg raises. docs/migrating_numbagg.rst lists
every difference.

>>> import numpy as np
>>> import parafunc.numbagg as nb
>>> nb.nanstd(np.array([1.0, np.nan, 3.0]))
np.float64(1.4142135623730951)
>>> nb.move_mean(np.array([1.0, 2.0, np.nan, 4.0]), window=2, min_count=1)
array([1. , 1.5, 2. , 4. ])
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from . import exponential, fills, moving, moving_pairs, quantile, reduce

# The numbagg release whose API this reproduces (parafunc's own: parafunc.__version__).
__version__ = "0.9.6"

__all__ = [
    "allnan",
    "anynan",
    "bfill",
    "count",
    "ffill",
    "move_corr",
    "move_cov",
    "move_exp_nancorr",
    "move_exp_nancount",
    "move_exp_nancov",
    "move_exp_nanmean",
    "move_exp_nanstd",
    "move_exp_nansum",
    "move_exp_nanvar",
    "move_mean",
    "move_std",
    "move_sum",
    "move_var",
    "nanargmax",
    "nanargmin",
    "nancount",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanquantile",
    "nanstd",
    "nansum",
    "nanvar",
]

# numbagg's loops, in its order: NumPy takes the first one the input casts to safely.
_NUMERIC = tuple(np.dtype(t) for t in (np.int32, np.int64, np.float32, np.float64))
_FLOAT = tuple(np.dtype(t) for t in (np.float32, np.float64))
_FLOAT64 = (np.dtype(np.float64),)
_INT_TO_FLOAT64 = frozenset(np.dtype(t) for t in (np.int32, np.int64))


def _array(name: str, arrays: tuple, count: int = 1) -> list[np.ndarray]:
    """The ``count`` arrays of a ``*arrays`` signature, or TypeError."""
    if len(arrays) != count:
        raise TypeError(f"{name}() takes {count} array(s), got {len(arrays)}")
    return [np.asarray(a) for a in arrays]


def _loop(name: str, a: np.ndarray, loops: tuple[np.dtype, ...]) -> np.ndarray:
    """``a`` in the dtype of numbagg's loop for it, or numbagg's TypeError (NumPy's)."""
    for dtype in loops:
        if np.can_cast(a.dtype, dtype, "safe"):
            return a.astype(dtype, copy=False)
    raise TypeError(
        f"ufunc '{name}' not supported for the input types, and the inputs could not be "
        "safely coerced to any supported types according to the casting rule ''safe''"
    )


def _reduction_axis(axis, ndim: int):
    """numbagg's axis (None, an int or a sequence) as parafunc takes it."""
    if axis is None:
        return None
    axes = normalize_axis_tuple(axis, ndim)
    return axes[0] if len(axes) == 1 else axes


def _aggregate(name, fast, arrays, axis, loops=_NUMERIC, *args):
    (a,) = _array(name, arrays)
    a = _loop(name, a, loops)
    return fast(a, _reduction_axis(axis, a.ndim), *args)


def nansum(*arrays, axis=None):
    """Sum treating NaN as zero: :func:`parafunc.nansum` with numbagg's signature."""
    return _aggregate("nansum", reduce.nansum, arrays, axis)


def nanmean(*arrays, axis=None):
    """Mean ignoring NaN: :func:`parafunc.nanmean` with numbagg's signature."""
    return _aggregate("nanmean", reduce.nanmean, arrays, axis, _FLOAT)


def _variance_loops(arrays: tuple) -> tuple[np.dtype, ...]:
    # Measured: with numbagg's Python-int ddof NumPy runs bool through the float64 loop
    # (int8, uint16 and float16 through the float32 one).
    if len(arrays) == 1 and np.asarray(arrays[0]).dtype == np.bool_:
        return _FLOAT64
    return _FLOAT


def nanvar(*arrays, ddof=1, axis=None):
    """Variance ignoring NaN (``ddof=1``): :func:`parafunc.nanvar` with numbagg's
    signature."""
    return _aggregate("nanvar", reduce.nanvar, arrays, axis, _variance_loops(arrays), ddof)


def nanstd(*arrays, ddof=1, axis=None):
    """Standard deviation ignoring NaN (``ddof=1``): :func:`parafunc.nanstd` with
    numbagg's signature."""
    return _aggregate("nanstd", reduce.nanstd, arrays, axis, _variance_loops(arrays), ddof)


def nancount(*arrays, axis=None):
    """Number of non-NaN elements: :func:`parafunc.nancount` with numbagg's signature."""
    return _aggregate("nancount", reduce.nancount, arrays, axis)


count = nancount


def anynan(*arrays, axis=None):
    """Whether any element is NaN: :func:`parafunc.anynan` with numbagg's signature."""
    return _aggregate("anynan", reduce.anynan, arrays, axis)


def allnan(*arrays, axis=None):
    """Whether every element is NaN: :func:`parafunc.allnan` with numbagg's signature."""
    return _aggregate("allnan", reduce.allnan, arrays, axis)


def _extreme(name, fast, arr, args, axis, empty_message):
    """numbagg's nanmin/nanmax/nanargmin/nanargmax: several axes are taken in their order
    (numbagg moves them last, in that order, and reads them as one); nothing to reduce
    raises ValueError(``empty_message``), numbagg's words; an integer extreme is int64
    (numbagg's int32 loop returns int64)."""
    if args:
        raise TypeError(f"{name}() takes 1 positional argument but {1 + len(args)} were given")
    a = _loop(name, np.asarray(arr), _NUMERIC)
    if axis is None:
        length, kept = a.size, ()
    elif isinstance(axis, (int, np.integer)):
        axis = normalize_axis_index(axis, a.ndim)
        length, kept = a.shape[axis], a.shape[:axis] + a.shape[axis + 1 :]
    else:
        axes = normalize_axis_tuple(axis, a.ndim)
        a = np.moveaxis(a, axes, range(a.ndim - len(axes), a.ndim))
        a = a.reshape(a.shape[: a.ndim - len(axes)] + (-1,))
        axis, length, kept = -1, a.shape[-1], a.shape[:-1]
    if length == 0:
        if math.prod(kept):  # numbagg raises from a slice, and has none to run here
            raise ValueError(empty_message)
        dtype = np.int64 if name.startswith("nanarg") or a.dtype.kind == "i" else a.dtype
        return np.empty(kept, dtype)
    result = fast(a, axis)
    if result.dtype == np.int32:
        return result.astype(np.int64)
    return result


_NO_IDENTITY = "zero-size array to reduction operation {} which has no identity"
_ALL_NAN = "All-NaN slice encountered"


def nanmax(arr, *args, axis=None):
    """Maximum ignoring NaN: :func:`parafunc.nanmax` with numbagg's signature (int64 for
    integers)."""
    return _extreme("nanmax", reduce.nanmax, arr, args, axis, _NO_IDENTITY.format("fmax"))


def nanmin(arr, *args, axis=None):
    """Minimum ignoring NaN: :func:`parafunc.nanmin` with numbagg's signature (int64 for
    integers)."""
    return _extreme("nanmin", reduce.nanmin, arr, args, axis, _NO_IDENTITY.format("fmin"))


def nanargmax(arr, *args, axis=None):
    """Index of the maximum ignoring NaN: :func:`parafunc.nanargmax` with numbagg's
    signature."""
    return _extreme("nanargmax", reduce.nanargmax, arr, args, axis, _ALL_NAN)


def nanargmin(arr, *args, axis=None):
    """Index of the minimum ignoring NaN: :func:`parafunc.nanargmin` with numbagg's
    signature."""
    return _extreme("nanargmin", reduce.nanargmin, arr, args, axis, _ALL_NAN)


def nanquantile(a, quantiles, axis=None, **kwargs):
    """Quantiles ignoring NaN, float64: :func:`parafunc.nanquantile` with numbagg's
    signature (a NaN quantile gives NaN)."""
    _no_keywords("nanquantile", kwargs)
    a = _loop("nanquantile", np.asarray(a), _FLOAT64)
    q = np.asarray(quantiles, dtype=np.float64)
    if np.any(q < 0) or np.any(q > 1):
        raise ValueError(
            f"quantiles must be in the range [0, 1], inclusive. Got {np.atleast_1d(q)}."
        )
    axis = _reduction_axis(axis, a.ndim)
    nan = np.isnan(q)
    if not nan.any():
        return np.asarray(quantile.nanquantile(a, q, axis))
    result = np.full(q.shape + np.shape(quantile.nanquantile(a, 0.5, axis)), np.nan)
    result[~nan] = quantile.nanquantile(a, q[~nan], axis)
    return result


def nanmedian(a, *, axis=None, **kwargs):
    """Median ignoring NaN, float64: :func:`parafunc.nanmedian` with numbagg's
    signature."""
    return nanquantile(a, 0.5, axis=axis, **kwargs)


def _no_keywords(name: str, kwargs: dict) -> None:
    if kwargs:
        raise TypeError(f"{name}() got an unexpected keyword argument {next(iter(kwargs))!r}")


def _moving_axis(arrays: list[np.ndarray], axis) -> int | None:
    """numbagg's moving axis: an int or a one-element tuple; None for ``()``, which
    returns the input."""
    if isinstance(axis, tuple):
        if axis == ():
            if len(arrays) > 1:
                raise ValueError("`axis` cannot be an empty tuple when passing more than one array")
            return None
        if len(axis) > 1:
            raise ValueError(f"only one axis can be passed; got {axis}")
        (axis,) = axis
    return normalize_axis_index(axis, arrays[0].ndim)


def _out(name: str, kwargs: dict):
    """numbagg passes its keywords to the gufunc; ``out`` is the one parafunc takes."""
    out = kwargs.pop("out", None)
    _no_keywords(name, kwargs)
    return out


def _move(name, fast, arr, window, min_count, axis, kwargs, count=1):
    """numbagg's moving window ``name`` on ``count`` arrays, by ``fast`` (a parafunc moving
    window, called as ``fast(*arrays, window, min_count, axis, out)``)."""
    out = _out(name, kwargs)
    arrays = _array(name, arr, count)
    axis = _moving_axis(arrays, axis)
    if axis is None:
        return arr[0]
    if min_count is not None:
        if min_count < 0:
            raise ValueError(f"min_count must be positive: {min_count}")
        if min_count > window:
            raise ValueError(f"min_count ({min_count}) cannot be greater than window ({window})")
    if not 0 < window <= arrays[0].shape[axis]:
        raise ValueError(f"window not in valid range: {window}")
    # int32 and int64 parafunc takes to float64 natively, numbagg's loop for them
    arrays = [a if a.dtype in _INT_TO_FLOAT64 else _loop(name, a, _FLOAT) for a in arrays]
    if min_count == 0:  # numbagg's mean and variances need one or two values anyway
        if name == "move_sum":  # but its sum of an empty window is 0
            result = fast(*arrays, window, 1, axis, out)
            empty = moving.move_min(np.isnan(arrays[0]), window, 1, axis) == 1
            result[empty] = 0
            return result
        min_count = 1
    return fast(*arrays, window, min_count, axis, out)


def move_sum(*arr, window, min_count=None, axis=-1, **kwargs):
    """Moving window sum: :func:`parafunc.move_sum` with numbagg's signature."""
    return _move("move_sum", moving.move_sum, arr, window, min_count, axis, kwargs)


def move_mean(*arr, window, min_count=None, axis=-1, **kwargs):
    """Moving window mean: :func:`parafunc.move_mean` with numbagg's signature."""
    return _move("move_mean", moving.move_mean, arr, window, min_count, axis, kwargs)


def move_std(*arr, window, min_count=None, axis=-1, **kwargs):
    """Moving window standard deviation with ``ddof=1``: :func:`parafunc.move_std` with
    numbagg's signature."""
    return _move("move_std", _with_ddof_1(moving.move_std), arr, window, min_count, axis, kwargs)


def move_var(*arr, window, min_count=None, axis=-1, **kwargs):
    """Moving window variance with ``ddof=1``: :func:`parafunc.move_var` with numbagg's
    signature."""
    return _move("move_var", _with_ddof_1(moving.move_var), arr, window, min_count, axis, kwargs)


def move_cov(*arr, window, min_count=None, axis=-1, **kwargs):
    """Moving window covariance of two arrays (divisor: pairs - 1): :func:`parafunc.move_cov`
    with numbagg's signature."""
    return _move("move_cov", moving_pairs.move_cov, arr, window, min_count, axis, kwargs, 2)


def move_corr(*arr, window, min_count=None, axis=-1, **kwargs):
    """Moving window correlation of two arrays: :func:`parafunc.move_corr` with numbagg's
    signature."""
    return _move("move_corr", moving_pairs.move_corr, arr, window, min_count, axis, kwargs, 2)


def _with_ddof_1(fast):
    def sample(a, window, min_count, axis, out):
        return fast(a, window, min_count, axis, 1, out)

    return sample


def _move_exp(name, fast, arr, count, alpha, min_weight, axis, kwargs):
    out = _out(name, kwargs)
    arrays = _array(name, arr, count)
    axis = _moving_axis(arrays, axis)
    if axis is None:
        return arr[0]
    # numbagg makes alpha an array (a scalar broadcast along the axis), and NumPy picks
    # the loop from its dtype too: float64 unless alpha is float32 (or smaller).
    alphas = np.asarray(alpha)
    loops = _FLOAT if np.can_cast(alphas.dtype, np.float32, "safe") else _FLOAT64
    arrays = [_loop(name, a, loops) for a in arrays]
    if len({a.dtype for a in arrays}) > 1:
        arrays = [a.astype(np.float64) for a in arrays]
    if alphas.ndim > 0:
        alpha = _constant_alpha(alphas)
    # numbagg does not check min_weight: below 0 it is 0.
    min_weight = min_weight if not min_weight < 0 else 0
    result = fast(*arrays, alpha, min_weight, axis, out)
    if alpha == 1 and name in ("move_exp_nanmean", "move_exp_nansum"):
        _nan_after_infinity(arrays[0], axis, result)
    return result


def _nan_after_infinity(a: np.ndarray, axis: int, result: np.ndarray) -> None:
    """numbagg's mean and sum with ``alpha=1`` (nothing of the past kept): NaN at every
    element after an infinity, where numbagg decays its running sum by ``0 * inf``
    (parafunc forgets the infinity at the next element)."""
    if a.dtype.kind != "f":
        return
    infinite = np.isinf(a)
    if infinite.any():
        result[np.cumsum(infinite, axis=axis) - infinite > 0] = np.nan


def _constant_alpha(alphas: np.ndarray):
    """The one value of an array of alphas, or NotImplementedError: numbagg weighs each
    step by its own alpha, parafunc's kernels decay by one alpha per call."""
    first = alphas.flat[0] if alphas.size else 0.5
    if not np.all(alphas == first):
        raise NotImplementedError(
            "parafunc.numbagg takes one `alpha` for every element; alphas that differ "
            "along the array are not supported"
        )
    return first


def move_exp_nanmean(*arr, alpha, min_weight=0, axis=-1, **kwargs):
    """Exponentially weighted moving mean: :func:`parafunc.move_exp_nanmean` with
    numbagg's signature (float64)."""
    return _move_exp(
        "move_exp_nanmean", exponential.move_exp_nanmean, arr, 1, alpha, min_weight, axis, kwargs
    )


def move_exp_nansum(*arr, alpha, min_weight=0, axis=-1, **kwargs):
    """Exponentially weighted moving sum: :func:`parafunc.move_exp_nansum` with numbagg's
    signature (float64)."""
    return _move_exp(
        "move_exp_nansum", exponential.move_exp_nansum, arr, 1, alpha, min_weight, axis, kwargs
    )


def move_exp_nancount(*arr, alpha, min_weight=0, axis=-1, **kwargs):
    """Exponentially weighted moving count: :func:`parafunc.move_exp_nancount` with
    numbagg's signature (float64)."""
    return _move_exp(
        "move_exp_nancount", exponential.move_exp_nancount, arr, 1, alpha, min_weight, axis, kwargs
    )


def move_exp_nanvar(*arr, alpha, min_weight=0, axis=-1, **kwargs):
    """Exponentially weighted moving variance: :func:`parafunc.move_exp_nanvar` with
    numbagg's signature (float64)."""
    return _move_exp(
        "move_exp_nanvar", exponential.move_exp_nanvar, arr, 1, alpha, min_weight, axis, kwargs
    )


def move_exp_nanstd(*arr, alpha, min_weight=0, axis=-1, **kwargs):
    """Exponentially weighted moving standard deviation: :func:`parafunc.move_exp_nanstd`
    with numbagg's signature (float64)."""
    return _move_exp(
        "move_exp_nanstd", exponential.move_exp_nanstd, arr, 1, alpha, min_weight, axis, kwargs
    )


def move_exp_nancov(*arr, alpha, min_weight=0, axis=-1, **kwargs):
    """Exponentially weighted moving covariance of two arrays:
    :func:`parafunc.move_exp_nancov` with numbagg's signature (float64)."""
    return _move_exp(
        "move_exp_nancov", exponential.move_exp_nancov, arr, 2, alpha, min_weight, axis, kwargs
    )


def move_exp_nancorr(*arr, alpha, min_weight=0, axis=-1, **kwargs):
    """Exponentially weighted moving correlation of two arrays:
    :func:`parafunc.move_exp_nancorr` with numbagg's signature (float64)."""
    return _move_exp(
        "move_exp_nancorr", exponential.move_exp_nancorr, arr, 2, alpha, min_weight, axis, kwargs
    )


def _fill(name, fast, arr, limit, axis, kwargs):
    """numbagg's ffill or bfill by ``fast`` (parafunc's): numbagg's errors for a negative
    limit, bool and other dtypes numbagg has no loop for; any other numeric dtype kept."""
    out = _out(name, kwargs)
    (a,) = _array(name, (arr,))
    # numbagg's checks in its order: without a limit it first reads the axis's length
    if limit is None:
        axis = normalize_axis_index(axis, a.ndim)
    elif limit < 0:
        raise ValueError(f"`limit` must be positive: {limit}")
    if a.dtype.kind not in "iuf" or a.dtype == np.float16:
        raise TypeError(f"Unsupported dtype for fill operation: {a.dtype}")
    return fast(a, limit, normalize_axis_index(axis, a.ndim), out)


def ffill(arr, *, limit=None, axis=-1, **kwargs):
    """Forward fill of NaN: :func:`parafunc.ffill` with numbagg's signature."""
    return _fill("ffill", fills.ffill, arr, limit, axis, kwargs)


def bfill(arr, *, limit=None, axis=-1, **kwargs):
    """Backward fill of NaN: :func:`parafunc.bfill` with numbagg's signature."""
    return _fill("bfill", fills.bfill, arr, limit, axis, kwargs)


class _NumbaggFunction:
    """A function of this namespace as numbagg shows its own (its repr is
    ``numbagg.<name>``, which numbagg's tests check); signature and docstring are the
    function's."""

    def __init__(self, function):
        functools.update_wrapper(self, function)

    def __call__(self, *args, **kwargs):
        return self.__wrapped__(*args, **kwargs)

    def __repr__(self):
        return f"numbagg.{self.__name__}"


for _name in __all__:
    globals()[_name] = _NumbaggFunction(globals()[_name])
