"""The axis handling shared by every reduction wrapper: ``axis`` as an int, None or a
tuple, ``keepdims`` and ``out=``, on top of a reduction gufunc of signature (n)->() (or
(n),()->() with a scalar parameter) and its middle-axis companion (p,n,q)->(p,q).

- One axis: the gufunc with ``axes=``; an axis with others on both sides goes, when the
  array views as (p, n, q) without a copy, through the companion in one call (NumPy
  would call the gufunc once per p, each call too small to go parallel).
- Every axis, or several: the gufunc on a view with those axes merged into one where
  memory allows (a flat view of a contiguous array); else the companion (i,j,k,l)->() on
  a view of them as up to four axes, runs of the innermost one (a sliced array, say). Only
  an array whose reduced axes stay more than four after merging is copied.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from ._axis import (
    as_native_array,
    check_out,
    middle_axis_view,
    normalize_axis,
    reshaped_view,
    small_intp,
)


class Reduction:
    """A reduction's two gufuncs and its output dtype rule, as the wrappers use them."""

    __slots__ = ("c_order", "direct", "middle_axis", "one_axis", "output_dtype", "runs")

    def __init__(
        self,
        one_axis: np.ufunc,
        middle_axis: np.ufunc,
        output_dtype,
        c_order=False,
        runs=None,
        direct=None,
    ):
        self.one_axis = one_axis
        # The plain calls (axis an int or None) without NumPy's ufunc machinery, which is
        # most of a small call's time; NotImplemented for the others
        # (src/engine/direct_call.hpp).
        self.direct = direct
        self.middle_axis = middle_axis
        self.runs = runs  # the (i,j,k,l)->() companion, None for a copy instead
        self.output_dtype = output_dtype  # input dtype -> result dtype
        # axis=None must see the elements in C order (an index into a.ravel() is returned).
        self.c_order = c_order

    def reduce(self, a, axis, out, keepdims, args=()):
        """Reduce ``a`` (array_like) over ``axis``; ``args`` are the gufunc's scalar
        operands after the array. (A method, not __call__: calling an instance goes
        through its type's call slot, ~0.2 us more than a method call.)"""
        # The common cases first: small calls are all overhead. The direct call takes any
        # object (NotImplemented unless a plain ndarray of a native dtype), so conversion
        # waits for the other calls; and it is called without *args where there are none
        # (a call with *() goes through a tuple: ~0.1 us of a ~0.3 us call).
        if out is None and not keepdims and self.direct is not None:
            result = self.direct(a, axis, *args) if args else self.direct(a, axis)
            if result is not NotImplemented:
                return result
        a = as_native_array(a)
        if not keepdims:
            if axis is None and (a.ndim == 1 or (a.ndim > 1 and a.flags.c_contiguous)):
                flat = a if a.ndim == 1 else a.reshape(-1)  # a view, in C order
                if out is None:
                    return self.one_axis(flat, *args)
                check_out(out, (), self.output_dtype(a.dtype))
                return self.one_axis(flat, *args, out=out)
            if type(axis) is int:
                return self._one_axis(a, normalize_axis(axis, a.ndim), out, args)
        axes = reduced_axes(axis, a.ndim, allow_tuple=not self.c_order)
        kept_shape = tuple(n for i, n in enumerate(a.shape) if i not in axes)
        if keepdims:
            shape = tuple(1 if i in axes else n for i, n in enumerate(a.shape))
        else:
            shape = kept_shape
        target = None
        if out is not None:
            check_out(out, shape, self.output_dtype(a.dtype))
            target = np.squeeze(out, axis=axes) if keepdims else out  # a view
        if len(axes) == 1:
            result = self._one_axis(a, axes[0], target, args)
        else:
            result = self._several_axes(a, axes, target, args)
        if out is not None:
            return out
        return np.asarray(result).reshape(shape) if keepdims else result

    def _several_axes(self, a: np.ndarray, axes: tuple[int, ...], out, args):
        view = merged_view(a, axes, self.c_order)
        if view is not None:
            return self.one_axis(view, *args, out=out)
        if self.runs is not None:
            view = runs_view(a, axes, self.c_order)
            if view is not None:
                return self.runs(view, *args, out=out)
        return self.one_axis(merged_copy(a, axes, self.c_order), *args, out=out)

    def _one_axis(self, a: np.ndarray, axis: int, out, args):
        if out is not None:
            check_out(out, a.shape[:axis] + a.shape[axis + 1 :], self.output_dtype(a.dtype))
        if axis == a.ndim - 1:  # NumPy's default core axis: parsing axes= costs ~0.3 us
            return self.one_axis(a, *args, out=out)
        shape = a.shape[:axis] + a.shape[axis + 1 :]
        middle = middle_axis_view(a, axis)
        if middle is None:
            return self.one_axis(a, *args, axes=[(axis,), *[()] * len(args), ()], out=out)
        view, order = middle
        plane_shape = (view.shape[0], view.shape[2])
        if out is None:
            result = np.empty(plane_shape, self.output_dtype(a.dtype), order=order)
            self.middle_axis(view, *args, out=result)
            return result.reshape(shape, order=order)
        out_view = reshaped_view(out, plane_shape, order)
        if out_view is None:  # an out= laid out differently from the input
            return self.one_axis(a, *args, axes=[(axis,), *[()] * len(args), ()], out=out)
        self.middle_axis(view, *args, out=out_view)
        return out


