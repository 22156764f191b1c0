"""Reductions: NaN-aware functions that reduce one axis (or all of them)."""

from __future__ import annotations

import numpy as np

from . import gufuncs
from ._axis import (
    NATIVE_DTYPES,
    as_native,
    check_out,
    middle_axis_view,
    normalize_axis,
    reshaped_view,
)
from ._tbb import load_extension

_core = load_extension()

# Scratch elements for summing an N-D array that has no flat view (8 MiB of float64).
_SLAB_ELEMENTS = 1 << 20


def nansum(a, axis=None, out=None):
    """Sum of array elements along an axis, treating NaN as zero.

    Parameters
    ----------
    a : array_like
        Input array. float32, float64, int32 and int64 run natively; bool and other
        integers are converted to int64 first, float16 and uint64 to float64.
    axis : int or None, optional
        Axis along which to sum. The default, None, sums all elements.
    out : ndarray, optional
        Where to put the result: the input's shape without ``axis`` (a 0-d array for
        ``axis=None``), of the result's dtype.

    Returns
    -------
    y : ndarray or scalar
        The sum, of the input's dtype (as bottleneck): 0 for an empty or all-NaN slice.
        Floats are accumulated in float64 with compensated summation, so a float32 sum is
        as exact as float32 allows and the error does not grow with the length. Integer
        sums wrap around on overflow, as in bottleneck.

    See Also
    --------
    bottleneck.nansum, numpy.nansum

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nansum(np.array([1.0, np.nan, 3.0]))
    np.float64(4.0)
    >>> pf.nansum(np.array([[1, 2], [3, 4]]), axis=0)
    array([4, 6])
    >>> pf.nansum(np.full(10**6, 0.1, dtype=np.float32))  # bottleneck gives 100958.34
    np.float32(100000.0)
    """
    if type(a) is not np.ndarray or a.dtype not in NATIVE_DTYPES:
        a = as_native(np.asarray(a))
    if axis is not None:
        return _reduce_axis(gufuncs.nansum, _core._nansum_middle, a, axis, out, a.dtype)
    if out is not None:
        check_out(out, ())
    if a.ndim == 1:
        return gufuncs.nansum(a, out=out)
    if a.flags.c_contiguous or a.flags.f_contiguous:
        return gufuncs.nansum(a.ravel(order="K"), out=out)  # a view, not a copy
    total = _nansum_without_flat_view(a)
    if out is None:
        return total
    out[()] = total
    return out


def _reduce_axis(one_axis, middle_axis, a: np.ndarray, axis, out, dtype: np.dtype):
    """Reduce ``a`` along ``axis`` with a reduction gufunc (n)->() or, for a middle axis of
    an array that views as (p, n, q), its companion (p,n,q)->(p,q): NumPy would call the
    first once per p, each call too small to go parallel (src/engine/reduce_loop.hpp)."""
    axis = normalize_axis(axis, a.ndim)
    shape = a.shape[:axis] + a.shape[axis + 1 :]
    if out is not None:
        check_out(out, shape)
    middle = middle_axis_view(a, axis)
    if middle is None:
        return one_axis(a, axes=[(axis,), ()], out=out)
    view, order = middle
    plane_shape = (view.shape[0], view.shape[2])
    if out is None:
        result = np.empty(plane_shape, dtype, order=order)
        middle_axis(view, out=result)
        return result.reshape(shape, order=order)
    out_view = reshaped_view(out, plane_shape, order)
    if out_view is None:  # an out= laid out differently from the input
        return one_axis(a, axes=[(axis,), ()], out=out)
    middle_axis(view, out=out_view)
    return out


def _nansum_without_flat_view(a: np.ndarray):
    """nansum of every element of an N-D array that has no flat view, in bounded scratch.

    A copy would cost a temporary the size of the input, and summing the last axis first
    would round float32 row sums to float32 and let a row's inf - inf NaN be skipped as a
    missing value. Instead, slabs of at most _SLAB_ELEMENTS elements are copied into one
    reused buffer of the accumulation dtype (float64, or int64 for integers) and summed
    there; the slab sums are then added without skipping NaN.
    """
    accumulate = np.float64 if a.dtype.kind == "f" else np.int64
    buffer = np.empty(min(a.size, _SLAB_ELEMENTS), accumulate)
    partials = []
    for slab in _slabs(a, _SLAB_ELEMENTS):
        flat = buffer[: slab.size]
        np.copyto(flat.reshape(slab.shape), slab)
        partials.append(gufuncs.nansum(flat))
    sums = np.array(partials, accumulate)
    total = sums.dtype.type(np.nan) if np.isnan(sums).any() else gufuncs.nansum(sums)
    return np.asarray(total).astype(a.dtype)[()]  # integers wrap, as in one pass


def _slabs(a: np.ndarray, size: int):
    """Sub-arrays of ``a`` of at most ``size`` elements that together cover it."""
    if a.size <= size:
        yield a
    elif a.ndim == 1:
        for start in range(0, a.shape[0], size):
            yield a[start : start + size]
    else:
        rows = size // (a.size // a.shape[0])
        if rows == 0:
            for row in a:
                yield from _slabs(row, size)
        else:
            for start in range(0, a.shape[0], rows):
                yield a[start : start + rows]
