# Type stubs of parafunc.numbagg (numbagg 0.9.6's API on parafunc; the implementation is
# parafunc/numbagg.py). Checked by tests/test_typing.py.
from collections.abc import Iterable, Sequence
from typing import Any, SupportsFloat, SupportsIndex, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

__version__: str
__all__: list[str]

# Aggregations return a NumPy scalar over every axis, an ndarray otherwise.
_Axes = SupportsIndex | Sequence[SupportsIndex] | None

def nansum(*arrays: ArrayLike, axis: _Axes = None) -> Any: ...
def nanmean(*arrays: ArrayLike, axis: _Axes = None) -> Any: ...
def nanvar(*arrays: ArrayLike, ddof: SupportsIndex = 1, axis: _Axes = None) -> Any: ...
def nanstd(*arrays: ArrayLike, ddof: SupportsIndex = 1, axis: _Axes = None) -> Any: ...
def nancount(*arrays: ArrayLike, axis: _Axes = None) -> Any: ...
def count(*arrays: ArrayLike, axis: _Axes = None) -> Any: ...
def anynan(*arrays: ArrayLike, axis: _Axes = None) -> Any: ...
def allnan(*arrays: ArrayLike, axis: _Axes = None) -> Any: ...
def nanmax(arr: ArrayLike, *args: Any, axis: _Axes = None) -> Any: ...
def nanmin(arr: ArrayLike, *args: Any, axis: _Axes = None) -> Any: ...
def nanargmax(arr: ArrayLike, *args: Any, axis: _Axes = None) -> Any: ...
def nanargmin(arr: ArrayLike, *args: Any, axis: _Axes = None) -> Any: ...
def nanquantile(
    a: ArrayLike, quantiles: float | Iterable[float], axis: _Axes = None, **kwargs: Any
) -> NDArray[np.float64]: ...
def nanmedian(a: ArrayLike, *, axis: _Axes = None, **kwargs: Any) -> NDArray[np.float64]: ...

_MovingAxis = SupportsIndex | tuple[SupportsIndex, ...]
_Moving = NDArray[np.floating[Any]]

def move_sum(
    *arr: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: _MovingAxis = -1,
    **kwargs: Any,
) -> _Moving: ...
def move_mean(
    *arr: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: _MovingAxis = -1,
    **kwargs: Any,
) -> _Moving: ...
def move_std(
    *arr: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: _MovingAxis = -1,
    **kwargs: Any,
) -> _Moving: ...
def move_var(
    *arr: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: _MovingAxis = -1,
    **kwargs: Any,
) -> _Moving: ...
def move_cov(
    *arr: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: _MovingAxis = -1,
    **kwargs: Any,
) -> _Moving: ...
def move_corr(
    *arr: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: _MovingAxis = -1,
    **kwargs: Any,
) -> _Moving: ...

_Alpha = SupportsFloat | NDArray[np.floating[Any]]

def move_exp_nanmean(
    *arr: ArrayLike, alpha: _Alpha, min_weight: float = 0, axis: _MovingAxis = -1, **kwargs: Any
) -> _Moving: ...
def move_exp_nansum(
    *arr: ArrayLike, alpha: _Alpha, min_weight: float = 0, axis: _MovingAxis = -1, **kwargs: Any
) -> _Moving: ...
def move_exp_nancount(
    *arr: ArrayLike, alpha: _Alpha, min_weight: float = 0, axis: _MovingAxis = -1, **kwargs: Any
) -> _Moving: ...
def move_exp_nanvar(
    *arr: ArrayLike, alpha: _Alpha, min_weight: float = 0, axis: _MovingAxis = -1, **kwargs: Any
) -> _Moving: ...
def move_exp_nanstd(
    *arr: ArrayLike, alpha: _Alpha, min_weight: float = 0, axis: _MovingAxis = -1, **kwargs: Any
) -> _Moving: ...
def move_exp_nancov(
    *arr: ArrayLike, alpha: _Alpha, min_weight: float = 0, axis: _MovingAxis = -1, **kwargs: Any
) -> _Moving: ...
def move_exp_nancorr(
    *arr: ArrayLike, alpha: _Alpha, min_weight: float = 0, axis: _MovingAxis = -1, **kwargs: Any
) -> _Moving: ...

_Filled = TypeVar("_Filled", bound=NDArray[Any])

def ffill(
    arr: _Filled, *, limit: SupportsIndex | None = None, axis: SupportsIndex = -1, **kwargs: Any
) -> _Filled: ...
def bfill(
    arr: _Filled, *, limit: SupportsIndex | None = None, axis: SupportsIndex = -1, **kwargs: Any
) -> _Filled: ...
