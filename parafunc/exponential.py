"""Exponential moving windows (numbagg's ``move_exp_*``): each output weighs the elements
up to it, the one k steps back by ``(1 - alpha)**k``, skipping NaN while the weights still
decay. The kernels are in src/kernels/exponential.hpp.

numbagg's semantics (names, alpha and min_weight, NaN rules, the bias correction of the
(co)variances), with these differences, each where numbagg's float64 arithmetic is the
cause: variances and correlations come from deviations, not power sums (no cancellation);
where fewer than two elements weigh anything they are NaN (numbagg divides rounding noise
by rounding noise there); a float32 input gives float32 (numbagg: float64, its alpha being
float64); with alpha = 1 an infinity is forgotten at the next element (numbagg computes
inf * 0 and stays NaN).
"""

from __future__ import annotations

import numbers

import numpy as np

from . import gufuncs
from ._axis import along_axis, as_native_array, float_result_dtype, normalize_axis
from ._docs import documented
from ._tbb import load_extension

_core = load_extension()


def _as_real(value: object, name: str) -> float:
    """``value`` as a Python float, or TypeError naming ``name``."""
    if type(value) is float:  # the common case first
        return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        hint = ""
        if isinstance(value, np.ndarray):
            hint = (
                " (one value for every series; the raw gufunc in parafunc.gufuncs broadcasts"
                " an array of them against the series)"
            )
        raise TypeError(f"`{name}` must be a real number, got {type(value).__name__}{hint}")
    return float(value)


def _exp_arguments(alpha, min_weight) -> tuple[float, float]:
    """Checked (alpha, min_weight)."""
    alpha = _as_real(alpha, "alpha")
    if not 0.0 < alpha <= 1.0:
        raise ValueError(f"`alpha` must be in (0, 1], got {alpha!r}")
    min_weight = _as_real(min_weight, "min_weight")
    if not min_weight >= 0.0:
        raise ValueError(f"`min_weight` must be at least 0, got {min_weight!r}")
    return alpha, min_weight


def _paired(a, b) -> tuple[np.ndarray, np.ndarray]:
    """``a`` and ``b`` in their common native dtype (exactly: float32 and float64 pairs go
    to float64, integers with floats to float64), broadcast against each other."""
    a, b = as_native_array(a), as_native_array(b)
    if a.dtype != b.dtype:
        common = np.promote_types(a.dtype, b.dtype)
        a, b = a.astype(common, copy=False), b.astype(common, copy=False)
    if a.shape != b.shape:
        try:
            a, b = np.broadcast_arrays(a, b)
        except ValueError:
            raise ValueError(
                f"`a` and `b` cannot be broadcast together: shapes {a.shape} and {b.shape}"
            ) from None
    return a, b


def _move_exp(name: str, arrays: tuple[np.ndarray, ...], alpha, min_weight, axis, out):
    """Run the exponential gufunc ``name`` (or its middle-axis companion) on ``arrays`` (of
    one native dtype and shape) along ``axis``."""
    axis = normalize_axis(axis, arrays[0].ndim)
    alpha, min_weight = _exp_arguments(alpha, min_weight)
    dtype = float_result_dtype(arrays[0].dtype)
    gufunc, middle = getattr(gufuncs, name), getattr(_core, f"_{name}_middle")
    return along_axis(gufunc, middle, arrays, (alpha, min_weight), axis, out, dtype)


@documented
def move_exp_nanmean(a, alpha, min_weight=0, axis=-1, out=None):
    """Exponentially weighted moving mean along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${alpha}
    ${min_weight}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        ``sum(w_k x_k) / sum(w_k)`` over the non-NaN elements up to each position,
        ``w_k = (1 - alpha)**k`` for the element k steps back: float32 for float32 input
        (numbagg: float64), else float64, laid out like the input. NaN before the first
        non-NaN element; +-inf from an infinity on (NaN once both signs came: it never
        weighs exactly 0). A weighted running mean (West's update) in float64: the mean
        of equal values is that value exactly, and rounding errors fade with their
        weight, so the result does not drift over long series.

    See Also
    --------
    numbagg.move_exp_nanmean, pandas.DataFrame.ewm

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_exp_nanmean(np.array([1.0, 2.0, np.nan, 4.0]), alpha=0.5)
    array([1.        , 1.66666667, 1.66666667, 3.36363636])

    With ``min_weight``: the weight is 0.5, 0.75, 0.375, 0.6875 here.

    >>> pf.move_exp_nanmean(np.array([1.0, 2.0, np.nan, 4.0]), 0.5, min_weight=0.7)
    array([       nan, 1.66666667,        nan,        nan])
    """
    return _move_exp("move_exp_nanmean", (as_native_array(a),), alpha, min_weight, axis, out)


@documented
def move_exp_nansum(a, alpha, min_weight=0, axis=-1, out=None):
    """Exponentially weighted moving sum along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${alpha}
    ${min_weight}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        ``sum(w_k x_k)`` over the non-NaN elements up to each position,
        ``w_k = (1 - alpha)**k``: float32 for float32 input, else float64. NaN before the
        first non-NaN element (0 after a long run of NaN, as the sum decays); +-inf from
        an infinity on (NaN once both signs came).

    See Also
    --------
    numbagg.move_exp_nansum

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_exp_nansum(np.array([np.nan, 1.0, 2.0, np.nan, 4.0]), alpha=0.5)
    array([  nan, 1.   , 2.5  , 1.25 , 4.625])
    """
    return _move_exp("move_exp_nansum", (as_native_array(a),), alpha, min_weight, axis, out)


