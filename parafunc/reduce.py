"""Reductions: NaN-aware functions that reduce one axis (or all of them)."""

from __future__ import annotations

import numpy as np

from . import gufuncs
from ._axis import NATIVE_DTYPES, as_native, normalize_axis


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
        return gufuncs.nansum(a, axes=[(normalize_axis(axis, a.ndim),), ()], out=out)
    if a.ndim != 1:
        if a.flags.c_contiguous or a.flags.f_contiguous:
            a = a.ravel(order="K")  # a view, not a copy
        else:
            # No flat view exists and a copy would cost a temporary the size of the
            # input: sum the last axis first (a result 1/n the input's size), then that.
            a = gufuncs.nansum(a).ravel()
    return gufuncs.nansum(a, out=out)
