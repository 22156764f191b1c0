"""The test registry: one entry per public function, driving every generic test.

Each entry gives the function's family (the stem of parafunc/<family>.py and of
tests/test_<family>.py), the dtypes it runs natively, its output dtype, how to call it,
the extra arguments to draw, which axes and keywords it takes, a reference implementation
(tests/references.py), and the tolerance against it.

A reference returns the exact result in float64 (integer and boolean results in the
output dtype) together with a per-element *scale* (the magnitude the rounding error of a
correct float implementation may be proportional to), so tolerances are stated once, here:

    |got - expected| <= rtol * |expected| + atol * scale + tiniest output subnormal

NaN and infinities must match exactly, and integer results must be equal. Where the
function must raise, the reference raises references.Raises instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import strategies as st

import parafunc
from references import (
    Raises,
    allnan_series,
    anynan_series,
    exponential_reference,
    fill_reference,
    median_series,
    move_argmax_reference,
    move_argmin_reference,
    move_corr_reference,
    move_cov_reference,
    move_max_reference,
    move_mean_reference,
    move_median_reference,
    move_min_reference,
    move_quantile_reference,
    move_rank_reference,
    move_std_reference,
    move_sum_reference,
    move_var_reference,
    nanargmax_series,
    nanargmin_series,
    nancount_series,
    nanmax_series,
    nanmean_series,
    nanmedian_series,
    nanmin_series,
    nanpercentile_series,
    nanquantile_series,
    nanrankdata_reference,
    nanstd_series,
    nansum_series,
    nanvar_series,
    rankdata_reference,
    reduced_shape,
    reduction,
    replace_reference,
    sorted_reference,
    ss_series,
)

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


EXACT = None  # tolerance of integer, boolean and order-based results


def _tolerances(float64: Tolerance | None, float32: Tolerance | None, ints: Tolerance | None):
    return {
        np.dtype(np.float64): float64,
        np.dtype(np.float32): float32,
        np.dtype(np.int32): ints,
        np.dtype(np.int64): ints,
    }


def _rounded_once_more_for_float32(rtol: float, atol: float):
    """float64 and integer input: ``rtol`` and ``atol``; float32 input: the float32 output's
    rounding (EPS32) in place of ``rtol``."""
    tolerance = Tolerance(rtol=rtol, atol=atol)
    return _tolerances(tolerance, Tolerance(rtol=EPS32, atol=atol), tolerance)


ALL_EXACT = _tolerances(EXACT, EXACT, EXACT)
# Compensated float64 accumulation of short plain partial sums (<= 128 terms in 8 lanes):
# error <= ~20 eps64 sum|x| + eps64 |S|; float32 output adds half an ulp32 of the result.
# Integer sums wrap exactly.
SUM_TOLERANCE = _tolerances(
    Tolerance(rtol=2 * EPS64, atol=64 * EPS64), Tolerance(rtol=EPS32, atol=64 * EPS64), EXACT
)


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


@st.composite
def window_ddof_parameters(draw: st.DrawFn, length: int) -> dict[str, Any]:
    """window_parameters and ddof: 0 or 1 (the usual), or up to window + 1 (NaN where a
    window holds no more than ddof values); a Python int or a NumPy integer."""
    params = draw(window_parameters(length))
    ddof = draw(
        st.one_of(st.sampled_from([0, 0, 1]), st.integers(2, params["window"] + 1)),
        label="ddof",
    )
    kind = draw(st.sampled_from([int, int, np.int64, np.intp, np.int32]))
    return {**params, "ddof": kind(ddof)}


@st.composite
def window_quantile_parameters(draw: st.DrawFn, length: int) -> dict[str, Any]:
    """window_parameters and q in [0, 1]: the extremes, the median, any float; a Python
    float, a NumPy float64 or float32 (converted to float exactly), or 0 and 1 as ints."""
    params = draw(window_parameters(length))
    q = draw(st.one_of(st.sampled_from([0.0, 1.0, 0.5]), st.floats(0.0, 1.0)), label="q")
    kinds = [float, float, np.float64, np.float32] + ([int, np.int64] if q in (0, 1) else [])
    return {**params, "q": draw(st.sampled_from(kinds))(q)}


@st.composite
def ddof_parameters(draw: st.DrawFn, length: int) -> dict[str, Any]:
    """ddof 0 or 1 (the usual), negative, or at and beyond the count (NaN results); a
    Python int or a NumPy integer."""
    ddof = draw(
        st.one_of(
            st.sampled_from([0, 0, 1]),
            st.integers(-3, -1),
            st.sampled_from([length - 1, length, length + 1]),
            st.integers(-(10**6), 10**6),
        ),
        label="ddof",
    )
    kind = draw(st.sampled_from([int, int, np.int64, np.intp, np.int32]))
    return {"ddof": kind(ddof) if kind is int or abs(ddof) < 2**31 else ddof}


@st.composite
def exponential_parameters(draw: st.DrawFn, length: int) -> dict[str, Any]:
    """alpha in (0, 1] (1, round values, any float down to 1e-3), as a Python float, a
    NumPy float or an int 1; min_weight 0 (usually) or up to past 1 (all NaN)."""
    alpha = draw(
        st.one_of(
            st.sampled_from([1.0, 0.5, 0.25, 0.1, 0.01, 1e-3]),
            st.floats(1e-3, 1.0),
        ),
        label="alpha",
    )
    kind = draw(st.sampled_from([float, float, np.float64, np.float32]))
    alpha = float(kind(alpha))
    min_weight = draw(
        st.one_of(st.just(0), st.just(0.0), st.floats(0.0, 1.0), st.just(1.5)), label="min_weight"
    )
    return {"alpha": alpha, "min_weight": min_weight}


def fill_parameters(limit_name: str) -> Callable[[int], st.SearchStrategy[dict[str, Any]]]:
    """The fills' limit (``n`` for push): None (no limit, usually), 0, 1, up to past the
    length, or far beyond it; a Python int or a NumPy integer."""

    @st.composite
    def parameters(draw: st.DrawFn, length: int) -> dict[str, Any]:
        limit = draw(
            st.one_of(
                st.none(),
                st.none(),
                st.sampled_from([0, 1, 2]),
                st.integers(0, length + 2),
                st.just(10**12),
            ),
            label=limit_name,
        )
        if limit is not None and limit < 2**31:
            limit = draw(st.sampled_from([int, int, np.int64, np.intp, np.int32]))(limit)
        return {limit_name: limit}

    return parameters


@st.composite
def replace_parameters(draw: st.DrawFn, length: int) -> dict[str, Any]:
    """old and new for replace: NaN, small integers (found in most test arrays) or any
    float; the tests of replace draw them from the array itself too."""
    number = st.one_of(st.just(math.nan), st.integers(-3, 3), st.floats(allow_nan=False))
    return {"old": draw(number, label="old"), "new": draw(number, label="new")}


def _q_strategy(top: float) -> st.SearchStrategy[Any]:
    """q for quantiles in [0, top]: the extremes, usual values, any float in the range;
    as a Python float or int, a list, a 0-d, 1-d or 2-d float64 array, with duplicates."""
    value = st.one_of(
        st.sampled_from([0.0, top, top / 2, top / 4, top / 10, top * 0.99]),
        st.floats(0.0, top),
    )
    vector = st.lists(value, min_size=1, max_size=5).flatmap(
        lambda v: st.sampled_from([v, v + v[:1]])  # sometimes a duplicate
    )
    return st.one_of(
        value,
        st.sampled_from([0, int(top)]),
        vector,
        value.map(np.float64),
        value.map(lambda x: np.array(x)),
        vector.map(np.array),
        st.lists(value, min_size=6, max_size=6).map(lambda v: np.array(v).reshape(2, 3)),
    )


@st.composite
def kth_parameters(draw: st.DrawFn, length: int) -> dict[str, Any]:
    """kth from -length to length - 1 (often the ends and the middle), a Python int or a
    NumPy integer."""
    assert length >= 1
    kth = draw(
        st.one_of(
            st.sampled_from([0, length - 1, length // 2, -1, -length]),
            st.integers(-length, length - 1),
        ),
        label="kth",
    )
    kind = draw(st.sampled_from([int, int, np.int64, np.intp, np.int32]))
    return {"kth": kind(kth)}


def quantile_parameters(length: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"q": _q_strategy(1.0)})


def percentile_parameters(length: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"q": _q_strategy(100.0)})


# ---------------------------------------------------------------------------------------
# The registry


def _same_dtype(dtype: np.dtype) -> np.dtype:
    return np.dtype(dtype)


def _float32_else_float64(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.float32 if np.dtype(dtype) == np.float32 else np.float64)


def _float64(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.float64)


def _intp(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.intp)


def _bool(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.bool_)


def _no_core(params: dict[str, Any]) -> tuple[int, ...]:
    return ()


def _q_shape(params: dict[str, Any]) -> tuple[int, ...]:
    return np.shape(params["q"])


@dataclass(frozen=True, repr=False)
class Spec:
    name: str
    family: str  # parafunc/<family>.py, tests/test_<family>.py
    dtypes: tuple[np.dtype, ...]
    output_dtype: Callable[[np.dtype], np.dtype]
    reference: Callable[..., tuple[np.ndarray, np.ndarray]]  # (a, axis=, [keepdims=,] **params)
    parameters: Callable[[int], st.SearchStrategy[dict[str, Any]]]  # given the axis length
    tolerance: dict[np.dtype, Tolerance | None]
    keeps_shape: bool  # output shaped like the input, flattened for axis=None (else reduced)
    axis_none: bool  # axis=None means every element
    default_axis: int | None
    min_length: int  # shortest axis the function accepts
    gufunc_scalars: tuple[Any, ...] = ()  # core-scalar arguments of the raw gufunc
    gufunc_name: str | None = None  # the raw gufunc's name where not the function's
    bottleneck: str | None = None
    # By output dtype; an entry for an input dtype, where there is one, comes first.
    bottleneck_tolerance: dict[np.dtype, Tolerance] = field(default_factory=dict)
    bottleneck_parameters: tuple[dict[str, Any], ...] = ({},)  # compared with bottleneck
    bottleneck_work: int | None = None  # moving: largest window * length compared, if any
    axis_tuples: bool = False  # axis may be a tuple of ints
    keepdims: bool = False  # takes keepdims=
    core_shape: Callable[[dict[str, Any]], tuple[int, ...]] = _no_core  # in front of the rest
    signature: str | None = None  # the public signature (api.md), where decided
    numpy: Callable[..., Any] | None = None  # NumPy's equal, bitwise on finite float64 data
    arrays: int = 1  # data arguments before the scalars (move_exp_nancov(a, b, ...): 2)

    def __repr__(self) -> str:
        return f"REGISTRY[{self.name!r}]"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # hypothesis' reports
        printer.text(repr(self))

    @property
    def func(self) -> Callable[..., Any]:
        return getattr(parafunc, self.name)

    @property
    def gufunc(self) -> np.ufunc:
        return getattr(parafunc.gufuncs, self.gufunc_name or self.name)

    def call(
        self, a: Any, axis: Any, params: dict[str, Any], out: Any = None, keepdims: Any = None
    ) -> Any:
        """The public function on ``a`` (keepdims passed only when given). The "invalid"
        flag that +inf meeting -inf raises (as in NumPy) is ignored here and tested in
        test_threads.py; any other warning fails the test (pytest runs with warnings as
        errors)."""
        extra = {} if keepdims is None else {"keepdims": keepdims}
        with np.errstate(invalid="ignore"):
            return self.func(a, **params, axis=axis, out=out, **extra)

    def expected(self, a: np.ndarray, axis: Any, params: dict[str, Any], keepdims: bool = False):
        """(expected, scale), or references.Raises."""
        if self.keepdims:
            return self.reference(a, axis=axis, keepdims=keepdims, **params)
        assert not keepdims
        return self.reference(a, axis=axis, **params)

    def result_shape(
        self, shape: tuple[int, ...], axis: Any, params: dict[str, Any], keepdims: bool = False
    ) -> tuple[int, ...]:
        if self.keeps_shape:  # flattened for axis=None (the ranks, the partitions)
            return (math.prod(shape),) if axis is None else tuple(shape)
        return tuple(self.core_shape(params)) + reduced_shape(tuple(shape), axis, keepdims)

    def check(
        self, got: Any, a: np.ndarray, axis: Any, params: dict[str, Any], keepdims: bool = False
    ) -> None:
        """Assert ``got`` is this function's result for ``a`` within the tolerance."""
        expected, scale = self.expected(a, axis, params, keepdims)
        self.compare(got, expected, scale, a.dtype)
        shape = self.result_shape(a.shape, axis, params, keepdims)
        assert np.shape(got) == shape, (np.shape(got), a.shape, axis)

    def compare(self, got: Any, expected: Any, scale: Any, dtype: np.dtype) -> None:
        """``got`` (for input of ``dtype``) against a reference result, rounded first to
        the output dtype where it overflows it (a float32 sum of squares beyond 3.4e38)."""
        got = np.asarray(got)
        assert got.dtype == self.output_dtype(dtype), (got.dtype, dtype)
        expected = np.array(expected)
        if got.dtype.kind == "f" and expected.dtype.kind == "f":
            with np.errstate(over="ignore"):
                rounded = expected.astype(got.dtype)
            overflow = np.isinf(rounded) & np.isfinite(expected)
            expected[overflow] = rounded[overflow]
        assert_within(got, expected, scale, self.tolerance[np.dtype(dtype)])

    def check_call(
        self,
        a: np.ndarray,
        axis: Any,
        params: dict[str, Any],
        out: Any = None,
        keepdims: Any = None,
    ) -> Any:
        """Call the function and check the result against the reference, or, where the
        reference says it must raise, that it raises (with the message; out untouched
        unless the error is found while computing, as an all-NaN slice). Returns the
        result, or None after an error."""
        try:
            expected, scale = self.expected(a, axis, params, bool(keepdims))
        except Raises as raises:
            before = None if out is None else out.copy()
            with pytest.raises(raises.error, match=raises.match):
                self.call(a, axis, params, out=out, keepdims=keepdims)
            if before is not None and not raises.match.startswith("^All-NaN"):
                assert_bitwise_equal(out, before)
            return None
        got = self.call(a, axis, params, out=out, keepdims=keepdims)
        if out is not None:
            assert got is out
        self.compare(got, expected, scale, a.dtype)
        assert np.shape(got) == self.result_shape(a.shape, axis, params, bool(keepdims))
        if np.ndim(got) == 0 and out is None and not keepdims:  # a NumPy scalar, as NumPy
            assert isinstance(got, np.generic), type(got)
        return got


