"""Moving-window functions: each output element summarises the window ending there."""

from __future__ import annotations

import numpy as np

from . import gufuncs
from ._axis import (
    along_axis,
    as_integer,
    as_native_array,
    float_result_dtype,
    normalize_axis,
    small_intp,
)
from ._docs import documented
from ._reduction import as_ddof
from ._tbb import load_extension

_core = load_extension()

# {"move_mean": _core._move_mean_direct, ...}: each moving window's direct call
# (src/engine/direct_call.hpp), as the extension module has them.
_DIRECT = {
    name[1 : -len("_direct")]: getattr(_core, name)
    for name in dir(_core)
    if name.startswith("_move_") and name.endswith("_direct")
}


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


def _move(name: str, a, window, min_count, axis, out, *parameters):
    """Run the moving-window gufunc ``name`` (and its middle-axis companion) on ``a``;
    ``parameters`` are the gufunc's scalars after window and min_count (ddof), checked."""
    if out is None:  # the plain calls without NumPy's ufunc machinery (direct_call.hpp)
        result = _DIRECT[name](a, window, min_count, axis, *parameters)
        if result is not NotImplemented:
            return result
    return _move_arrays(name, (as_native_array(a),), window, min_count, axis, out, parameters)


def _move_arrays(name: str, arrays: tuple, window, min_count, axis, out, parameters: tuple):
    """_move for a gufunc of one or more inputs (move_cov's a and b): ``arrays`` are of one
    native dtype and one shape."""
    a = arrays[0]
    window, min_count, axis = _window_arguments(a, window, min_count, axis)
    window, min_count = small_intp(window), small_intp(min_count)
    gufunc, middle = getattr(gufuncs, name), getattr(_core, f"_{name}_middle")
    scalars = (window, min_count, *parameters)
    return along_axis(gufunc, middle, arrays, scalars, axis, out, float_result_dtype(a.dtype))


@documented
def move_sum(a, window, min_count=None, axis=-1, out=None):
    """Moving window sum along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${window}
    ${min_count}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        The moving sum, float32 for float32 input and float64 otherwise, laid out in
        memory like the input. Sums are compensated and restarted at fixed chunk
        boundaries, so the result does not drift over long series; a window holding +inf
        (-inf) gives +inf (-inf), one holding both gives NaN, and an infinity that has left
        the window leaves no trace (bottleneck stays NaN from there on).

    See Also
    --------
    bottleneck.move_sum

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_sum(np.array([1.0, 2.0, np.nan, 4.0, 5.0]), window=2, min_count=1)
    array([1., 3., 2., 4., 9.])
    """
    return _move("move_sum", a, window, min_count, axis, out)


@documented
def move_mean(a, window, min_count=None, axis=-1, out=None):
    """Moving window mean along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${window}
    ${min_count}
    ${moving_axis}
    ${moving_out}

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
    return _move("move_mean", a, window, min_count, axis, out)


@documented
def move_var(a, window, min_count=None, axis=-1, ddof=0, out=None):
    """Moving window variance along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${window}
    ${min_count}
    ${moving_axis}
    ${ddof}
    ${moving_out}

    Returns
    -------
    y : ndarray
        The moving variance, float32 for float32 input and float64 otherwise, laid out
        in memory like the input. Exactly 0 for a window whose values are all equal, never
        negative; NaN where the window holds +-inf or no more than ``ddof`` values
        (bottleneck divides by ``count - ddof`` regardless, giving inf or negative values
        there). Sums of deviations from a point near the window's mean, compensated: no
        drift, no cancellation on large offsets.

    See Also
    --------
    bottleneck.move_var, move_std

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_var(np.array([1.0, 2.0, 4.0, 4.0, np.nan]), window=2, min_count=1)
    array([0.  , 0.25, 1.  , 0.  , 0.  ])
    >>> pf.move_var(np.array([1.0, 2.0, 4.0]), window=3, min_count=2, ddof=1)
    array([       nan, 0.5       , 2.33333333])
    """
    return _move("move_var", a, window, min_count, axis, out, as_ddof(ddof))


@documented
def move_std(a, window, min_count=None, axis=-1, ddof=0, out=None):
    """Moving window standard deviation along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${window}
    ${min_count}
    ${moving_axis}
    ${ddof}
    ${moving_out}

    Returns
    -------
    y : ndarray
        The square root of :func:`move_var`, with its rules: exactly 0 for a window whose
        values are all equal; NaN where the window holds +-inf or no more than ``ddof``
        values.

    See Also
    --------
    bottleneck.move_std, move_var

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_std(np.array([1.0, 3.0, 3.0, np.nan, 7.0]), window=2, min_count=1)
    array([0., 1., 0., 0., 0.])
    """
    return _move("move_std", a, window, min_count, axis, out, as_ddof(ddof))


_EXTREME_DOC = """Moving window {what} along an axis, ignoring NaN.

    Parameters
    ----------
    ${{a}}
    ${{window}}
    ${{min_count}}
    ${{moving_axis}}
    ${{moving_out}}

    Returns
    -------
    y : ndarray
        {returns} float32 for float32 input and float64 otherwise, laid out in memory like
        the input. O(1) per element whatever the window (a monotonic queue).

    See Also
    --------
    bottleneck.{name}

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.{name}(np.array([4.0, 2.0, np.nan, 3.0, 3.0]), window=3, min_count=1)
    {example}
    """


def _extreme_doc(func):
    """``func`` with the moving extremes' shared docstring (see _EXTREME_DOC)."""
    what, returns, example = {
        "move_min": (
            "minimum",
            "The least non-NaN value of each window,",
            "array([4., 2., 2., 2., 3.])",
        ),
        "move_max": (
            "maximum",
            "The greatest non-NaN value of each window,",
            "array([4., 4., 4., 3., 3.])",
        ),
        "move_argmin": (
            "position of the minimum",
            "How many steps back from the window's end its least value lies (0: the newest "
            "element; the newest of equal values, as bottleneck),",
            "array([0., 0., 1., 2., 0.])",
        ),
        "move_argmax": (
            "position of the maximum",
            "How many steps back from the window's end its greatest value lies (0: the "
            "newest element; the newest of equal values, as bottleneck),",
            "array([0., 1., 2., 0., 0.])",
        ),
    }[func.__name__]
    func.__doc__ = _EXTREME_DOC.format(
        what=what, returns=returns, name=func.__name__, example=example
    )
    return documented(func)


