"""Whole-series orderings: ranks (rankdata, nanrankdata) and partitions (partition,
argpartition).

The kernels (src/kernels/ranks.hpp) copy each series into per-thread scratch (never a
change to the caller's array): the ranks radix-sort (key, position) pairs, a pass per byte
of the key, and average the ranks of equal values; the partitions select the kth value in
linear time with the selection the medians use. Results are shaped like the input (flattened for
``axis=None``), as bottleneck's.
"""

from __future__ import annotations

import numpy as np

from . import gufuncs
from ._axis import (
    NATIVE_DTYPES,
    along_axis,
    as_integer,
    as_native,
    check_out,
    normalize_axis,
    small_intp,
)
from ._tbb import load_extension

_core = load_extension()

_FLOAT64 = np.dtype(np.float64)
_INTP = np.dtype(np.intp)
_UINT64 = np.dtype(np.uint64)


def rankdata(a, axis=None, out=None):
    """Rank the data along an axis, ties averaged; NaN ranks after every number.

    Parameters
    ----------
    a : array_like
        Input array. float32, float64, int32 and int64 run natively (float32 compared as
        float32, integers as integers); other real dtypes are ranked exactly after an
        order-preserving conversion to one of them.
    axis : int or None, optional
        Axis along which to rank. The default, None, ranks the flattened array (C order).
    out : ndarray, optional
        Where to put the ranks: float64, of the result's shape; it may be the input itself
        (float64 input). The fastest way to call this repeatedly.

    Returns
    -------
    y : ndarray
        float64 ranks from 1, shaped like ``a`` (1-D of ``a.size`` for ``axis=None``).
        Equal values share the mean of the ranks they span; ``-0.0`` ties with ``0.0``.
        NaNs rank after every number, each its own rank, in order of position (as
        bottleneck's, whose order among NaNs follows NumPy's argsort).

    See Also
    --------
    nanrankdata, bottleneck.rankdata, scipy.stats.rankdata

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.rankdata(np.array([0.0, 2.0, 2.0, 3.0]))
    array([1. , 2.5, 2.5, 4. ])
    >>> pf.rankdata(np.array([[0, 2], [2, 3]]), axis=0)
    array([[1., 1.],
           [2., 2.]])
    >>> pf.rankdata(np.array([3.0, np.nan, 1.0]))
    array([2., 3., 1.])
    """
    return _ranks(gufuncs.rankdata, _core._rankdata_middle, a, axis, out)


def nanrankdata(a, axis=None, out=None):
    """Rank the non-NaN data along an axis, ties averaged; NaN stays NaN.

    Parameters
    ----------
    a : array_like
        Input array. float32, float64, int32 and int64 run natively (float32 compared as
        float32, integers as integers); other real dtypes are ranked exactly after an
        order-preserving conversion to one of them.
    axis : int or None, optional
        Axis along which to rank. The default, None, ranks the flattened array (C order).
    out : ndarray, optional
        Where to put the ranks: float64, of the result's shape; it may be the input itself
        (float64 input). The fastest way to call this repeatedly.

    Returns
    -------
    y : ndarray
        float64 ranks from 1 among the non-NaN elements of each slice, NaN where ``a`` is
        NaN; shaped like ``a`` (1-D of ``a.size`` for ``axis=None``). Equal values share
        the mean of the ranks they span.

    See Also
    --------
    rankdata, bottleneck.nanrankdata

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> pf.nanrankdata(np.array([3.0, np.nan, 1.0, 1.0]))
    array([3. , nan, 1.5, 1.5])
    >>> pf.nanrankdata(np.array([[np.nan, 2.0], [5.0, 4.0]]), axis=1)
    array([[nan,  1.],
           [ 2.,  1.]])
    """
    return _ranks(gufuncs.nanrankdata, _core._nanrankdata_middle, a, axis, out)


def partition(a, kth, axis=-1, out=None):
    """A copy of ``a`` partitioned along an axis around index ``kth``.

    Parameters
    ----------
    a : array_like
        Input array. float32, float64, int32 and int64 run natively; other real dtypes
        are partitioned by ``numpy.partition``, keeping their dtype.
    kth : int
        The index whose element is put in its sorted place: from ``-n`` to ``n - 1`` for
        an axis of length ``n``, negative counting from the end (as NumPy; bottleneck
        refuses a negative ``kth``).
    axis : int or None, optional
        Axis along which to partition. Default: the last. None partitions the flattened
        array (C order).
    out : ndarray, optional
        Where to put the result: the input's dtype, of the result's shape; it may be the
        input itself.

    Returns
    -------
    y : ndarray
        Of ``a``'s dtype and shape (1-D for ``axis=None``). Along the axis, the element at
        ``kth`` is the one a sort would put there; none before it is larger and none after
        it smaller; the order within each side is unspecified. NaN counts as larger than
        every number, as in ``numpy.partition`` (bottleneck's result is undefined with NaN).

    Raises
    ------
    ValueError
        If ``kth`` is out of range for a non-empty axis.

    See Also
    --------
    argpartition, bottleneck.partition, numpy.partition

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> y = pf.partition(np.array([7.0, 1.0, np.nan, 3.0, 5.0]), kth=2)
    >>> y[2]
    np.float64(5.0)
    >>> bool(y[:2].max() <= 5.0 and np.isnan(y[4]))
    True
    """
    return _partition(gufuncs.partition, _core._partition_middle, np.partition, a, kth, axis, out)