# Compensated sum / count: the sum's error over n plus one rounding, so <= 4 eps64 |mean|
# + 64 eps64 mean|x|; integers are each rounded to double (eps64/2 |x|, in the scale).
MEAN_TOLERANCE = _rounded_once_more_for_float32(rtol=4 * EPS64, atol=64 * EPS64)
# Two passes per chunk (mean, then compensated sums of deviations and their squares),
# chunks and blocks merged by Chan's formula: the terms of references._variance (whose
# scale includes the variance itself: its squares are summed in lanes of plain sums,
# like the sum's) times 64 eps64; the reference and the final division round once each.
VARIANCE_TOLERANCE = _rounded_once_more_for_float32(rtol=4 * EPS64, atol=64 * EPS64)
# NumPy's linear interpolation in float64: b - a, its product with gamma and the final
# add each round once, so <= eps64 |result| + 2 eps64 (|a| + |b|); the mean of the two
# middle values likewise. float32 results round once more to float32.
QUANTILE_TOLERANCE = _rounded_once_more_for_float32(rtol=EPS64, atol=2 * EPS64)
# bottleneck accumulates float32 in float32 and float64 sums without compensation.
BOTTLENECK_SUM = {
    np.dtype(np.float64): Tolerance(rtol=1e-12, atol=1e-12),
    np.dtype(np.float32): Tolerance(rtol=1e-4, atol=1e-3),
}
# Order-based results and medians (bottleneck's mean of the two middle float32 values is
# computed in float32, ours in float64 then rounded: one ulp32 apart at most).
BOTTLENECK_EXACT = {
    np.dtype(np.float64): Tolerance(rtol=0, atol=0),
    np.dtype(np.float32): Tolerance(rtol=EPS32, atol=0),
}