@_extreme_doc
def move_min(a, window, min_count=None, axis=-1, out=None):
    return _move("move_min", a, window, min_count, axis, out)


@_extreme_doc
def move_max(a, window, min_count=None, axis=-1, out=None):
    return _move("move_max", a, window, min_count, axis, out)


@_extreme_doc
def move_argmin(a, window, min_count=None, axis=-1, out=None):
    return _move("move_argmin", a, window, min_count, axis, out)


@_extreme_doc
def move_argmax(a, window, min_count=None, axis=-1, out=None):
    return _move("move_argmax", a, window, min_count, axis, out)


@documented
def move_median(a, window, min_count=None, axis=-1, out=None):
    """Moving window median along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${window}
    ${min_count}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        The median of each window's non-NaN values (the mean of the two middle ones for
        an even count), float32 for float32 input and float64 otherwise, laid out in
        memory like the input. The window is kept sorted: each step moves only the values
        between the leaving and the entering one.

    See Also
    --------
    bottleneck.move_median, move_quantile

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_median(np.array([4.0, np.nan, 1.0, 3.0, 2.0]), window=3, min_count=1)
    array([4. , 4. , 2.5, 2. , 2. ])
    """
    return _move("move_median", a, window, min_count, axis, out)


@documented
def move_quantile(a, window, q, min_count=None, axis=-1, out=None):
    """Moving window quantile along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${window}
    q : float
        The quantile, in [0, 1]: 0.5 is the median.
    ${min_count}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        The quantile ``q`` of each window's non-NaN values by NumPy's default 'linear'
        method (``np.nanquantile`` of the window; for infinities the limits, where NumPy
        gives NaN), float32 for float32 input and float64 otherwise, laid out in memory
        like the input.

    See Also
    --------
    move_median, nanquantile, pandas.core.window.rolling.Rolling.quantile

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_quantile(np.array([4.0, np.nan, 1.0, 3.0, 2.0]), 3, 0.25, min_count=1)
    array([4.  , 4.  , 1.75, 1.5 , 1.5 ])
    """
    return _move("move_quantile", a, window, min_count, axis, out, _as_quantile(q))


def _as_quantile(q) -> float:
    """``q`` as a float in [0, 1], or a TypeError or ValueError naming it."""
    if isinstance(q, (bool, np.bool_)) or not isinstance(q, (int, float, np.integer, np.floating)):
        raise TypeError(f"`q` must be a real number, got {type(q).__name__}")
    q = float(q)
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"`q` must be in [0, 1], got {q}")
    return q


@documented
def move_rank(a, window, min_count=None, axis=-1, out=None):
    """Moving window rank of the newest element along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${window}
    ${min_count}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        Where each window's newest element ranks among the window's non-NaN values,
        scaled to [-1, 1]: -1 the least, 1 the greatest, 0 for a window of one value;
        equal values share the mean of their ranks. NaN where the newest element is NaN.
        float32 for float32 input and float64 otherwise, laid out in memory like the
        input. O(log window) per element plus the shift of the sorted window, where
        bottleneck compares the newest element with the whole window.

    See Also
    --------
    bottleneck.move_rank

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_rank(np.array([1.0, 2.0, 2.0, 3.0, 1.0, np.nan]), window=3, min_count=1)
    array([ 0. ,  1. ,  0.5,  1. , -1. ,  nan])
    """
    return _move("move_rank", a, window, min_count, axis, out)
