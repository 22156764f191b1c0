"""Argument handling shared by every wrapper: axis, integers, dtypes.

Messages name the argument and follow bottleneck's wording where bottleneck has one, so
code that matches on them keeps working.
"""

from __future__ import annotations

import math
import operator

import numpy as np

# The dtypes with native loops; other real dtypes are converted explicitly (see
# as_native).
NATIVE_DTYPES = frozenset(np.dtype(t) for t in (np.float32, np.float64, np.int32, np.int64))


# 0-d intp arrays for small integer arguments (window, min_count, ddof): NumPy converts a
# Python int argument anew on every call, ~0.4 us of a ~2 us call on a short array.
# (Private, and only ever read: made read-only, NumPy's ufunc machinery took ~0.4 us
# longer over them.)
_SMALL_INTP = tuple(np.array(i, np.intp) for i in range(1025))


def small_intp(value: int):
    """``value`` (a Python int) as a cached 0-d intp array when small, else itself."""
    return _SMALL_INTP[value] if 0 <= value < len(_SMALL_INTP) else value


def as_integer(value: object, name: str) -> int:
    """``value`` as a Python int, or TypeError naming ``name``."""
    if type(value) is int:  # the common case first: small calls are dominated by overhead
        return value
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be an integer, got a boolean")
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"`{name}` must be an integer, got {type(value).__name__}") from None


def normalize_axis(axis: object, ndim: int) -> int:
    """A valid non-negative axis of an ``ndim``-dimensional array."""
    if type(axis) is int and -ndim <= axis < ndim:  # the common case first
        return axis % ndim
    if isinstance(axis, (bool, np.bool_)):
        raise TypeError("`axis` must be an integer or None")
    try:
        index = operator.index(axis)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError("`axis` must be an integer or None") from None
    if not -ndim <= index < ndim:
        raise ValueError(f"axis(={index}) out of bounds")
    return index % ndim


def native_dtype(dtype: np.dtype) -> np.dtype:
    """The native dtype that values of ``dtype`` are computed in: itself when native; int64
    for bool and other integers (exact, and bottleneck's result dtype for them) except
    uint64, which like float16 goes to float64; anything else a TypeError."""
    if dtype in NATIVE_DTYPES:
        return dtype
    if dtype.kind in "biu" and dtype != np.uint64:
        return np.dtype(np.int64)
    if dtype.kind in "uf":
        return np.dtype(np.float64)
    raise TypeError(f"unsupported dtype {dtype}: parafunc takes real numbers")


def as_native(a: np.ndarray) -> np.ndarray:
    """``a`` itself for a natively supported dtype, else converted to its native_dtype."""
    dtype = native_dtype(a.dtype)
    return a if dtype == a.dtype else a.astype(dtype)


def float_result_dtype(dtype: np.dtype) -> np.dtype:
    """The result dtype of the functions that compute in floating point (means, variances,
    medians, moving windows): float32 for float32 input, else float64."""
    return np.dtype(np.float32 if dtype == np.float32 else np.float64)


def as_native_array(a: object) -> np.ndarray:
    """``a`` as an ndarray of a native dtype: itself when it is one (the common case, first
    and cheapest), else converted by as_native."""
    if type(a) is not np.ndarray or a.dtype not in NATIVE_DTYPES:
        return as_native(np.asarray(a))
    return a


def check_out(out: object, shape: tuple[int, ...], dtype: np.dtype) -> None:
    """Raise unless ``out`` is an ndarray of exactly ``shape`` and ``dtype`` (NumPy would
    broadcast into a larger one, computing the result several times, or cast the result
    silently into another dtype)."""
    if not isinstance(out, np.ndarray):
        raise TypeError(f"`out` must be a numpy array, got {type(out).__name__}")
    if out.shape != shape:
        raise ValueError(f"`out` has shape {out.shape}, the result has shape {shape}")
    if out.dtype != dtype:
        raise TypeError(f"`out` has dtype {out.dtype}, the result has dtype {dtype}")


def middle_axis_view(a: np.ndarray, axis: int) -> tuple[np.ndarray, str] | None:
    """``a`` viewed as (p, n, q), n its ``axis``, and the order ("C" or "F") that maps it
    back; None unless ``a`` has axes on both sides of ``axis`` and each side merges into one
    axis without a copy (true of C- and F-ordered arrays and of most slices of them)."""
    if a.ndim < 3 or axis in (0, a.ndim - 1):
        return None
    shape = (math.prod(a.shape[:axis]), a.shape[axis], math.prod(a.shape[axis + 1 :]))
    for order in ("C", "F"):
        view = reshaped_view(a, shape, order)
        if view is not None:
            return view, order
    return None


def reshaped_view(a: np.ndarray, shape: tuple[int, ...], order: str) -> np.ndarray | None:
    """``a`` reshaped in ``order`` without a copy, or None where that needs a copy."""
    try:
        return a.reshape(shape, order=order, copy=False)
    except ValueError:
        return None


def along_axis(gufunc, middle, arrays, scalars, axis: int, out, dtype: np.dtype):
    """Run a gufunc of core (n)->(n) (moving and exponential windows) along ``axis`` (valid,
    non-negative) of ``arrays`` (of one native dtype and shape), ``scalars`` after them.
    ``out`` is checked against the result's shape and ``dtype``, or allocated like the
    input. An axis with others on both sides goes through the (p,n,q) companion
    ``middle`` in one call, where NumPy would call the gufunc once per p, each call too
    small to go parallel; NumPy's own axes= where the operands have no such view."""
    first = arrays[0]
    last_axis = axis == first.ndim - 1
    if out is not None:
        check_out(out, first.shape, dtype)
    elif not (last_axis and first.flags.c_contiguous):
        # Like the input in memory: NumPy allocates with the core axis innermost, which
        # makes the write a transpose for axis != -1. (For a C-ordered input along the last
        # axis NumPy's own output is laid out alike, and costs ~0.3 us less.)
        out = np.empty_like(first, dtype=dtype)
    if last_axis:  # NumPy's default core axis: parsing axes= costs ~0.3 us
        return gufunc(*arrays, *scalars, out=out)
    found = middle_axis_view(first, axis)
    if found is not None:
        view, order = found
        views = [reshaped_view(operand, view.shape, order) for operand in (*arrays[1:], out)]
        if all(v is not None for v in views):  # else an operand laid out differently
            middle(view, *views[:-1], *scalars, out=views[-1])
            return out
    axes = [(axis,)] * len(arrays) + [()] * len(scalars) + [(axis,)]
    return gufunc(*arrays, *scalars, axes=axes, out=out)