# Exponential windows: the references' scales carry 1 + 1/alpha (the ~1/alpha roundings
# a decayed quantity keeps) and, for (co)variances, the elements' range over their spread
# (deviations are differences of elements); within that, a few eps64. float32 results
# round once more.
EXPONENTIAL_TOLERANCE = _tolerances(
    Tolerance(rtol=4 * EPS64, atol=8 * EPS64),
    Tolerance(rtol=EPS32, atol=8 * EPS64),
    Tolerance(rtol=4 * EPS64, atol=8 * EPS64),
)


def _exponential(name: str, arrays: int = 1) -> Spec:
    """An "exponential" family entry (numbagg's move_exp_*): every native dtype, float32
    results for float32, else float64; alpha and min_weight float64 scalars."""
    return Spec(
        name=name,
        family="exponential",
        dtypes=NATIVE_DTYPES,
        output_dtype=_float32_else_float64,
        reference=exponential_reference(name),
        parameters=exponential_parameters,
        tolerance=EXPONENTIAL_TOLERANCE,
        keeps_shape=True,
        axis_none=False,
        default_axis=-1,
        min_length=0,
        gufunc_scalars=(np.float64(0.5), np.float64(0.0)),  # alpha, min_weight
        signature="(a, b, alpha, min_weight=0, axis=-1, out=None)"
        if arrays == 2
        else "(a, alpha, min_weight=0, axis=-1, out=None)",
        arrays=arrays,
    )