def reduced_axes(axis, ndim: int, allow_tuple: bool = True) -> tuple[int, ...]:
    """The sorted, non-negative axes that ``axis`` (None, an int or a tuple) reduces."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        if not allow_tuple:
            raise TypeError("`axis` must be an integer or None")
        axes = tuple(sorted(normalize_axis(i, ndim) for i in axis))
        if len(set(axes)) != len(axes):
            raise ValueError(f"duplicate value in `axis`: {axis}")
        return axes
    return (normalize_axis(axis, ndim),)


def _moved(a: np.ndarray, axes: tuple[int, ...], c_order: bool) -> np.ndarray:
    """``a`` with ``axes`` moved last, the kept axes in their order before them. The moved
    axes stay in order for ``c_order`` (an index into them is a C-order index), else go by
    decreasing stride, the order in which they can merge and memory is read in order."""
    kept = [i for i in range(a.ndim) if i not in axes]
    moved = list(axes) if c_order else sorted(axes, key=lambda i: -abs(a.strides[i]))
    return a.transpose(kept + moved)


def merged_view(a: np.ndarray, axes: tuple[int, ...], c_order: bool) -> np.ndarray | None:
    """``a`` with ``axes`` merged into one last axis, without a copy; None if they do not
    merge."""
    if a.ndim == 1 and len(axes) == 1:
        return a
    kept = a.ndim - len(axes)
    if not c_order and kept == 0 and a.flags.f_contiguous:
        return a.ravel(order="F")
    view = _moved(a, axes, c_order)
    return reshaped_view(view, view.shape[:kept] + (math.prod(view.shape[kept:]),), "C")


def merged_copy(a: np.ndarray, axes: tuple[int, ...], c_order: bool) -> np.ndarray:
    """``a`` with ``axes`` merged into one last axis, copied (the last resort)."""
    view = _moved(a, axes, c_order)
    kept = a.ndim - len(axes)
    return view.reshape(view.shape[:kept] + (math.prod(view.shape[kept:]),))


def runs_view(a: np.ndarray, axes: tuple[int, ...], c_order: bool) -> np.ndarray | None:
    """``a`` with ``axes`` as four last axes (i, j, k, l), without a copy: the reduced axes
    after merging those that merge, padded with length-1 axes in front; None if more than
    four remain."""
    view = _moved(a, axes, c_order)
    kept = a.ndim - len(axes)
    dims: list[tuple[int, int]] = []  # (length, stride) of the reduced axes, merged
    for length, stride in zip(view.shape[kept:], view.strides[kept:], strict=True):
        if length == 1:
            continue
        if dims and dims[-1][1] == stride * length:
            dims[-1] = (dims[-1][0] * length, stride)
        else:
            dims.append((length, stride))
    if len(dims) > 4:
        return None
    dims = [(1, 0)] * (4 - len(dims)) + dims
    return np.lib.stride_tricks.as_strided(
        view,
        shape=view.shape[:kept] + tuple(n for n, _ in dims),
        strides=view.strides[:kept] + tuple(s for _, s in dims),
        writeable=False,
    )


def require_nonempty(name: str, a: np.ndarray, axis) -> None:
    """bottleneck's ValueError for a reduction with no identity over nothing (call it for
    an empty ``a`` only: a non-empty one has no empty axis)."""
    if axis is None:
        raise ValueError(f"numpy.{name} raises on a.size==0 and axis=None; So Bottleneck too.")
    if math.prod(a.shape[i] for i in reduced_axes(axis, a.ndim)) == 0:
        raise ValueError(f"numpy.{name} raises on a.shape[axis]==0; So Bottleneck too.")


def as_ddof(ddof):
    """``ddof`` for the gufunc (small_intp of an int), or bottleneck's TypeError."""
    if type(ddof) is int:
        return small_intp(ddof)
    if isinstance(ddof, (bool, np.bool_)):
        raise TypeError("`ddof` must be an integer")
    try:
        return small_intp(operator.index(ddof))
    except TypeError:
        raise TypeError("`ddof` must be an integer") from None
