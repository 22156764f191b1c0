"""The test registry: one entry per public function, driving every generic test.

Each entry gives the function's family (the stem of parafunc/<family>.py and of
tests/test_<family>.py), the dtypes it runs natively, its output dtype, how to call it,
the extra arguments to draw, a reference implementation, and the tolerance against it.

The references are written for obviousness, not speed: explicit loops over the series
and the windows, exact sums (math.fsum, Python integers), and infinities decided by
counting. A reference returns the exact result in float64 (integer results in the output
dtype) together with a per-element *scale* (the magnitude the rounding error of a correct
float implementation may be proportional to), so tolerances are stated once, here:

    |got - expected| <= rtol * |expected| + atol * scale + tiniest output subnormal

NaN and infinities must match exactly, and integer results must be equal.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st

import parafunc

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
INT_DTYPES = (np.dtype(np.int32), np.dtype(np.int64))
NATIVE_DTYPES = FLOAT_DTYPES + INT_DTYPES

# Other real dtypes are converted before the loop (parafunc/_axis.py as_native): exactly,
# to int64 for bool and integers that fit, to float64 for uint64 and float16.
CONVERTED_DTYPES = {
    np.dtype(np.bool_): np.dtype(np.int64),
    np.dtype(np.int8): np.dtype(np.int64),
    np.dtype(np.uint8): np.dtype(np.int64),
    np.dtype(np.int16): np.dtype(np.int64),
    np.dtype(np.uint16): np.dtype(np.int64),
    np.dtype(np.uint32): np.dtype(np.int64),
    np.dtype(np.uint64): np.dtype(np.float64),
    np.dtype(np.float16): np.dtype(np.float64),
}

EPS32 = float(np.finfo(np.float32).eps)
EPS64 = float(np.finfo(np.float64).eps)

# Everything in parafunc.__all__ that is not an array function, and so not in REGISTRY.
NOT_ARRAY_FUNCTIONS = frozenset({"get_num_threads", "set_num_threads", "threads", "gufuncs"})


@dataclass(frozen=True)
class Tolerance:
    rtol: float  # relative to the exact result
    atol: float  # relative to the reference's scale


EXACT = None  # tolerance of integer results


# ---------------------------------------------------------------------------------------
# Exact building blocks


def wrap_integer(total: int, dtype: np.dtype) -> int:
    """``total`` reduced modulo 2**bits into the signed range of ``dtype``."""
    bits = 8 * dtype.itemsize
    return (total + 2 ** (bits - 1)) % 2**bits - 2 ** (bits - 1)


def exact_sum(values: list[float]) -> float:
    """Sum of non-NaN floats, exact then rounded once; infinities decided by counting."""
    positive = any(v == math.inf for v in values)
    negative = any(v == -math.inf for v in values)
    if positive and negative:
        return math.nan
    if positive:
        return math.inf
    if negative:
        return -math.inf
    return math.fsum(values)


def _non_nan(series: np.ndarray) -> list[float]:
    return [float(v) for v in series.tolist() if v == v]


# ---------------------------------------------------------------------------------------
# References


def nansum_reference(a: np.ndarray, axis: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The sum of the non-NaN elements of every series along ``axis`` (all for None)."""
    a = np.asarray(a)
    if axis is None:
        flat = a.reshape(-1)
        out_shape: tuple[int, ...] = ()
    else:
        moved = np.moveaxis(a, axis, -1)
        out_shape = moved.shape[:-1]
    is_int = a.dtype.kind == "i"
    expected = np.empty(out_shape, dtype=a.dtype if is_int else np.float64)
    scale = np.zeros(out_shape, dtype=np.float64)
    for index in np.ndindex(*out_shape):
        series = flat if axis is None else moved[index]
        if is_int:
            expected[index] = wrap_integer(sum(int(v) for v in series.tolist()), a.dtype)
        else:
            values = _non_nan(series)
            expected[index] = exact_sum(values)
            scale[index] = math.fsum(abs(v) for v in values if math.isfinite(v))
    return expected, scale


