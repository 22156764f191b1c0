"""Reductions: NaN-aware functions that reduce one axis, several, or all of them.

Each wrapper checks what bottleneck checks and hands its input to parafunc._reduction,
which converts it (parafunc._axis.as_native_array) unless a direct call takes it as it is,
and handles the axes; the kernels are in src/kernels/reduce*.hpp.
"""

from __future__ import annotations

import numpy as np

from . import gufuncs
from ._axis import as_native_array, float_result_dtype
from ._docs import documented
from ._reduction import Reduction, as_ddof, require_nonempty
from ._tbb import load_extension

_core = load_extension()


def _same(dtype: np.dtype) -> np.dtype:
    return dtype


def _intp(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.intp)


def _bool(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.bool_)


def _reduction(name: str, output_dtype, c_order: bool = False) -> Reduction:
    return Reduction(
        getattr(gufuncs, name),
        getattr(_core, f"_{name}_middle"),
        output_dtype,
        c_order,
        runs=getattr(_core, f"_{name}_runs"),
        direct=getattr(_core, f"_{name}_direct"),
    )


_NANSUM = _reduction("nansum", _same)
_NANMEAN = _reduction("nanmean", float_result_dtype)
_NANVAR = _reduction("nanvar", float_result_dtype)
_NANSTD = _reduction("nanstd", float_result_dtype)
_NANMIN = _reduction("nanmin", _same)
_NANMAX = _reduction("nanmax", _same)
_NANARGMIN = _reduction("nanargmin", _intp, c_order=True)
_NANARGMAX = _reduction("nanargmax", _intp, c_order=True)
_SS = _reduction("ss", _same)
_ANYNAN = _reduction("anynan", _bool)
_ALLNAN = _reduction("allnan", _bool)
_NANCOUNT = _reduction("nancount", _intp)