@documented
def move_exp_nancount(a, alpha, min_weight=0, axis=-1, out=None):
    """Exponentially weighted moving count of the non-NaN elements along an axis.

    Parameters
    ----------
    ${a}
    ${alpha}
    ${min_weight}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        ``sum(w_k)`` over the non-NaN elements up to each position (infinities count),
        ``w_k = (1 - alpha)**k``: float32 for float32 input, else float64; 0 before the
        first one.

    See Also
    --------
    numbagg.move_exp_nancount

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_exp_nancount(np.array([1.0, np.nan, 3.0, 4.0]), alpha=0.5)
    array([1.   , 0.5  , 1.25 , 1.625])
    """
    return _move_exp("move_exp_nancount", (as_native_array(a),), alpha, min_weight, axis, out)


_VARIANCE_RETURNS = """The bias-corrected weighted {what}, ``S W / D``: ``S`` the decayed sum of
        {products}, ``W = sum(w_k)`` and ``D = W**2 - sum(w_k**2)`` (numbagg's and pandas'
        correction ``1 - sum(w_k**2) / W**2``, kept as D, which does not cancel); float32
        for float32 input, else float64. NaN where fewer than two non-NaN {elements} weigh
        anything, and from an infinity on. Deviations from a weighted running mean (West's
        update) rather than numbagg's raw power sums: exactly 0 for equal values{never},
        accurate for data far from 0 (numbagg keeps no digit of the variance of
        1e9 + N(0, 1))."""


def _variance_doc(what: str, products: str, elements: str, never: str = ""):
    """The decorator substituting the (co)variance's shared Returns text, then the shared
    parameter descriptions (documented)."""

    def decorate(func):
        text = _VARIANCE_RETURNS.format(
            what=what, products=products, elements=elements, never=never
        )
        func.__doc__ = func.__doc__.replace("${variance_returns}", text)
        return documented(func)

    return decorate


@_variance_doc("variance", "``w_k (x_k - mean)**2``", "elements", ", never negative")
def move_exp_nanvar(a, alpha, min_weight=0, axis=-1, out=None):
    """Exponentially weighted moving variance along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${alpha}
    ${min_weight}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        ${variance_returns}

    See Also
    --------
    numbagg.move_exp_nanvar, move_exp_nanstd

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_exp_nanvar(np.array([1.0, 2.0, np.nan, 4.0]), alpha=0.5)
    array([       nan, 0.5       , 0.5       , 2.65384615])
    """
    return _move_exp("move_exp_nanvar", (as_native_array(a),), alpha, min_weight, axis, out)


@documented
def move_exp_nanstd(a, alpha, min_weight=0, axis=-1, out=None):
    """Exponentially weighted moving standard deviation along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${alpha}
    ${min_weight}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        The square root of :func:`move_exp_nanvar` (numbagg's and pandas' definition),
        with its rules.

    See Also
    --------
    numbagg.move_exp_nanstd, move_exp_nanvar

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.move_exp_nanstd(np.array([1.0, 3.0, 3.0, np.nan]), alpha=0.5)
    array([       nan, 1.41421356, 0.9258201 , 0.9258201 ])
    """
    return _move_exp("move_exp_nanstd", (as_native_array(a),), alpha, min_weight, axis, out)


@_variance_doc("covariance", "``S W / D``, ``S = sum(w_k (a_k - mean_a) (b_k - mean_b))``", "pairs")
def move_exp_nancov(a, b, alpha, min_weight=0, axis=-1, out=None):
    """Exponentially weighted moving covariance of two arrays along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${b}
    ${alpha}
    ${min_weight}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        ${variance_returns}

    See Also
    --------
    numbagg.move_exp_nancov, move_exp_nancorr

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> a = np.array([1.0, 2.0, 4.0, np.nan, 3.0])
    >>> b = np.array([2.0, 1.0, 5.0, 3.0, 3.0])
    >>> pf.move_exp_nancov(a, b, alpha=0.5)
    array([        nan, -0.5       ,  3.5       ,  3.5       ,  1.27777778])
    """
    return _move_exp("move_exp_nancov", _paired(a, b), alpha, min_weight, axis, out)


@documented
def move_exp_nancorr(a, b, alpha, min_weight=0, axis=-1, out=None):
    """Exponentially weighted moving correlation of two arrays along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${b}
    ${alpha}
    ${min_weight}
    ${moving_axis}
    ${moving_out}

    Returns
    -------
    y : ndarray
        ``S_ab / sqrt(S_aa S_bb)``, the decayed sums of products of deviations from the
        weighted means (weights and bias corrections cancel): float32 for float32 input,
        else float64. NaN where fewer than two pairs weigh anything, where either series is
        constant so far, and from an infinity on. ``move_exp_nancorr(a, a)`` is exactly 1
        wherever defined.

    See Also
    --------
    numbagg.move_exp_nancorr, move_exp_nancov

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> a = np.array([1.0, 2.0, 4.0, np.nan, 3.0])
    >>> b = np.array([2.0, 1.0, 5.0, 3.0, 3.0])
    >>> pf.move_exp_nancorr(a, b, alpha=0.5)
    array([        nan, -1.        ,  0.90912377,  0.90912377,  0.89244968])
    """
    return _move_exp("move_exp_nancorr", _paired(a, b), alpha, min_weight, axis, out)
