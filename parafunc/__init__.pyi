# Type stubs of parafunc's public API (the implementation is parafunc/*.py and the
# compiled parafunc._parafunc_core). Checked by tests/test_typing.py.
from contextlib import AbstractContextManager
from typing import Any, SupportsFloat, SupportsIndex, TypeVar, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import gufuncs as gufuncs

__version__: str
__all__ = [
    "allnan",
    "anynan",
    "argpartition",
    "bfill",
    "ffill",
    "get_num_threads",
    "gufuncs",
    "median",
    "move_argmax",
    "move_argmin",
    "move_corr",
    "move_cov",
    "move_exp_nancorr",
    "move_exp_nancount",
    "move_exp_nancov",
    "move_exp_nanmean",
    "move_exp_nanstd",
    "move_exp_nansum",
    "move_exp_nanvar",
    "move_max",
    "move_mean",
    "move_median",
    "move_min",
    "move_quantile",
    "move_rank",
    "move_std",
    "move_sum",
    "move_var",
    "nanargmax",
    "nanargmin",
    "nancount",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanpercentile",
    "nanquantile",
    "nanrankdata",
    "nanstd",
    "nansum",
    "nanvar",
    "partition",
    "push",
    "rankdata",
    "replace",
    "set_num_threads",
    "ss",
    "threads",
]

_ArrayT = TypeVar("_ArrayT", bound=NDArray[Any])

# The reductions return a NumPy scalar for a 0-d result (axis=None, or the only axis of a
# 1-D input) and an ndarray otherwise; `out` itself when given.
_Axes = SupportsIndex | tuple[SupportsIndex, ...] | None