@documented
def nansum(a, axis=None, out=None, keepdims=False):
    """Sum of array elements along an axis, treating NaN as zero.

    Parameters
    ----------
    ${a}
    ${axis}
    ${out}
    ${keepdims}

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
    return _NANSUM.reduce(a, axis, out, keepdims)


@documented
def nanmean(a, axis=None, out=None, keepdims=False):
    """Mean of array elements along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${axis}
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The mean of the non-NaN elements, float32 for float32 input and float64
        otherwise; NaN for an empty or all-NaN slice (without a warning). The sum is
        compensated and accumulated in float64 (float32 too).

    See Also
    --------
    bottleneck.nanmean, numpy.nanmean

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanmean(np.array([1.0, np.nan, 4.0]))
    np.float64(2.5)
    >>> pf.nanmean(np.array([[1, 2], [3, 4]]), axis=1)
    array([1.5, 3.5])
    >>> pf.nanmean(np.full(10**6, 0.1, dtype=np.float32))  # numpy gives 0.10000137
    np.float32(0.1)
    """
    return _NANMEAN.reduce(a, axis, out, keepdims)


@documented
def nanvar(a, axis=None, ddof=0, out=None, keepdims=False):
    """Variance along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${axis}
    ddof : int, optional
        Delta degrees of freedom: the divisor is ``N - ddof`` for ``N`` non-NaN
        elements. Default 0.
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The variance, float32 for float32 input and float64 otherwise; NaN where
        ``N - ddof <= 0`` or an element is infinite. Computed in float64 by a
        corrected two-pass method on cache-sized chunks merged pairwise: never
        negative, exactly 0 for constant data, and accurate on data with a large
        offset.

    See Also
    --------
    nanstd, bottleneck.nanvar, numpy.nanvar

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanvar(np.array([1.0, 2.0, np.nan, 3.0, 4.0]))
    np.float64(1.25)
    >>> pf.nanvar(np.array([[1.0, 2.0], [3.0, 5.0]]), axis=1, ddof=1)
    array([0.5, 2. ])
    >>> pf.nanvar(1e9 + np.array([0.0, 1.0, 2.0]))  # exact; bottleneck: 0.666666507...
    np.float64(0.6666666666666666)
    """
    return _NANVAR.reduce(a, axis, out, keepdims, (as_ddof(ddof),))


@documented
def nanstd(a, axis=None, ddof=0, out=None, keepdims=False):
    """Standard deviation along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${axis}
    ddof : int, optional
        Delta degrees of freedom: the divisor is ``N - ddof`` for ``N`` non-NaN
        elements. Default 0.
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The square root of :func:`nanvar`, with its dtype, NaN rules and accuracy.

    See Also
    --------
    nanvar, bottleneck.nanstd, numpy.nanstd

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanstd(np.array([1.0, np.nan, 3.0]))
    np.float64(1.0)
    >>> pf.nanstd(np.array([[1.0, 1.0], [3.0, 5.0]]), axis=1, ddof=1)
    array([0.        , 1.41421356])
    """
    return _NANSTD.reduce(a, axis, out, keepdims, (as_ddof(ddof),))


@documented
def nanmin(a, axis=None, out=None, keepdims=False):
    """Minimum along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${axis}
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The smallest non-NaN element, of the input's dtype; NaN for an all-NaN slice
        (without a warning).

    Raises
    ------
    ValueError
        If a reduced slice is empty (as bottleneck and NumPy).

    See Also
    --------
    nanmax, nanargmin, bottleneck.nanmin, numpy.nanmin

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanmin(np.array([3.0, np.nan, 1.0]))
    np.float64(1.0)
    >>> pf.nanmin(np.array([[1, 5], [4, 2]]), axis=0)
    array([1, 2])
    """
    a = as_native_array(a)
    if a.size == 0:
        require_nonempty("nanmin", a, axis)
    return _NANMIN.reduce(a, axis, out, keepdims)


@documented
def nanmax(a, axis=None, out=None, keepdims=False):
    """Maximum along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    ${axis}
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The largest non-NaN element, of the input's dtype; NaN for an all-NaN slice
        (without a warning).

    Raises
    ------
    ValueError
        If a reduced slice is empty (as bottleneck and NumPy).

    See Also
    --------
    nanmin, nanargmax, bottleneck.nanmax, numpy.nanmax

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanmax(np.array([3.0, np.nan, 1.0]))
    np.float64(3.0)
    >>> pf.nanmax(np.array([[1, 5], [4, 2]]), axis=1)
    array([5, 4])
    """
    a = as_native_array(a)
    if a.size == 0:
        require_nonempty("nanmax", a, axis)
    return _NANMAX.reduce(a, axis, out, keepdims)


@documented
def nanargmin(a, axis=None, out=None, keepdims=False):
    """Indices of the minimum values along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    axis : int or None, optional
        Axis along which to search. The default, None, searches the flattened array (C
        order), as NumPy does.
    out : ndarray, optional
        Where to put the result: exactly the result's shape, of dtype intp.
    keepdims : bool, optional
        Keep the reduced axis, with length one.

    Returns
    -------
    index : ndarray or scalar
        The index (intp) of the first smallest non-NaN element.

    Raises
    ------
    ValueError
        If a slice is all NaN ("All-NaN slice encountered") or empty.

    See Also
    --------
    nanargmax, nanmin, bottleneck.nanargmin, numpy.nanargmin

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanargmin(np.array([3.0, np.nan, 1.0, 1.0]))
    np.int64(2)
    >>> pf.nanargmin(np.array([[1, 5], [4, 2]]), axis=1)
    array([0, 1])
    """
    a = as_native_array(a)
    if a.size == 0:
        require_nonempty("nanargmin", a, axis)
    return _NANARGMIN.reduce(a, axis, out, keepdims)


@documented
def nanargmax(a, axis=None, out=None, keepdims=False):
    """Indices of the maximum values along an axis, ignoring NaN.

    Parameters
    ----------
    ${a}
    axis : int or None, optional
        Axis along which to search. The default, None, searches the flattened array (C
        order), as NumPy does.
    out : ndarray, optional
        Where to put the result: exactly the result's shape, of dtype intp.
    keepdims : bool, optional
        Keep the reduced axis, with length one.

    Returns
    -------
    index : ndarray or scalar
        The index (intp) of the first largest non-NaN element.

    Raises
    ------
    ValueError
        If a slice is all NaN ("All-NaN slice encountered") or empty.

    See Also
    --------
    nanargmin, nanmax, bottleneck.nanargmax, numpy.nanargmax

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanargmax(np.array([3.0, np.nan, 5.0, 5.0]))
    np.int64(2)
    >>> pf.nanargmax(np.array([[1, 5], [4, 2]]), axis=0)
    array([1, 0])
    """
    a = as_native_array(a)
    if a.size == 0:
        require_nonempty("nanargmax", a, axis)
    return _NANARGMAX.reduce(a, axis, out, keepdims)


@documented
def ss(a, axis=None, out=None, keepdims=False):
    """Sum of the squares of the elements along an axis. NaN is not skipped.

    Parameters
    ----------
    ${a}
    ${axis}
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The sum of squares, of the input's dtype (as bottleneck); NaN where a slice holds
        a NaN; 0 for an empty slice. Floats are accumulated in float64 with compensated
        summation; integer sums wrap around on overflow, as in bottleneck.

    See Also
    --------
    bottleneck.ss

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.ss(np.array([1.0, 2.0, 3.0]))
    np.float64(14.0)
    >>> pf.ss(np.array([[1, 2], [3, 4]]), axis=1)
    array([ 5, 25])
    """
    return _SS.reduce(a, axis, out, keepdims)


@documented
def anynan(a, axis=None, out=None, keepdims=False):
    """Whether any element along an axis is NaN.

    Parameters
    ----------
    ${a}
    ${axis}
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or bool
        True where a slice holds a NaN; False for integers and empty slices. The scan of
        a slice stops at its first NaN.

    See Also
    --------
    allnan, bottleneck.anynan

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.anynan(np.array([1.0, np.nan]))
    np.True_
    >>> pf.anynan(np.array([[1.0, np.nan], [3.0, 4.0]]), axis=1)
    array([ True, False])
    """
    return _ANYNAN.reduce(a, axis, out, keepdims)


@documented
def allnan(a, axis=None, out=None, keepdims=False):
    """Whether every element along an axis is NaN.

    Parameters
    ----------
    ${a}
    ${axis}
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or bool
        True where a slice holds only NaN, and for empty slices (as bottleneck); False
        for non-empty integer slices. The scan of a slice stops at its first number.

    See Also
    --------
    anynan, bottleneck.allnan

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.allnan(np.array([np.nan, np.nan]))
    np.True_
    >>> pf.allnan(np.array([[np.nan, np.nan], [np.nan, 4.0]]), axis=1)
    array([ True, False])
    """
    return _ALLNAN.reduce(a, axis, out, keepdims)


@documented
def nancount(a, axis=None, out=None, keepdims=False):
    """Number of non-NaN elements along an axis.

    Parameters
    ----------
    ${a}
    ${axis}
    ${out}
    ${keepdims}

    Returns
    -------
    y : ndarray or scalar
        The count, of dtype intp (every element, for integers).

    See Also
    --------
    numbagg.nancount

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nancount(np.array([1.0, np.nan, 3.0]))
    np.int64(2)
    >>> pf.nancount(np.array([[1.0, np.nan], [np.nan, np.nan]]), axis=1)
    array([1, 0])
    """
    return _NANCOUNT.reduce(a, axis, out, keepdims)