# Two-input moving windows: running sums of deviations from a shift that is recomputed
# when the sums' rounding could reach 2**8 times the centred result's ulp, after at most
# max(64, 8 window) steps of plain additions: 2**-36 of the scale
# of references.pair_window_reference.
PAIR_TOLERANCE = _tolerances(
    Tolerance(rtol=4 * EPS64, atol=2**-36),
    Tolerance(rtol=EPS32, atol=2**-36),
    Tolerance(rtol=4 * EPS64, atol=2**-36),
)


def _fill(name: str, limit_name: str, backward: bool = False, **kwargs: Any) -> Spec:
    """A "fills" entry: every native dtype, the output of the input's dtype, exact (values
    are copied), along one axis (default the last), a limit drawn."""
    options: dict[str, Any] = {
        "family": "fills",
        "dtypes": NATIVE_DTYPES,
        "output_dtype": _same_dtype,
        "reference": fill_reference(backward, limit_name),
        "parameters": fill_parameters(limit_name),
        "tolerance": ALL_EXACT,
        "keeps_shape": True,
        "axis_none": False,
        "default_axis": -1,
        "min_length": 0,
        "gufunc_scalars": (np.intp(2),),  # limit
        "signature": f"(a, {limit_name}=None, axis=-1, out=None)",
    }
    options.update(kwargs)
    return Spec(name=name, **options)


REDUCE_SIGNATURE = "(a, axis=None, out=None, keepdims=False)"
QUANTILE_SIGNATURE = "(a, q, axis=None, out=None, keepdims=False)"


