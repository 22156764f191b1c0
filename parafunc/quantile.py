"""Medians and quantiles: order statistics found by selection in scratch memory.

The kernels (src/kernels/quantile.hpp) copy each slice into per-thread scratch and select
the order statistics there (never a full sort, never a change to the caller's array).
median and nanmedian use the shared reduction driver (parafunc._reduction); nanquantile
and nanpercentile have a core output dimension, one result per quantile, which NumPy puts
first in the result.
"""

from __future__ import annotations

import numpy as np

from . import gufuncs
from ._axis import as_native_array, check_out, float_result_dtype, middle_axis_view
from ._docs import documented
from ._reduction import Reduction, merged_copy, merged_view, reduced_axes
from ._tbb import load_extension

_core = load_extension()


_MEDIAN = Reduction(
    gufuncs.median, _core._median_middle, float_result_dtype, direct=_core._median_direct
)
_NANMEDIAN = Reduction(
    gufuncs.nanmedian, _core._nanmedian_middle, float_result_dtype, direct=_core._nanmedian_direct
)


@documented
def median(a, axis=None, out=None, keepdims=False):
    """Median along an axis; a slice holding a NaN gives NaN.

    Parameters
    ----------
    ${a}
    axis : int, tuple of ints or None, optional
        Axis or axes along which to take the median. The default, None, takes it of
        every element.
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The median, float32 for float32 input and float64 otherwise: the middle element,
        or the mean of the two middle elements of an even count. NaN for a slice that
        holds a NaN, and for an empty slice.

    See Also
    --------
    nanmedian, bottleneck.median, numpy.median

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.median(np.array([3.0, 1.0, 4.0, 1.0]))
    np.float64(2.0)
    >>> pf.median(np.array([[1.0, np.nan], [2.0, 5.0]]), axis=1)
    array([nan, 3.5])
    """
    return _MEDIAN.reduce(a, axis, out, keepdims)


@documented
def nanmedian(a, axis=None, out=None, keepdims=False):
    """Median along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    axis : int, tuple of ints or None, optional
        Axis or axes along which to take the median. The default, None, takes it of
        every element.
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The median of the non-NaN elements, float32 for float32 input and float64
        otherwise; NaN for an all-NaN or empty slice (without a warning).

    See Also
    --------
    median, nanquantile, bottleneck.nanmedian, numpy.nanmedian

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanmedian(np.array([3.0, np.nan, 1.0, 4.0]))
    np.float64(3.0)
    >>> pf.nanmedian(np.array([[1.0, np.nan], [2.0, 5.0]]), axis=1)
    array([1. , 3.5])
    """
    return _NANMEDIAN.reduce(a, axis, out, keepdims)


@documented
def nanquantile(a, q, axis=None, out=None, keepdims=False):
    """Quantiles along an axis, ignoring NaN, by NumPy's default ('linear') method.

    Parameters
    ----------
    ${a}
    q : float or array_like of float
        Quantile or quantiles to compute, each between 0 and 1 inclusive.
    axis : int, tuple of ints or None, optional
        Axis or axes along which to compute them. The default, None, uses every element.
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        ``q.shape + `` the reduced shape (NumPy's convention), float32 for float32 input
        and float64 otherwise. For finite data the same bits as ``numpy.nanquantile``;
        NaN for an all-NaN or empty slice (without a warning). Where the two elements to
        interpolate between include an infinity, the limit of the interpolation (NumPy
        gives NaN there, even for ``q=0`` of ``[1, inf]``).

    Raises
    ------
    ValueError
        If a quantile is outside [0, 1] or NaN.

    See Also
    --------
    nanpercentile, nanmedian, numpy.nanquantile, numbagg.nanquantile

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> x = np.array([[1.0, 2.0, 3.0, 4.0], [10.0, np.nan, 30.0, 40.0]])
    >>> pf.nanquantile(x, 0.5, axis=1)
    array([ 2.5, 30. ])
    >>> pf.nanquantile(x, [0.25, 0.75], axis=1)
    array([[ 1.75, 20.  ],
           [ 3.25, 35.  ]])
    """
    q = _checked(q, 1, "Quantiles must be in the range [0, 1]")
    return _quantiles(as_native_array(a), q, axis, out, keepdims)


@documented
def nanpercentile(a, q, axis=None, out=None, keepdims=False):
    """Percentiles along an axis, ignoring NaN: :func:`nanquantile` of ``q / 100``.

    Parameters
    ----------
    ${a}
    q : float or array_like of float
        Percentile or percentiles to compute, each between 0 and 100 inclusive.
    axis : int, tuple of ints or None, optional
        Axis or axes along which to compute them. The default, None, uses every element.
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        As :func:`nanquantile`; the same bits as ``numpy.nanpercentile`` for finite data
        (``q`` is divided by 100 in float64 first, as NumPy does).

    Raises
    ------
    ValueError
        If a percentile is outside [0, 100] or NaN.

    See Also
    --------
    nanquantile, numpy.nanpercentile

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanpercentile(np.array([1.0, np.nan, 2.0, 3.0, 4.0]), [0, 50, 90])
    array([1. , 2.5, 3.7])
    """
    q = _checked(q, 100, "Percentiles must be in the range [0, 100]")
    return _quantiles(as_native_array(a), np.true_divide(q, 100), axis, out, keepdims)


def _checked(q, top: float, message: str) -> np.ndarray:
    """``q`` as float64, or ValueError(message) unless every value is in [0, top]."""
    q = np.asarray(q, dtype=np.float64)
    if q.size and not (q.min() >= 0 and q.max() <= top):  # NaN fails both
        raise ValueError(message)
    return q


def _quantiles(a: np.ndarray, q: np.ndarray, axis, out, keepdims):
    """nanquantile of a checked float64 ``q`` of any shape: the gufunc with the quantile
    axis first, then reshaped to ``q.shape + `` the reduced shape."""
    if axis is None and a.ndim == 1 and out is None and not keepdims:  # small calls first
        result = gufuncs.nanquantile(a, q.reshape(-1)).reshape(q.shape)
        return result[()] if result.ndim == 0 else result
    axes = reduced_axes(axis, a.ndim)
    kept = tuple(n for i, n in enumerate(a.shape) if i not in axes)
    if keepdims:
        shape = q.shape + tuple(1 if i in axes else n for i, n in enumerate(a.shape))
    else:
        shape = q.shape + kept
    if out is not None:
        check_out(out, shape, float_result_dtype(a.dtype))
    quantiles = q.reshape(-1)
    middle = middle_axis_view(a, axes[0]) if len(axes) == 1 else None
    if middle is not None:
        view, order = middle
        result = np.empty(
            (quantiles.size, view.shape[0], view.shape[2]),
            dtype=float_result_dtype(a.dtype),
            order=order,
        )
        _core._nanquantile_middle(view, quantiles, out=result.transpose(1, 0, 2))
        result = result.reshape((quantiles.size, *kept), order=order)
    elif len(axes) == 1:
        result = gufuncs.nanquantile(a, quantiles, axes=[axes, (0,), (0,)])
    else:  # the selection copies each slice anyway: a copy of the input costs little more
        view = merged_view(a, axes, c_order=False)
        if view is None:
            view = merged_copy(a, axes, c_order=False)
        result = gufuncs.nanquantile(view, quantiles, axes=[(-1,), (0,), (0,)])
    result = np.reshape(result, shape)
    if out is None:
        return result[()] if result.ndim == 0 else result
    out[...] = result  # a quantile's work is the selection: a copy of the result is small
    return out