def move_mean_reference(
    a: np.ndarray, window: int, min_count: int | None = None, axis: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the non-NaN elements of each window ending at each position (the first
    window - 1 positions use the shorter windows ending there); NaN where fewer than
    ``min_count`` (default ``window``) are not NaN, and where +inf and -inf meet.

    Scale: the largest finite magnitude in the series up to the position (a running
    sum, even compensated, keeps an error proportional to what has passed through it).
    """
    a = np.asarray(a)
    min_count = window if min_count is None else min_count
    moved = np.moveaxis(a, axis, -1)
    expected = np.empty(moved.shape, dtype=np.float64)
    scale = np.empty(moved.shape, dtype=np.float64)
    for index in np.ndindex(*moved.shape[:-1]):
        series = moved[index].astype(np.float64)  # int64 -> double, as the C++ cast
        largest = 0.0
        for i in range(series.shape[0]):
            if math.isfinite(series[i]):
                largest = max(largest, abs(float(series[i])))
            values = _non_nan(series[max(0, i - window + 1) : i + 1])
            if len(values) < min_count:
                expected[index + (i,)] = math.nan
            else:
                total = exact_sum(values)
                expected[index + (i,)] = total / len(values) if math.isfinite(total) else total
            scale[index + (i,)] = largest
    return np.moveaxis(expected, -1, axis), np.moveaxis(scale, -1, axis)


# ---------------------------------------------------------------------------------------
# Extra arguments


def no_parameters(length: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.just({})


@st.composite
def window_parameters(draw: st.DrawFn, length: int) -> dict[str, Any]:
    """window in 1..length (often the extremes), min_count None or 1..window."""
    assert length >= 1
    window = draw(
        st.one_of(
            st.just(1),
            st.just(length),
            st.integers(1, min(length, 8)),
            st.integers(1, length),
        )
    )
    min_count = draw(st.one_of(st.none(), st.just(1), st.just(window), st.integers(1, window)))
    return {"window": window, "min_count": min_count}


# ---------------------------------------------------------------------------------------
# The registry


def _same_dtype(dtype: np.dtype) -> np.dtype:
    return np.dtype(dtype)


def _float32_else_float64(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.float32 if np.dtype(dtype) == np.float32 else np.float64)


@dataclass(frozen=True, repr=False)
class Spec:
    name: str
    family: str  # parafunc/<family>.py, tests/test_<family>.py
    dtypes: tuple[np.dtype, ...]
    output_dtype: Callable[[np.dtype], np.dtype]
    reference: Callable[..., tuple[np.ndarray, np.ndarray]]  # (a, axis=, **params)
    parameters: Callable[[int], st.SearchStrategy[dict[str, Any]]]  # given the axis length
    tolerance: dict[np.dtype, Tolerance | None]
    keeps_shape: bool  # output shaped like the input (else the axis is reduced away)
    axis_none: bool  # axis=None means every element
    default_axis: int | None
    min_length: int  # shortest axis the function accepts
    gufunc_scalars: tuple[Any, ...] = ()  # example core-scalar arguments of the raw gufunc
    bottleneck: str | None = None
    bottleneck_tolerance: dict[np.dtype, Tolerance] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"REGISTRY[{self.name!r}]"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # hypothesis' reports
        printer.text(repr(self))

    @property
    def func(self) -> Callable[..., Any]:
        return getattr(parafunc, self.name)

    @property
    def gufunc(self) -> np.ufunc:
        return getattr(parafunc.gufuncs, self.name)

    def call(self, a: Any, axis: Any, params: dict[str, Any], out: Any = None) -> Any:
        """The public function on ``a``. The "invalid" flag that +inf meeting -inf raises
        (as in NumPy) is ignored here and tested in test_threads.py; any other warning
        fails the test (pytest runs with warnings as errors)."""
        with np.errstate(invalid="ignore"):
            return self.func(a, **params, axis=axis, out=out)

    def expected(self, a: np.ndarray, axis: int | None, params: dict[str, Any]):
        return self.reference(a, axis=axis, **params)

    def out_shape(self, shape: tuple[int, ...], axis: int | None) -> tuple[int, ...]:
        if self.keeps_shape:
            return tuple(shape)
        if axis is None:
            return ()
        axis %= len(shape)
        return tuple(s for i, s in enumerate(shape) if i != axis)

    def check(self, got: Any, a: np.ndarray, axis: int | None, params: dict[str, Any]) -> None:
        """Assert ``got`` is this function's result for ``a`` within the tolerance."""
        expected, scale = self.expected(a, axis, params)
        got = np.asarray(got)
        assert got.dtype == self.output_dtype(a.dtype), (got.dtype, a.dtype)
        assert got.shape == self.out_shape(a.shape, axis), (got.shape, a.shape, axis)
        assert_within(got, expected, scale, self.tolerance[a.dtype])


REGISTRY: dict[str, Spec] = {
    spec.name: spec
    for spec in (
        Spec(
            name="nansum",
            family="reduce",
            dtypes=NATIVE_DTYPES,
            output_dtype=_same_dtype,
            reference=nansum_reference,
            parameters=no_parameters,
            # Compensated float64 accumulation of short plain partial sums (<= 128 terms
            # in 8 lanes): error <= ~20 eps64 sum|x| + eps64 |S|; float32 output adds
            # half an ulp32 of the result.
            tolerance={
                np.dtype(np.float64): Tolerance(rtol=2 * EPS64, atol=64 * EPS64),
                np.dtype(np.float32): Tolerance(rtol=EPS32, atol=64 * EPS64),
                np.dtype(np.int32): EXACT,
                np.dtype(np.int64): EXACT,
            },
            keeps_shape=False,
            axis_none=True,
            default_axis=None,
            min_length=0,
            bottleneck="nansum",
            # bottleneck sums float32 in float32 and float64 without compensation.
            bottleneck_tolerance={
                np.dtype(np.float64): Tolerance(rtol=1e-12, atol=1e-12),
                np.dtype(np.float32): Tolerance(rtol=1e-4, atol=1e-3),
            },
        ),
        Spec(
            name="move_mean",
            family="moving",
            dtypes=NATIVE_DTYPES,
            output_dtype=_float32_else_float64,
            reference=move_mean_reference,
            parameters=window_parameters,
            # A compensated running sum (exact TwoSum steps), one division: error
            # <= eps64 |mean| plus a few eps64 of the magnitudes that passed through.
            tolerance={
                np.dtype(np.float64): Tolerance(rtol=4 * EPS64, atol=16 * EPS64),
                np.dtype(np.float32): Tolerance(rtol=EPS32, atol=16 * EPS64),
                np.dtype(np.int32): Tolerance(rtol=4 * EPS64, atol=16 * EPS64),
                np.dtype(np.int64): Tolerance(rtol=4 * EPS64, atol=16 * EPS64),
            },
            keeps_shape=True,
            axis_none=False,
            default_axis=-1,
            min_length=1,
            gufunc_scalars=(np.intp(2), np.intp(1)),  # window, min_count
            bottleneck="move_mean",
            # bottleneck keeps a plain running sum (float32 in float32).
            bottleneck_tolerance={
                np.dtype(np.float64): Tolerance(rtol=1e-10, atol=1e-10),
                np.dtype(np.float32): Tolerance(rtol=1e-4, atol=1e-4),
            },
        ),
    )
}


def family(name: str) -> list[Spec]:
    """The registry entries of one family, e.g. family("reduce")."""
    return [spec for spec in REGISTRY.values() if spec.family == name]


# ---------------------------------------------------------------------------------------
# Comparisons


def assert_within(
    got: np.ndarray, expected: np.ndarray, scale: np.ndarray, tolerance: Tolerance | None
) -> None:
    """``got`` equals ``expected`` within ``tolerance`` (see the module docstring)."""
    got = np.asarray(got)
    expected = np.asarray(expected)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    if tolerance is None:
        np.testing.assert_array_equal(got, expected)
        return
    g = got.astype(np.float64)
    e = expected.astype(np.float64)
    nan_expected = np.isnan(e)
    np.testing.assert_array_equal(np.isnan(g), nan_expected, err_msg="NaN positions differ")
    inf_expected = np.isinf(e)
    np.testing.assert_array_equal(g[inf_expected], e[inf_expected], err_msg="infinities differ")
    finite = np.isfinite(e)
    floor = float(np.finfo(got.dtype).smallest_subnormal)
    allowed = tolerance.rtol * np.abs(e[finite]) + tolerance.atol * scale[finite] + floor
    error = np.abs(g[finite] - e[finite])
    bad = ~(error <= allowed)
    if bad.any():
        raise AssertionError(
            f"{bad.sum()} of {bad.size} elements out of tolerance {tolerance}:\n"
            f"got      {g[finite][bad][:8]!r}\nexpected {e[finite][bad][:8]!r}\n"
            f"error    {error[bad][:8]!r}\nallowed  {allowed[bad][:8]!r}"
        )


def assert_bitwise_equal(a: Any, b: Any) -> None:
    """Same dtype, shape and bytes (NaN payloads and signed zeros included)."""
    a = np.asarray(a)
    b = np.asarray(b)
    assert a.dtype == b.dtype, (a.dtype, b.dtype)
    assert a.shape == b.shape, (a.shape, b.shape)
    bits = np.dtype(f"u{a.dtype.itemsize}")
    a_bits = np.ascontiguousarray(a).view(bits)
    b_bits = np.ascontiguousarray(b).view(bits)
    if a.ndim == 0:
        assert a_bits == b_bits, f"not bitwise equal: {a!r} vs {b!r}"
    elif not np.array_equal(a_bits, b_bits):
        where = np.argwhere(a_bits != b_bits)[:8]
        raise AssertionError(
            f"not bitwise equal at {where.tolist()}: {a[tuple(where.T)]!r} vs {b[tuple(where.T)]!r}"
        )


def argument_id(value: Any) -> str:
    """Readable test ids for bad-argument cases: axis=2, out=float64(5,), ..."""
    if isinstance(value, dict):
        return ",".join(f"{k}={argument_id(v)}" for k, v in value.items())
    if isinstance(value, np.ndarray):
        return f"{value.dtype}{value.shape}"
    if isinstance(value, type):
        return value.__name__
    return type(value).__name__ if isinstance(value, list) else repr(value)


def peer_test_data(shape: tuple[int, ...], dtype: Any, seed: int) -> np.ndarray:
    """Random data for comparisons with a peer library: integers well inside the dtype's
    range, or normal floats with 20% NaN."""
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "i":
        return rng.integers(-(10**6), 10**6, shape).astype(dtype)
    a = rng.standard_normal(shape).astype(dtype)
    a[rng.random(shape) < 0.2] = np.nan
    return a
