# Type stubs of parafunc.bottleneck (bottleneck 1.6's API on parafunc; the implementation
# is parafunc/bottleneck.py). Checked by tests/test_typing.py.
from collections.abc import Sequence
from types import ModuleType
from typing import Any, Literal, SupportsIndex, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

__version__: str
__all__: list[str]
slow: ModuleType  # bottleneck.slow, when bottleneck is installed

# A reduction over everything returns a Python scalar (as bottleneck's C functions do), over
# one axis an ndarray; the fallback dtypes return NumPy's results.
_Axis = SupportsIndex | None

def nansum(a: ArrayLike, axis: _Axis = None) -> Any: ...
def nanmean(a: ArrayLike, axis: _Axis = None) -> Any: ...
def nanstd(a: ArrayLike, axis: _Axis = None, ddof: SupportsIndex = 0) -> Any: ...
def nanvar(a: ArrayLike, axis: _Axis = None, ddof: SupportsIndex = 0) -> Any: ...
def nanmin(a: ArrayLike, axis: _Axis = None) -> Any: ...
def nanmax(a: ArrayLike, axis: _Axis = None) -> Any: ...
def nanargmin(a: ArrayLike, axis: _Axis = None) -> Any: ...
def nanargmax(a: ArrayLike, axis: _Axis = None) -> Any: ...
def median(a: ArrayLike, axis: _Axis = None) -> Any: ...
def nanmedian(a: ArrayLike, axis: _Axis = None) -> Any: ...
def ss(a: ArrayLike, axis: _Axis = None) -> Any: ...
def anynan(a: ArrayLike, axis: _Axis = None) -> Any: ...
def allnan(a: ArrayLike, axis: _Axis = None) -> Any: ...

# push keeps the input's dtype; replace works in place and returns the array (None for
# the dtypes bottleneck hands to its fallback).
def push(
    a: ArrayLike, n: SupportsIndex | None = None, axis: SupportsIndex = -1
) -> NDArray[Any]: ...
def replace(a: NDArray[Any], old: float, new: float) -> NDArray[Any] | None: ...
def rankdata(a: ArrayLike, axis: SupportsIndex | None = None) -> NDArray[np.float64]: ...
def nanrankdata(a: ArrayLike, axis: SupportsIndex | None = None) -> NDArray[np.float64]: ...
def partition(
    a: ArrayLike, kth: SupportsIndex, axis: SupportsIndex | None = -1
) -> NDArray[Any]: ...
def argpartition(
    a: ArrayLike, kth: SupportsIndex, axis: SupportsIndex | None = -1
) -> NDArray[np.intp]: ...

# bottleneck's tooling: benchmarks printed; test runs bottleneck's own tests on this module.
def bench(
    shapes: Sequence[tuple[int, ...]] = ...,
    axes: Sequence[int] = ...,
    nans: Sequence[bool] = ...,
    dtype: str = "float64",
    order: Literal["C", "F"] = "C",
    functions: Sequence[str] | None = None,
) -> None: ...
def bench_detailed(function: str = "nansum", fraction_nan: float = 0.0) -> None: ...
def test(
    label: str = "fast",
    verbose: int = 1,
    extra_argv: Sequence[str] | None = None,
    doctests: bool = False,
    coverage: bool = False,
    tests: Sequence[str] | None = None,
    parallel: int | None = None,
) -> bool: ...

_Moving = NDArray[np.floating[Any]]

def move_sum(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
) -> _Moving: ...
def move_mean(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
) -> _Moving: ...
def move_std(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    ddof: SupportsIndex = 0,
) -> _Moving: ...
def move_var(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
    ddof: SupportsIndex = 0,
) -> _Moving: ...
def move_min(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
) -> _Moving: ...
def move_max(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
) -> _Moving: ...
def move_argmin(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
) -> _Moving: ...
def move_argmax(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
) -> _Moving: ...
def move_median(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
) -> _Moving: ...
def move_rank(
    a: ArrayLike,
    window: SupportsIndex,
    min_count: SupportsIndex | None = None,
    axis: SupportsIndex = -1,
) -> _Moving: ...
@overload
def get_functions(module_name: str, as_string: Literal[False] = False) -> list[Any]: ...
@overload
def get_functions(module_name: str, as_string: Literal[True]) -> list[str]: ...
