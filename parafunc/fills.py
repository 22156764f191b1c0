"""Fills and in-place replacement: bottleneck's push and replace, numbagg's ffill and bfill."""

from __future__ import annotations

import numbers

import numpy as np

from . import gufuncs
from ._axis import NATIVE_DTYPES, along_axis, as_integer, check_out, normalize_axis, small_intp
from ._docs import documented
from ._tbb import load_extension

_core = load_extension()


def _fill_axis(axis: object, ndim: int) -> int:
    """A valid non-negative axis, with bottleneck's errors (a fill has no axis=None)."""
    if type(axis) is not int:
        if axis is None:
            raise ValueError("`axis` cannot be None")
        axis = as_integer(axis, "axis")
    return normalize_axis(axis, ndim)


def _fill(name: str, a, limit, limit_name: str, axis, out):
    """Run the fill gufunc ``name`` ("ffill" or "bfill") along ``axis`` of ``a``; the
    result has ``a``'s dtype."""
    if type(a) is not np.ndarray:
        a = np.asarray(a)
    axis = _fill_axis(axis, a.ndim)
    length = a.shape[axis]
    if limit is None:
        limit = length
    else:
        limit = as_integer(limit, limit_name)
        if limit < 0:
            raise ValueError(f"`{limit_name}` must be nonnegative, got {limit}")
        limit = min(limit, length)  # no gap is longer: a longer limit is no limit
    if a.dtype in NATIVE_DTYPES:
        gufunc, middle = getattr(gufuncs, name), getattr(_core, f"_{name}_middle")
        return along_axis(gufunc, middle, (a,), (small_intp(limit),), axis, out, a.dtype)
    if a.dtype.kind in "biu":  # integers hold no NaN
        return _copy(a, out)
    if a.dtype.kind == "f":
        return _fill_positions(name, a, limit, axis, out)
    raise TypeError(f"unsupported dtype {a.dtype}: parafunc takes real numbers")


def _copy(a: np.ndarray, out):
    """A copy of ``a`` laid out like it, or ``a`` copied into ``out``."""
    if out is None:
        return a.copy(order="K")
    check_out(out, a.shape, a.dtype)
    np.copyto(out, a)
    return out


def _fill_positions(name: str, a: np.ndarray, limit: int, axis: int, out):
    """Floats without a native loop (float16, longdouble): each element's position along
    the axis (float64, NaN where the element is NaN) filled by the native loop, then the
    values at the filled positions gathered, bit for bit as a native fill copies them."""
    shape = [1] * a.ndim
    shape[axis] = -1
    here = np.arange(a.shape[axis], dtype=np.float64).reshape(shape)
    positions = np.where(np.isnan(a), np.nan, here)
    source = _fill(name, positions, limit, "limit", axis, None)
    found = ~np.isnan(source)
    gathered = np.take_along_axis(a, np.where(found, source, 0).astype(np.intp), axis)
    return _copy(np.where(found, gathered, a), out)


@documented
def push(a, n=None, axis=-1, out=None):
    """Fill each NaN with the last non-NaN value before it along an axis.

    Parameters
    ----------
    ${fill_a}
    n : int or None, optional
        The most positions a value is pushed forward: a NaN more than ``n`` positions
        after the last non-NaN value stays NaN. Default: None, no limit.
    ${fill_axis}
    ${fill_out}

    Returns
    -------
    y : ndarray
        ${fill_returns}

    See Also
    --------
    bottleneck.push, ffill, bfill

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> a = np.array([5.0, np.nan, np.nan, 6.0, np.nan])
    >>> pf.push(a)
    array([5., 5., 5., 6., 6.])
    >>> pf.push(a, n=1)
    array([ 5.,  5., nan,  6.,  6.])
    """
    return _fill("ffill", a, n, "n", axis, out)


@documented
def ffill(a, limit=None, axis=-1, out=None):
    """Forward fill: each NaN gets the last non-NaN value before it along an axis.

    Parameters
    ----------
    ${fill_a}
    limit : int or None, optional
        The most consecutive positions a value fills forward: a NaN more than ``limit``
        positions after the last non-NaN value stays NaN. Default: None, no limit.
    ${fill_axis}
    ${fill_out}

    Returns
    -------
    y : ndarray
        ${fill_returns}

    See Also
    --------
    numbagg.ffill, push (the same, by bottleneck's name), bfill

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> a = np.array([np.nan, 1.0, np.nan, np.nan, 4.0, np.nan])
    >>> pf.ffill(a)
    array([nan,  1.,  1.,  1.,  4.,  4.])
    >>> pf.ffill(a, limit=1)
    array([nan,  1.,  1., nan,  4.,  4.])
    """
    return _fill("ffill", a, limit, "limit", axis, out)


@documented
def bfill(a, limit=None, axis=-1, out=None):
    """Backward fill: each NaN gets the next non-NaN value after it along an axis.

    Parameters
    ----------
    ${fill_a}
    limit : int or None, optional
        The most consecutive positions a value fills backward: a NaN more than ``limit``
        positions before the next non-NaN value stays NaN. Default: None, no limit.
    ${fill_axis}
    ${fill_out}

    Returns
    -------
    y : ndarray
        ${fill_returns}

    See Also
    --------
    numbagg.bfill, ffill

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> a = np.array([np.nan, 1.0, np.nan, np.nan, 4.0, np.nan])
    >>> pf.bfill(a)
    array([ 1.,  1.,  4.,  4.,  4., nan])
    >>> pf.bfill(a, limit=1)
    array([ 1.,  1., nan,  4.,  4., nan])
    """
    return _fill("bfill", a, limit, "limit", axis, out)


