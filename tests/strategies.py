"""Hypothesis strategies for test arrays: shapes, memory layouts, dtypes and values.

Layouts are what a gufunc loop sees differently, so each is a separate case:
  C           contiguous
  F           Fortran order
  strided     every 2nd or 3rd element along one axis (a[::2])
  reversed    a negative stride along one axis (a[::-1]), or along every axis
  rev_strided a[::-2] along one axis
  subblock    a[1:-1] along one axis of a bigger array: a[:, 1:-1] in 2-D, the middle-axis
              sub-block a[:, 1:-1, :] in 3-D (NumPy then splits the outer loop)
  transposed  a permutation of a C array's axes (no copy)
  broadcast   a zero stride along one axis (read-only)

Values: float arrays mix finite values (normal, small integers or spanning 12 decades;
scaled, around an offset, to test cancellation) with NaN, +inf and -inf at a drawn
density each; integer arrays reach the dtype's extremes (sums wrap).
Sizes stay small (at most a few thousand elements) so that the references, which are
plain Python loops, stay fast; long inputs are tested with explicit sizes instead.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from references import reduced_axes
from registry import FLOAT_DTYPES, NATIVE_DTYPES

LAYOUTS = (
    "C",
    "F",
    "strided",
    "reversed",
    "rev_strided",
    "subblock",
    "transposed",
    "broadcast",
)
WRITABLE_LAYOUTS = tuple(layout for layout in LAYOUTS if layout != "broadcast")
OUT_LAYOUTS = ("C", "F", "strided", "reversed", "subblock")

# Finite values are x * scale + offset for x in [-1e6, 1e6]: magnitudes from subnormal to
# ~1e18, and offsets large enough that sums cancel. Bounded so that no sum of a test
# array overflows (float32 included).
SCALES = (1.0, 1e-3, 1e12)
OFFSETS = {
    np.dtype(np.float32): (0.0, 1e8, -1e4),
    np.dtype(np.float64): (0.0, 1e8, -3e15),
}


@st.composite
def shapes(draw: st.DrawFn, min_dims: int = 1, max_dims: int = 3, min_side: int = 0):
    """Shapes of 0 to 3 dimensions: 1-D up to 400 long, 2-D up to 24x24, 3-D up to 8^3;
    about one side in four is 0, 1 or 2."""
    ndim = draw(st.integers(min_dims, max_dims))
    largest = {1: 400, 2: 24, 3: 8}.get(ndim, 0)
    small = st.integers(min_side, 2)
    side = st.one_of(
        small, st.integers(3, largest), st.integers(3, largest), st.integers(3, largest)
    )
    return tuple(draw(side) for _ in range(ndim))


@st.composite
def values(draw: st.DrawFn, dtype: np.dtype, shape: tuple[int, ...], special: bool = True):
    """A C-contiguous array of ``dtype`` and ``shape`` with the values described above.

    The bulk comes from a NumPy generator seeded by hypothesis (hypothesis' own arrays
    are mostly one repeated fill value at these sizes); a few values at chosen positions
    and the density of each special value are drawn directly, so they shrink."""
    dtype = np.dtype(dtype)
    size = math.prod(shape)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1), label="seed"))
    positions = st.integers(0, max(size - 1, 0))
    if dtype.kind == "i":
        info = np.iinfo(dtype)
        bound = draw(st.sampled_from([100, 2**20, int(info.max)]))
        array = rng.integers(-bound, bound, size, dtype=dtype, endpoint=True)
        if size:
            extremes = st.sampled_from([int(info.min), int(info.max), -1, 0, 1])
            for i, v in draw(st.lists(st.tuples(positions, extremes), max_size=4)):
                array[i] = v
        return array.reshape(shape)
    kind = draw(st.sampled_from(["normal", "integers", "wide"]))
    if kind == "normal":
        finite = rng.standard_normal(size)
    elif kind == "integers":
        finite = rng.integers(-1000, 1000, size).astype(np.float64)
    else:
        finite = rng.standard_normal(size) * 10.0 ** rng.integers(-6, 7, size)
    if size:
        chosen = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
        for i, v in draw(st.lists(st.tuples(positions, chosen), max_size=4)):
            finite[i] = v
    scale = draw(st.sampled_from(SCALES))
    offset = draw(st.sampled_from(OFFSETS[dtype]))
    array = (finite * scale + offset).astype(dtype)
    if special:
        for value in (np.nan, np.inf, -np.inf):
            density = draw(st.sampled_from([0.0, 0.0, 0.02, 0.3, 1.0]))
            array[rng.random(size) < density] = value
    return array.reshape(shape)


@st.composite
def views(
    draw: st.DrawFn, dtype: np.dtype, shape: tuple[int, ...], layouts=LAYOUTS, special=True
) -> np.ndarray:
    """An array of ``shape`` laid out in memory in one of ``layouts``."""
    shape = tuple(shape)
    ndim = len(shape)
    layout = draw(st.sampled_from(layouts)) if ndim else "C"
    axis = draw(st.integers(0, ndim - 1)) if ndim else 0

    def along(index: Any) -> tuple[Any, ...]:
        return tuple(index if i == axis else slice(None) for i in range(ndim))

    if layout == "C":
        return draw(values(dtype, shape, special))
    if layout == "F":
        return np.asfortranarray(draw(values(dtype, shape, special)))
    if layout in ("strided", "rev_strided"):
        step = draw(st.sampled_from([2, 3])) if layout == "strided" else 2
        base_shape = tuple(s * step if i == axis else s for i, s in enumerate(shape))
        base = draw(values(dtype, base_shape, special))
        view = base[along(slice(None, None, step if layout == "strided" else -step))]
    elif layout == "reversed":
        base = draw(values(dtype, shape, special))
        view = (
            base[::-1, ...] if draw(st.booleans()) else base[tuple([slice(None, None, -1)] * ndim)]
        )
    elif layout == "subblock":
        base_shape = tuple(s + 2 if i == axis else s for i, s in enumerate(shape))
        view = draw(values(dtype, base_shape, special))[along(slice(1, -1))]
    elif layout == "transposed":
        order = draw(st.permutations(range(ndim)))
        base = draw(values(dtype, tuple(shape[i] for i in order), special))
        view = base.transpose(np.argsort(order))
    else:  # broadcast
        base_shape = tuple(1 if i == axis else s for i, s in enumerate(shape))
        view = np.broadcast_to(draw(values(dtype, base_shape, special)), shape)
    assert view.shape == shape, (layout, view.shape, shape)
    return view


@st.composite
def arrays(
    draw: st.DrawFn,
    dtypes=NATIVE_DTYPES,
    min_dims: int = 1,
    max_dims: int = 3,
    min_side: int = 0,
    layouts=LAYOUTS,
    special: bool = True,
) -> np.ndarray:
    """Arrays of any native dtype, shape and layout (see the module docstring)."""
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(shapes(min_dims, max_dims, min_side))
    return draw(views(dtype, shape, layouts, special))


def float_arrays(**kwargs: Any) -> st.SearchStrategy[np.ndarray]:
    return arrays(dtypes=FLOAT_DTYPES, **kwargs)


def axes(ndim: int, allow_none: bool) -> st.SearchStrategy[int | None]:
    """Every valid axis of an ``ndim``-dimensional array, negative ones included."""
    options: list[st.SearchStrategy] = []
    if ndim:
        options.append(st.integers(-ndim, ndim - 1))
    if allow_none:
        options.append(st.none())
    return st.one_of(options)


@st.composite
def outs(draw: st.DrawFn, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
    """A writable output of ``shape`` in one of OUT_LAYOUTS, filled with a value no
    function returns, so that an element left unwritten is noticed."""
    shape = tuple(shape)
    ndim = len(shape)
    layout = draw(st.sampled_from(OUT_LAYOUTS)) if ndim else "C"
    axis = draw(st.integers(0, ndim - 1)) if ndim else 0
    sentinel = -12345 if np.dtype(dtype).kind == "i" else -7.25e30

    def along(index: Any) -> tuple[Any, ...]:
        return tuple(index if i == axis else slice(None) for i in range(ndim))

    if layout == "C":
        out = np.full(shape, sentinel, dtype)
    elif layout == "F":
        out = np.full(shape, sentinel, dtype, order="F")
    elif layout == "strided":
        base_shape = tuple(2 * s if i == axis else s for i, s in enumerate(shape))
        out = np.full(base_shape, sentinel, dtype)[along(slice(None, None, 2))]
    elif layout == "reversed":
        out = np.full(shape, sentinel, dtype)[along(slice(None, None, -1))]
    else:  # subblock
        base_shape = tuple(s + 2 if i == axis else s for i, s in enumerate(shape))
        out = np.full(base_shape, sentinel, dtype)[along(slice(1, -1))]
    assert out.shape == shape and out.flags.writeable
    return out


# The same values in other memory layouts, for arrays of 3 or more dimensions whose middle
# axes the wrappers hand to the (p, n, q) companion gufuncs.
MIDDLE_AXIS_LAYOUTS = {
    "C": lambda a: a,
    "F": np.asfortranarray,
    "sub-block": lambda a: np.concatenate([a, a], axis=0)[1 : a.shape[0] + 1, :, ::-1],
    "swapped": lambda a: np.ascontiguousarray(np.swapaxes(a, 0, -1)).swapaxes(0, -1),
}


@st.composite
def reduction_axes(draw: st.DrawFn, ndim: int, allow_none: bool, allow_tuples: bool):
    """An axis of a reduction: an int (negative ones included), None, or a tuple of
    distinct axes in any order and sign ((), one axis, all of them)."""
    options: list[st.SearchStrategy] = [axes(ndim, allow_none)] if ndim or allow_none else []
    if allow_tuples:
        chosen = (
            st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim) if ndim else st.just([])
        )
        options.append(chosen)
    axis = draw(st.one_of(options))
    if not isinstance(axis, list):
        return axis
    signs = draw(st.lists(st.booleans(), min_size=len(axis), max_size=len(axis)))
    return tuple(i - ndim if negative else i for i, negative in zip(axis, signs, strict=True))


def reduction_case(data: st.DataObject, spec: Any, **array_kwargs: Any):
    """For a reduction's registry entry: an array, an axis (int, None or tuple),
    parameters for the reduced length, and keepdims (not passed, False or True)."""
    kwargs = {"dtypes": spec.dtypes, "min_dims": 0, **array_kwargs}
    a = data.draw(arrays(**kwargs), label="a")
    axis = data.draw(reduction_axes(a.ndim, spec.axis_none, spec.axis_tuples), label="axis")
    length = math.prod(a.shape[i] for i in reduced_axes(a.ndim, axis))
    params = data.draw(spec.parameters(length), label="params")
    keepdims = data.draw(st.sampled_from([None, False, True]), label="keepdims")
    return a, axis, params, keepdims
