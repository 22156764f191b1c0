"""Two-input moving windows: each output element summarises the pairs (a[i], b[i]) of the
window ending there (numbagg's move_cov and move_corr)."""

from __future__ import annotations

import numpy as np

from ._axis import NATIVE_DTYPES, native_dtype
from ._docs import documented
from .moving import _move_arrays


def _native_pair(a, b) -> tuple[np.ndarray, np.ndarray]:
    """``a`` and ``b`` as ndarrays of one shape and one native dtype: the native dtype of
    NumPy's promotion of theirs (float32 and int32 give float64, as in NumPy)."""
    if not (
        type(a) is np.ndarray
        and type(b) is np.ndarray
        and a.dtype == b.dtype
        and a.dtype in NATIVE_DTYPES
    ):
        a, b = np.asarray(a), np.asarray(b)
        native_dtype(a.dtype), native_dtype(b.dtype)  # a TypeError unless real numbers
        dtype = native_dtype(np.result_type(a.dtype, b.dtype))
        a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
    if a.shape != b.shape:
        raise ValueError(f"`a` and `b` must have the same shape, got {a.shape} and {b.shape}")
    return a, b


def _move_pair(name: str, a, b, window, min_count, axis, out):
    return _move_arrays(name, _native_pair(a, b), window, min_count, axis, out, ())


@documented
def move_cov(a, b, window, min_count=None, axis=-1, out=None):
    """Moving window covariance of two arrays along an axis, ignoring pairs with NaN.

    Parameters
    ----------
    ${a_b}
    ${window}
    ${pair_min_count}
    ${moving_axis}
    ${pair_out}

    Returns
    -------
    y : ndarray
        The sample covariance (divisor ``count - 1``, as numbagg and pandas) of the pairs
        ``(a[i], b[i])`` of each window in which neither is NaN, float32 for float32
        inputs and float64 otherwise, laid out in memory like ``a``. NaN where the window
        holds fewer than ``max(min_count, 2)`` such pairs, or a pair with +-inf; exactly 0
        where either array is constant over the window's pairs. Running sums around each
        window's means, recomputed from the window (compensated) every 8 windows and
        whenever rounding could cost more than 8 bits: no drift over long series, no loss
        to large offsets or trends (numbagg sums raw products: its correlations of two
        series around 1e8 with unit noise come out as far as 3.6 from the truth).

    See Also
    --------
    numbagg.move_cov, move_corr, pandas.core.window.rolling.Rolling.cov

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> a = np.array([1.0, 2.0, 4.0, np.nan, 8.0])
    >>> b = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    >>> pf.move_cov(a, b, window=3, min_count=2)
    array([ nan,  1. ,  0.5, -1. ,  4. ])
    """
    return _move_pair("move_cov", a, b, window, min_count, axis, out)


@documented
def move_corr(a, b, window, min_count=None, axis=-1, out=None):
    """Moving window correlation of two arrays along an axis, ignoring pairs with NaN.

    Parameters
    ----------
    ${a_b}
    ${window}
    ${pair_min_count}
    ${moving_axis}
    ${pair_out}

    Returns
    -------
    y : ndarray
        Pearson's correlation of the pairs ``(a[i], b[i])`` of each window in which
        neither is NaN, in [-1, 1], float32 for float32 inputs and float64 otherwise, laid
        out in memory like ``a``. NaN where the window holds fewer than
        ``max(min_count, 2)`` such pairs or a pair with +-inf, and where either array is
        constant over the window's pairs (a zero variance, as numbagg). Computed as
        :func:`move_cov`, with the same accuracy.

    See Also
    --------
    numbagg.move_corr, move_cov, pandas.core.window.rolling.Rolling.corr

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> a = np.array([1.0, 2.0, 4.0, np.nan, 8.0, 8.0])
    >>> b = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 6.0])
    >>> pf.move_corr(a, b, window=3, min_count=2)
    array([        nan,  1.        ,  0.32732684, -1.        ,  1.        ,
                   nan])
    """
    return _move_pair("move_corr", a, b, window, min_count, axis, out)