# Moving windows. A compensated running sum (exact TwoSum steps) restarted at fixed chunk
# boundaries: error <= eps64 |sum| plus a few eps64 of the magnitudes that passed through
# (references.moving's scale); the mean adds one division; float32 output half an ulp32.
MOVE_SUM_TOLERANCE = _rounded_once_more_for_float32(rtol=2 * EPS64, atol=16 * EPS64)
MOVE_MEAN_TOLERANCE = _rounded_once_more_for_float32(rtol=4 * EPS64, atol=16 * EPS64)
# move_var and move_std: running sums of deviations from one of the window's values,
# recomputed every few windows and wherever cancellation would cost digits. Designed from
# the exact reference: the variance of the double-converted values in Fractions
# (references.move_var_window), whose scale is that variance (plus an underflow floor), so
# atol bounds the relative error by 2**12 eps64, the accuracy the implementation states;
# rtol covers the reference's own rounding (and the root's one more ulp for std), or the
# float32 output's.
MOVE_VARIANCE_TOLERANCE = _rounded_once_more_for_float32(rtol=2 * EPS64, atol=2**12 * EPS64)
# bottleneck keeps plain running sums (float32 in float32) and Welford's running update of
# the variance, which drift along a series: absolute errors in units of the values (of
# their squares for the variance; for the standard deviation the root of that, where the
# variance is near 0, as in windows of one value). Measured on test_matches_bottleneck's
# data (peer_test_data: N(0, 1) floats, integers up to 1e6, whose entries are keyed by
# the input dtype), the largest differences were: move_sum float32 1.6e-3, float64 4.9e-12;
# move_mean float32 4.6e-5; move_var float32 2.7e-5, float64 5.7e-14, integers 0.60;
# move_std float32 5.2e-3, float64 2.4e-7, integers 3.7e-5 (here exact, or off by
# ~1e-10 relative at most).
BOTTLENECK_RUNNING_MEAN = {
    np.dtype(np.float64): Tolerance(rtol=1e-10, atol=1e-10),
    np.dtype(np.float32): Tolerance(rtol=1e-4, atol=1e-4),
}
BOTTLENECK_RUNNING_SUM = {
    np.dtype(np.float64): Tolerance(rtol=1e-10, atol=1e-10),
    np.dtype(np.float32): Tolerance(rtol=1e-4, atol=1e-2),
}
BOTTLENECK_WELFORD_VAR = {
    np.dtype(np.float64): Tolerance(rtol=1e-10, atol=1e-12),
    np.dtype(np.float32): Tolerance(rtol=1e-4, atol=2e-4),
    np.dtype(np.int32): Tolerance(rtol=1e-10, atol=5.0),
    np.dtype(np.int64): Tolerance(rtol=1e-10, atol=5.0),
}
BOTTLENECK_WELFORD_STD = {
    np.dtype(np.float64): Tolerance(rtol=1e-10, atol=2e-6),
    np.dtype(np.float32): Tolerance(rtol=1e-4, atol=3e-2),
    np.dtype(np.int32): Tolerance(rtol=1e-10, atol=4e-4),
    np.dtype(np.int64): Tolerance(rtol=1e-10, atol=4e-4),
}
# Order-based results: bottleneck's are exact too, its move_median included (the mean of
# the two middle values in double for float32 input too: measured bitwise ours).
BOTTLENECK_SAME = {
    np.dtype(np.float64): Tolerance(rtol=0, atol=0),
    np.dtype(np.float32): Tolerance(rtol=0, atol=0),
}
# move_rank: bottleneck computes the rule of references.rank_from_counts in float32 for
# float32 input, and for integers multiplies by a reciprocal of count - 1: results in
# [-1, 1] up to one ulp32 of 1 (EPS32 / 2 measured) or one ulp64 of 1 (EPS64 measured) off.
BOTTLENECK_RANK = {
    np.dtype(np.float64): Tolerance(rtol=0, atol=0),
    np.dtype(np.float32): Tolerance(rtol=0, atol=EPS32),
    np.dtype(np.int32): Tolerance(rtol=0, atol=EPS64),
    np.dtype(np.int64): Tolerance(rtol=0, atol=EPS64),
}
# move_median: the middle value, or the two middle ones' exact mean rounded once (0.5 *
# (a + b): the sum rounded, the halving exact, or exactly rounded where subnormal; near
# overflow the halves' sum); move_rank: references.rank_from_counts, the same double
# operations on exact counts. float32 output: that double rounded to float32.
ORDER_TOLERANCE = _tolerances(EXACT, Tolerance(rtol=EPS32, atol=0), EXACT)
MOVING_SIGNATURE = "(a, window, min_count=None, axis=-1, out=None)"
MOVING_DDOF = {
    "parameters": window_ddof_parameters,
    "gufunc_scalars": (np.intp(2), np.intp(1), np.intp(0)),  # window, min_count, ddof
    "signature": "(a, window, min_count=None, axis=-1, ddof=0, out=None)",
    # bottleneck divides by count - ddof also where count <= ddof (inf, or negative
    # values) where ours is NaN; test_matches_bottleneck compares only min_count > ddof.
    "bottleneck_parameters": ({"ddof": 0}, {"ddof": 1}, {"ddof": 3}),
}