def _number(value, name: str):
    """``value`` itself where it is a real number (Python's or NumPy's; a 0-d array gives
    its element), else a TypeError naming ``name``, as bottleneck."""
    if type(value) is float:  # the common case first: small calls are all overhead
        return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if not isinstance(value, (numbers.Real, np.bool_)):
        raise TypeError(f"`{name}` must be a number, got {type(value).__name__}")
    try:
        float(value)
    except OverflowError:  # an int beyond any float
        raise TypeError(f"`{name}` must be a number, got an integer out of range") from None
    return value


# The native integer dtypes' lowest values: bottleneck takes a number for them when its
# float value is an integer in [low, -low).
_INTEGER_LOWS = {np.dtype(np.int32): -(2.0**31), np.dtype(np.int64): -(2.0**63)}
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def _as_integer_value(value, name: str, dtype: np.dtype) -> int:
    """A number for an integer array as an int, or bottleneck's ValueError where it is not
    an integer (for the native dtypes: as a float, and within the dtype's range)."""
    number = float(value) if dtype in _INTEGER_LOWS else value
    low = _INTEGER_LOWS.get(dtype)
    fits = low is None or low <= number < -low
    if not (fits and np.isfinite(number) and int(number) == number):
        raise ValueError(f"Cannot safely cast `{name}` to int")
    return int(number)


def _as_dtype_value(number, dtype: np.dtype):
    """``number`` in ``dtype``; beyond float32's range +-inf, as bottleneck's C cast."""
    if dtype == np.float32 and abs(number) > _FLOAT32_MAX:
        with np.errstate(over="ignore"):
            return np.float32(number)
    return dtype.type(number)


def _as_series(a: np.ndarray) -> np.ndarray:
    """A view of ``a``'s memory as series along its last axis, the axis closest together in
    memory: 1-D (one series, cut into chunks for every thread) where ``a`` is contiguous in
    either order."""
    if a.flags.c_contiguous:
        return a.reshape(-1)
    if a.flags.f_contiguous:
        return a.T.reshape(-1)
    return a.transpose(np.argsort([-abs(s) for s in a.strides], kind="stable"))


def replace(a, old, new):
    """Replace (in place) every element of an array equal to a value with another.

    The equivalent of ``a[a == old] = new``, or of ``a[np.isnan(a)] = new`` when ``old``
    is NaN, without a mask the size of ``a``, in parallel.

    Parameters
    ----------
    a : numpy.ndarray
        The array, changed in place: any view (strided, reversed, Fortran-ordered) of
        writable memory. float32, float64, int32 and int64 run natively; bool, other
        integers, float16 and longdouble by NumPy's comparison and assignment.
    old : number
        The value to replace; NaN replaces every NaN.
    new : number
        The value to put in its place, converted to ``a``'s dtype (for float32, beyond its
        range, +-inf). For an integer array both must be integers (as floats, within the
        dtype's range); an ``old`` of NaN then changes nothing.

    Returns
    -------
    a : numpy.ndarray
        ``a`` itself, as bottleneck returns it.

    Raises
    ------
    TypeError
        ``a`` is not a NumPy array, or ``old`` or ``new`` not a real number.
    ValueError
        ``a`` is read-only, or an integer array's ``old`` or ``new`` is not an integer it
        can hold.

    See Also
    --------
    bottleneck.replace, numpy.putmask

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> a = np.array([1.0, np.nan, 3.0, np.nan])
    >>> _ = pf.replace(a, np.nan, 0.0)
    >>> a
    array([1., 0., 3., 0.])
    >>> b = np.array([1, 2, 0, 2])
    >>> pf.replace(b, 2, 7)
    array([1, 7, 0, 7])
    """
    if not isinstance(a, np.ndarray):
        raise TypeError(
            f"`a` must be a numpy array (replace works in place), got {type(a).__name__}"
        )
    old, new = _number(old, "old"), _number(new, "new")
    if not a.flags.writeable:
        raise ValueError("`a` is read-only: replace works in place")
    data = a if type(a) is np.ndarray else a.view(np.ndarray)  # subclasses: their memory
    dtype = data.dtype
    if dtype.kind in "biu":
        if old != old:  # integers hold no NaN
            return a
        old, new = _as_integer_value(old, "old", dtype), _as_integer_value(new, "new", dtype)
    elif dtype.kind != "f":
        raise TypeError(f"unsupported dtype {dtype}: parafunc takes real numbers")
    if dtype not in NATIVE_DTYPES:
        np.putmask(data, np.isnan(data) if old != old else data == old, new)
        return a
    series = _as_series(data)
    old, new = _as_dtype_value(old, dtype), _as_dtype_value(new, dtype)
    gufuncs.replace(series, old, new, out=series)
    return a