@overload
def nansum(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nansum(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nansum(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanmean(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanmean(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanmean(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanvar(
    a: ArrayLike,
    axis: _Axes,
    ddof: SupportsIndex,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanvar(
    a: ArrayLike,
    axis: _Axes = None,
    ddof: SupportsIndex = 0,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanvar(
    a: ArrayLike,
    axis: _Axes = None,
    ddof: SupportsIndex = 0,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanstd(
    a: ArrayLike,
    axis: _Axes,
    ddof: SupportsIndex,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanstd(
    a: ArrayLike,
    axis: _Axes = None,
    ddof: SupportsIndex = 0,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanstd(
    a: ArrayLike,
    axis: _Axes = None,
    ddof: SupportsIndex = 0,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanmin(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanmin(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanmin(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanmax(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanmax(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanmax(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanargmin(
    a: ArrayLike,
    axis: SupportsIndex | None,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanargmin(
    a: ArrayLike,
    axis: SupportsIndex | None = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanargmin(
    a: ArrayLike,
    axis: SupportsIndex | None = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanargmax(
    a: ArrayLike,
    axis: SupportsIndex | None,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanargmax(
    a: ArrayLike,
    axis: SupportsIndex | None = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanargmax(
    a: ArrayLike,
    axis: SupportsIndex | None = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def ss(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def ss(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def ss(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def anynan(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def anynan(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def anynan(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def allnan(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def allnan(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def allnan(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nancount(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nancount(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nancount(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def median(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def median(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def median(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanmedian(
    a: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanmedian(
    a: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanmedian(
    a: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...

# nanquantile, nanpercentile: q.shape + the reduced shape (NumPy's convention).
@overload
def nanquantile(
    a: ArrayLike,
    q: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanquantile(
    a: ArrayLike,
    q: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanquantile(
    a: ArrayLike,
    q: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...
@overload
def nanpercentile(
    a: ArrayLike,
    q: ArrayLike,
    axis: _Axes,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanpercentile(
    a: ArrayLike,
    q: ArrayLike,
    axis: _Axes = None,
    *,
    out: _ArrayT,
    keepdims: bool = False,
) -> _ArrayT: ...
@overload
def nanpercentile(
    a: ArrayLike,
    q: ArrayLike,
    axis: _Axes = None,
    out: None = None,
    keepdims: bool = False,
) -> Any: ...

# The moving-window functions: float32 for float32 input, else float64; `out` itself when
# given.
@overload
def move_sum(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_sum(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_sum(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_mean(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_mean(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_mean(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_var(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    ddof: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_var(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    ddof: SupportsIndex = 0,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_var(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    ddof: SupportsIndex = 0,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_std(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    ddof: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_std(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    ddof: SupportsIndex = 0,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_std(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    ddof: SupportsIndex = 0,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_min(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_min(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_min(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_max(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_max(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_max(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_argmin(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_argmin(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_argmin(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_median(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_median(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_median(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_quantile(
    a: ArrayLike,
    window: SupportsIndex,
    q: float,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_quantile(
    a: ArrayLike,
    window: SupportsIndex,
    q: float,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_quantile(
    a: ArrayLike,
    window: SupportsIndex,
    q: float,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_rank(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_rank(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_rank(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_argmax(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_argmax(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_argmax(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...

# The two-input moving windows: float32 for float32 inputs, else float64; `out` itself
# when given.
@overload
def move_cov(
    a: ArrayLike,
    b: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_cov(
    a: ArrayLike,
    b: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_cov(
    a: ArrayLike,
    b: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_corr(
    a: ArrayLike,
    b: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_corr(
    a: ArrayLike,
    b: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_corr(
    a: ArrayLike,
    b: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...

# The exponential moving windows: float32 for float32 input, else float64; `out` itself
# when given. alpha and min_weight: numbers (Python, NumPy or 0-d arrays).
@overload
def move_exp_nanmean(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nanmean(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nanmean(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_exp_nansum(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nansum(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nansum(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_exp_nancount(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nancount(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nancount(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_exp_nanvar(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nanvar(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nanvar(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_exp_nanstd(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nanstd(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nanstd(
    a: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_exp_nancov(
    a: ArrayLike,
    b: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nancov(
    a: ArrayLike,
    b: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nancov(
    a: ArrayLike,
    b: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...
@overload
def move_exp_nancorr(
    a: ArrayLike,
    b: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nancorr(
    a: ArrayLike,
    b: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def move_exp_nancorr(
    a: ArrayLike,
    b: ArrayLike,
    alpha: SupportsFloat,
    min_weight: SupportsFloat = 0,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[np.floating[Any]]: ...

# The fills keep the input's dtype.
@overload
def push(
    a: ArrayLike,
    n: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def push(
    a: ArrayLike,
    n: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def push(
    a: ArrayLike,
    n: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[Any]: ...
@overload
def ffill(
    a: ArrayLike,
    limit: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def ffill(
    a: ArrayLike,
    limit: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def ffill(
    a: ArrayLike,
    limit: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[Any]: ...
@overload
def bfill(
    a: ArrayLike,
    limit: SupportsIndex | None,
    axis: SupportsIndex,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def bfill(
    a: ArrayLike,
    limit: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def bfill(
    a: ArrayLike,
    limit: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    out: None = None,
) -> NDArray[Any]: ...

# In place: returns its argument.
def replace(a: _ArrayT, old: SupportsFloat, new: SupportsFloat) -> _ArrayT: ...

# rankdata, nanrankdata, partition, argpartition: shaped like a (1-D for axis=None).
@overload
def rankdata(
    a: ArrayLike,
    axis: SupportsIndex | None,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def rankdata(
    a: ArrayLike,
    axis: SupportsIndex | None = None,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def rankdata(
    a: ArrayLike,
    axis: SupportsIndex | None = None,
    out: None = None,
) -> NDArray[np.float64]: ...
@overload
def nanrankdata(
    a: ArrayLike,
    axis: SupportsIndex | None,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def nanrankdata(
    a: ArrayLike,
    axis: SupportsIndex | None = None,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def nanrankdata(
    a: ArrayLike,
    axis: SupportsIndex | None = None,
    out: None = None,
) -> NDArray[np.float64]: ...
@overload
def partition(
    a: ArrayLike,
    kth: SupportsIndex,
    axis: SupportsIndex | None,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def partition(
    a: ArrayLike,
    kth: SupportsIndex,
    axis: SupportsIndex | None = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def partition(
    a: ArrayLike,
    kth: SupportsIndex,
    axis: SupportsIndex | None = -1,
    out: None = None,
) -> NDArray[Any]: ...
@overload
def argpartition(
    a: ArrayLike,
    kth: SupportsIndex,
    axis: SupportsIndex | None,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def argpartition(
    a: ArrayLike,
    kth: SupportsIndex,
    axis: SupportsIndex | None = -1,
    *,
    out: _ArrayT,
) -> _ArrayT: ...
@overload
def argpartition(
    a: ArrayLike,
    kth: SupportsIndex,
    axis: SupportsIndex | None = -1,
    out: None = None,
) -> NDArray[np.intp]: ...
def get_num_threads() -> int: ...
def set_num_threads(n: SupportsIndex) -> None: ...
def threads(n: SupportsIndex) -> AbstractContextManager[None]: ...