def _moving(
    name: str,
    reference: Callable[..., tuple[np.ndarray, np.ndarray]],
    tolerance: dict[np.dtype, Tolerance | None],
    **kwargs: Any,
) -> Spec:
    """A "moving" family entry: every native dtype, output float32 for float32 and float64
    otherwise, window and min_count drawn, along one axis (default the last), compared
    with bottleneck's function of the same name."""
    options: dict[str, Any] = {
        "family": "moving",
        "dtypes": NATIVE_DTYPES,
        "output_dtype": _float32_else_float64,
        "parameters": window_parameters,
        "keeps_shape": True,
        "axis_none": False,
        "default_axis": -1,
        "min_length": 1,
        "gufunc_scalars": (np.intp(2), np.intp(1)),  # window, min_count
        "signature": MOVING_SIGNATURE,
        "bottleneck": name,
        "bottleneck_tolerance": BOTTLENECK_SAME,
    }
    options.update(kwargs)
    return Spec(name=name, reference=reference, tolerance=tolerance, **options)


def _moving_pair(name: str, reference: Callable[..., tuple[Any, Any]]) -> Spec:
    """A "moving_pairs" entry (move_cov, move_corr): b, of a's shape, is drawn by the tests
    and passed in params beside window and min_count."""
    return Spec(
        name=name,
        family="moving_pairs",
        dtypes=NATIVE_DTYPES,
        output_dtype=_float32_else_float64,
        reference=reference,
        parameters=window_parameters,
        tolerance=PAIR_TOLERANCE,
        keeps_shape=True,
        axis_none=False,
        default_axis=-1,
        min_length=1,
        gufunc_scalars=(np.intp(2), np.intp(1)),  # window, min_count (after a and b)
        arrays=2,
    )


def _reduction(
    name: str,
    series_reference: Callable[..., tuple[Any, Any]],
    tolerance: dict[np.dtype, Tolerance | None],
    output_dtype: Callable[[np.dtype], np.dtype],
    empty_raises: str | None = None,
    **kwargs: Any,
) -> Spec:
    """A "reduce" family entry: every native dtype, axis None (the default), an int or a
    tuple, keepdims, compared with bottleneck's function of the same name. empty_raises:
    the function raises bottleneck's ValueError on an empty reduction."""
    options: dict[str, Any] = {
        "family": "reduce",
        "dtypes": NATIVE_DTYPES,
        "parameters": no_parameters,
        "keeps_shape": False,
        "axis_none": True,
        "default_axis": None,
        "min_length": 0,
        "bottleneck": name,
        "axis_tuples": True,
        "keepdims": True,
        "signature": REDUCE_SIGNATURE,
    }
    options.update(kwargs)
    return Spec(
        name=name,
        reference=reduction(series_reference, empty_raises=empty_raises),
        tolerance=tolerance,
        output_dtype=output_dtype,
        **options,
    )


def _ranks(name: str, **kwargs: Any) -> Spec:
    """A "ranks" family entry: every native dtype, along one axis or the flattened array
    (axis=None), the result shaped like the input (flattened for axis=None), exact, compared
    with bottleneck's function of the same name."""
    options: dict[str, Any] = {
        "family": "ranks",
        "dtypes": NATIVE_DTYPES,
        "output_dtype": _float64,
        "parameters": no_parameters,
        "tolerance": ALL_EXACT,
        "keeps_shape": True,
        "axis_none": True,
        "default_axis": None,
        "min_length": 0,
        "signature": "(a, axis=None, out=None)",
        "bottleneck": name,
        "bottleneck_tolerance": BOTTLENECK_SAME,
    }
    options.update(kwargs)
    return Spec(name=name, **options)


PARTITION = {
    "reference": sorted_reference,
    "parameters": kth_parameters,
    "default_axis": -1,
    "min_length": 1,
    "gufunc_scalars": (np.intp(1),),  # kth
    "signature": "(a, kth, axis=-1, out=None)",
}


