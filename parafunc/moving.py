"""Moving-window functions: each output element summarises the window ending there."""

from __future__ import annotations

import numpy as np

from . import gufuncs
from ._axis import (
    as_integer,
    as_native_array,
    check_out,
    float_result_dtype,
    middle_axis_view,
    normalize_axis,
    reshaped_view,
    small_intp,
)
from ._tbb import load_extension

_core = load_extension()


def _window_arguments(a: np.ndarray, window, min_count, axis) -> tuple[int, int, int]:
    """Checked (window, min_count, axis), with bottleneck's defaults and messages."""
    window = as_integer(window, "window")
    axis = normalize_axis(axis, a.ndim)
    length = a.shape[axis]
    if not 1 <= window <= length:
        raise ValueError(f"Moving window (={window}) must between 1 and {length}, inclusive")
    if min_count is None:
        return window, window, axis
    min_count = as_integer(min_count, "min_count")
    if min_count < 1:
        raise ValueError("`min_count` must be greater than zero.")
    if min_count > window:
        raise ValueError(f"min_count ({min_count}) cannot be greater than window ({window})")
    return window, min_count, axis


def move_mean(a, window, min_count=None, axis=-1, out=None):
    """Moving window mean along an axis, ignoring NaN.

    Parameters
    ----------
    a : array_like
        Input array. float32, float64, int32 and int64 run natively; bool and other
        integers are converted to int64 first, float16 and uint64 to float64.
    window : int
        Number of elements in the window, from 1 to the length of ``axis``.
    min_count : int, optional
        Fewest non-NaN elements a window must hold for a result; else the output is NaN.
        Default: ``window``. The first ``window - 1`` outputs use the shorter windows
        that end there.
    axis : int, optional
        Axis along which to move. Default: the last.
    out : ndarray, optional
        Where to put the result, of the input's shape and the result's dtype; it may be
        the input itself (float inputs). Passing a preallocated ``out`` is the fastest
        way to call this repeatedly.

    Returns
    -------
    y : ndarray
        The moving mean, float32 for float32 input and float64 otherwise, laid out in
        memory like the input. Sums are compensated and restarted at fixed chunk
        boundaries, so the result does not drift over long series.

    See Also
    --------
    bottleneck.move_mean

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_mean(np.array([1.0, 2.0, np.nan, 4.0, 5.0]), window=2)
    array([nan, 1.5, nan, nan, 4.5])
    >>> pf.move_mean(np.array([1.0, 2.0, np.nan, 4.0, 5.0]), window=2, min_count=1)
    array([1. , 1.5, 2. , 4. , 4.5])
    """
    a = as_native_array(a)
    window, min_count, axis = _window_arguments(a, window, min_count, axis)
    window, min_count = small_intp(window), small_intp(min_count)
    last_axis = axis == a.ndim - 1
    dtype = float_result_dtype(a.dtype)
    if out is not None:
        check_out(out, a.shape, dtype)
    elif not (last_axis and a.flags.c_contiguous):
        # Like the input in memory: NumPy allocates with the core axis innermost, which
        # makes the write a transpose for axis != -1. (For a C-ordered input along the last
        # axis NumPy's own output is laid out alike, and costs ~0.3 us less.)
        out = np.empty_like(a, dtype=dtype)
    if last_axis:  # NumPy's default core axis: parsing axes= costs ~0.3 us
        return gufuncs.move_mean(a, window, min_count, out=out)
    if _along_middle_axis(_core._move_mean_middle, a, window, min_count, axis, out):
        return out
    return gufuncs.move_mean(a, window, min_count, axes=[(axis,), (), (), (axis,)], out=out)


def _along_middle_axis(middle_axis, a: np.ndarray, window, min_count, axis, out) -> bool:
    """Run a moving-window function's (p,n,q) companion on ``a`` viewed as (p, n, q) around
    ``axis``, in one call where NumPy would call the plain gufunc once per p, each call too
    small to go parallel (src/engine/moving_loop.hpp). False if ``a`` or ``out`` has no
    such view."""
    middle = middle_axis_view(a, axis)
    if middle is None:
        return False
    view, order = middle
    out_view = reshaped_view(out, view.shape, order)
    if out_view is None:  # an out= laid out differently from the input
        return False
    middle_axis(view, window, min_count, out=out_view)
    return True