def argpartition(a, kth, axis=-1, out=None):
    """The indices that partition ``a`` along an axis around index ``kth``.

    Parameters
    ----------
    a : array_like
        Input array. float32, float64, int32 and int64 run natively; other real dtypes
        go through ``numpy.argpartition``.
    kth : int
        The index whose element is put in its sorted place: from ``-n`` to ``n - 1`` for
        an axis of length ``n``, negative counting from the end (as NumPy; bottleneck
        refuses a negative ``kth``).
    axis : int or None, optional
        Axis along which to partition. Default: the last. None partitions the flattened
        array (C order) and gives indices into it.
    out : ndarray, optional
        Where to put the indices: intp, of the result's shape.

    Returns
    -------
    y : ndarray of intp
        Shaped like ``a`` (1-D for ``axis=None``): taken along the axis,
        ``np.take_along_axis(a, y, axis)`` is a partition of ``a`` as :func:`partition`
        describes (NaN larger than every number).

    Raises
    ------
    ValueError
        If ``kth`` is out of range for a non-empty axis.

    See Also
    --------
    partition, bottleneck.argpartition, numpy.argpartition

    Examples
    --------
    >>> import numpy as np
    >>> import parafunc as pf
    >>> x = np.array([7.0, 1.0, 4.0, 3.0, 5.0])
    >>> i = pf.argpartition(x, kth=1)
    >>> int(i[1]), float(x[i[1]])
    (3, 3.0)
    >>> sorted(x[i[2:]].tolist())
    [4.0, 5.0, 7.0]
    """
    return _partition(
        gufuncs.argpartition, _core._argpartition_middle, np.argpartition, a, kth, axis, out
    )


def _orderable(a) -> np.ndarray:
    """``a`` as an ndarray of a native dtype with the same order of values: uint64
    shifted into int64 (exact, where float64 would merge large neighbours), the others
    as as_native converts them."""
    a = np.asarray(a)
    if a.dtype in NATIVE_DTYPES:
        return a
    if a.dtype == _UINT64:
        return (a ^ np.uint64(1 << 63)).view(np.int64)
    return as_native(a)


def _along(a: np.ndarray, axis) -> tuple[np.ndarray, int]:
    """``a`` and the non-negative axis to work along; ``axis=None`` flattens (C order)."""
    if axis is None:
        return a.reshape(-1), 0
    return a, normalize_axis(axis, a.ndim)


def _plain_1d(a, axis, out) -> bool:
    """Whether the call is the small common one: a 1-D ndarray of a native dtype along its
    one axis, no out=; the wrappers then call the gufunc at once (about 1.5 us less than
    the general path, for a call of ~1 us)."""
    return (
        type(a) is np.ndarray
        and a.ndim == 1
        and out is None
        and (axis is None or (type(axis) is int and axis in (0, -1)))
        and a.dtype in NATIVE_DTYPES
    )


def _ranks(gufunc, middle, a, axis, out):
    if _plain_1d(a, axis, out):
        return gufunc(a)
    a, axis = _along(_orderable(a), axis)
    return along_axis(gufunc, middle, (a,), (), axis, out, _FLOAT64)


def _partition(gufunc, middle, numpy_function, a, kth, axis, out):
    if _plain_1d(a, axis, out) and type(kth) is int and -a.size <= kth < a.size:
        return gufunc(a, small_intp(kth))
    a, axis = _along(np.asarray(a), axis)
    kth = as_integer(kth, "kth")
    n = a.shape[axis]
    if n > 0 and not -n <= kth < n:
        raise ValueError(f"`kth` (={kth}) must be between {-n} and {n - 1}, inclusive")
    dtype = _INTP if gufunc is gufuncs.argpartition else a.dtype
    if a.dtype in NATIVE_DTYPES:
        return along_axis(gufunc, middle, (a,), (small_intp(kth if n else 0),), axis, out, dtype)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"unsupported dtype {a.dtype}: parafunc takes real numbers")
    # bool, float16 and the narrower or unsigned integers keep their dtype, as in
    # bottleneck: NumPy's own partition, rare enough not to need a loop of ours.
    if out is not None:
        check_out(out, a.shape, dtype)
    result = numpy_function(a, kth, axis=axis) if n else np.empty(a.shape, dtype)
    if out is None:
        return result
    out[...] = result
    return out