REGISTRY: dict[str, Spec] = {
    spec.name: spec
    for spec in (
        _reduction(
            "nansum",
            nansum_series,
            SUM_TOLERANCE,
            _same_dtype,
            bottleneck_tolerance=BOTTLENECK_SUM,
        ),
        _reduction(
            "nanmean",
            nanmean_series,
            MEAN_TOLERANCE,
            _float32_else_float64,
            bottleneck_tolerance=BOTTLENECK_SUM,
        ),
        _reduction(
            "nanvar",
            nanvar_series,
            VARIANCE_TOLERANCE,
            _float32_else_float64,
            parameters=ddof_parameters,
            gufunc_scalars=(np.intp(0),),  # ddof, the wrapper's default
            signature="(a, axis=None, ddof=0, out=None, keepdims=False)",
            bottleneck_parameters=({"ddof": 0}, {"ddof": 1}, {"ddof": 7}, {"ddof": -2}),
            # bottleneck: a plain two-pass in the input's float type.
            bottleneck_tolerance=BOTTLENECK_SUM,
        ),
        _reduction(
            "nanstd",
            nanstd_series,
            VARIANCE_TOLERANCE,
            _float32_else_float64,
            parameters=ddof_parameters,
            gufunc_scalars=(np.intp(0),),
            signature="(a, axis=None, ddof=0, out=None, keepdims=False)",
            bottleneck_parameters=({"ddof": 0}, {"ddof": 1}, {"ddof": 7}, {"ddof": -2}),
            bottleneck_tolerance=BOTTLENECK_SUM,
        ),
        _reduction(
            "nanmin",
            nanmin_series,
            ALL_EXACT,
            _same_dtype,
            empty_raises="nanmin",
            bottleneck_tolerance=BOTTLENECK_EXACT,
        ),
        _reduction(
            "nanmax",
            nanmax_series,
            ALL_EXACT,
            _same_dtype,
            empty_raises="nanmax",
            bottleneck_tolerance=BOTTLENECK_EXACT,
        ),
        _reduction(
            "nanargmin",
            nanargmin_series,
            ALL_EXACT,
            _intp,
            empty_raises="nanargmin",
            axis_tuples=False,
            bottleneck_tolerance=BOTTLENECK_EXACT,
        ),
        _reduction(
            "nanargmax",
            nanargmax_series,
            ALL_EXACT,
            _intp,
            empty_raises="nanargmax",
            axis_tuples=False,
            bottleneck_tolerance=BOTTLENECK_EXACT,
        ),
        _reduction(
            "ss",
            ss_series,
            SUM_TOLERANCE,  # squares of float32 are exact in float64
            _same_dtype,
            bottleneck_tolerance=BOTTLENECK_SUM,
        ),
        _reduction("anynan", anynan_series, ALL_EXACT, _bool),
        _reduction("allnan", allnan_series, ALL_EXACT, _bool),
        _reduction("nancount", nancount_series, ALL_EXACT, _intp, bottleneck=None),
        _reduction(
            "median",
            median_series,
            QUANTILE_TOLERANCE,
            _float32_else_float64,
            family="quantile",
            numpy=np.median,
            bottleneck_tolerance=BOTTLENECK_EXACT,
        ),
        _reduction(
            "nanmedian",
            nanmedian_series,
            QUANTILE_TOLERANCE,
            _float32_else_float64,
            family="quantile",
            numpy=np.nanmedian,
            bottleneck_tolerance=BOTTLENECK_EXACT,
        ),
        _reduction(
            "nanquantile",
            nanquantile_series,
            QUANTILE_TOLERANCE,
            _float32_else_float64,
            family="quantile",
            parameters=quantile_parameters,
            core_shape=_q_shape,
            gufunc_scalars=(np.array([0.25, 0.5]),),  # q, float64
            signature=QUANTILE_SIGNATURE,
            numpy=np.nanquantile,
            bottleneck=None,
        ),
        _reduction(
            "nanpercentile",
            nanpercentile_series,
            QUANTILE_TOLERANCE,
            _float32_else_float64,
            family="quantile",
            parameters=percentile_parameters,
            core_shape=_q_shape,
            # The raw gufunc is nanquantile's: the wrapper divides q by 100 first.
            gufunc_name="nanquantile",
            gufunc_scalars=(np.array([0.25, 0.5]),),
            signature=QUANTILE_SIGNATURE,
            numpy=np.nanpercentile,
            bottleneck=None,
        ),
        _moving(
            "move_sum",
            move_sum_reference,
            MOVE_SUM_TOLERANCE,
            # bottleneck keeps a plain running sum (float32 in float32). It also stays NaN
            # for good once +inf and -inf have met in a window, where an infinity that has
            # left the window leaves no trace here: peer_test_data holds no infinity.
            bottleneck_tolerance=BOTTLENECK_RUNNING_SUM,
        ),
        _moving(
            "move_mean",
            move_mean_reference,
            MOVE_MEAN_TOLERANCE,
            bottleneck_tolerance=BOTTLENECK_RUNNING_MEAN,
        ),
        _moving(
            "move_var",
            move_var_reference,
            MOVE_VARIANCE_TOLERANCE,
            bottleneck_tolerance=BOTTLENECK_WELFORD_VAR,
            **MOVING_DDOF,
        ),
        _moving(
            "move_std",
            move_std_reference,
            MOVE_VARIANCE_TOLERANCE,
            bottleneck_tolerance=BOTTLENECK_WELFORD_STD,
            **MOVING_DDOF,
        ),
        _moving("move_min", move_min_reference, ALL_EXACT),
        _moving("move_max", move_max_reference, ALL_EXACT),
        _moving("move_argmin", move_argmin_reference, ALL_EXACT),
        _moving("move_argmax", move_argmax_reference, ALL_EXACT),
        _moving("move_median", move_median_reference, ORDER_TOLERANCE),
        _moving(
            "move_quantile",
            move_quantile_reference,
            QUANTILE_TOLERANCE,  # NumPy's interpolation against the exact one
            parameters=window_quantile_parameters,
            gufunc_scalars=(np.intp(2), np.intp(1), np.float64(0.25)),  # window, min_count, q
            signature="(a, window, q, min_count=None, axis=-1, out=None)",
            bottleneck=None,  # compared with np.nanquantile: test_moving_numerics.py
        ),
        _moving(
            "move_rank",
            move_rank_reference,
            ORDER_TOLERANCE,
            bottleneck_tolerance=BOTTLENECK_RANK,
            # bottleneck compares the newest element with all of its window: a window of
            # 200003 over as many elements takes minutes.
            bottleneck_work=10**7,
        ),
        _exponential("move_exp_nanmean"),
        _exponential("move_exp_nansum"),
        _exponential("move_exp_nancount"),
        _exponential("move_exp_nanvar"),
        _exponential("move_exp_nanstd"),
        _exponential("move_exp_nancov", arrays=2),
        _exponential("move_exp_nancorr", arrays=2),
        _moving_pair("move_cov", move_cov_reference),
        _moving_pair("move_corr", move_corr_reference),
        # push is ffill by bottleneck's name: the raw gufunc is ffill.
        _fill("push", "n", gufunc_name="ffill", bottleneck="push"),
        _fill("ffill", "limit"),
        _fill("bfill", "limit", backward=True),
        # In place and along no axis: tests/test_fills.py tests it on its own.
        Spec(
            name="replace",
            family="fills",
            dtypes=NATIVE_DTYPES,
            output_dtype=_same_dtype,
            reference=replace_reference,
            parameters=replace_parameters,
            tolerance=ALL_EXACT,
            keeps_shape=True,
            axis_none=True,
            default_axis=None,
            min_length=0,
            gufunc_scalars=(0, 1),  # old, new: Python ints take every loop's dtype
            signature="(a, old, new)",
            bottleneck="replace",
        ),
        _ranks("rankdata", reference=rankdata_reference),
        _ranks("nanrankdata", reference=nanrankdata_reference),
        _ranks("partition", output_dtype=_same_dtype, **PARTITION),
        _ranks("argpartition", output_dtype=_intp, **PARTITION),
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


# out= arguments that a function whose result is shaped like its (3, 4) float64 input must
# refuse, by test id: (out, the exception). See assert_refuses_out.
BAD_OUTS = {
    "shape": (np.empty((3, 5)), ValueError),
    "shape1": (np.empty((1, 4)), ValueError),
    "ndim": (np.empty((2, 3, 4)), ValueError),
    "dtype": (np.empty((3, 4), np.int64), TypeError),
    "list": ([[0.0] * 4] * 3, TypeError),
}


def assert_any_out_layout(spec: Spec, a: Any, axis: Any, params: dict[str, Any], plain: Any):
    """``spec.call`` into a C- and an F-ordered ``out=``, and into a copy of ``a`` itself as
    ``out=``: each result is ``out`` and bitwise ``plain``."""
    for order in ("C", "F"):
        out = np.empty(a.shape, order=order)
        assert spec.call(a, axis, params, out=out) is out
        assert_bitwise_equal(out, plain)
    aliased = a.copy(order="K")
    spec.call(aliased, axis, params, out=aliased)
    assert_bitwise_equal(aliased, plain)


def assert_refuses_out(call: Callable[[Any], Any], out: Any, error: type[Exception]) -> None:
    """``call(out)`` raises ``error`` with a message naming out, and writes nothing to it."""
    before = np.copy(out)
    with pytest.raises(error, match=r"(?i)\bout"):
        call(out)
    if isinstance(out, np.ndarray):
        assert_bitwise_equal(out, before)


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


# ---------------------------------------------------------------------------------------
# Shared checks


def random_data(shape, dtype, seed) -> np.ndarray:
    """Integers over the dtype's whole range, or floats over seven decades with 5% NaN."""
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "i":
        return rng.integers(np.iinfo(dtype).min, np.iinfo(dtype).max, shape, dtype=dtype)
    x = (rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)).astype(dtype)
    x[rng.random(shape) < 0.05] = np.nan
    return x


def same_on_any_thread_count(spec: Spec, a: Any, axis: Any, params: dict[str, Any] | None = None):
    """The result on 1 thread, after checking it is bitwise the same on 2 and 3."""
    params = {} if params is None else params
    with parafunc.threads(1):
        serial = spec.call(a, axis, params)
    for n in (2, 3):
        with parafunc.threads(n):
            assert_bitwise_equal(spec.call(a, axis, params), serial)
    return serial
