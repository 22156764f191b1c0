# Type stubs of parafunc's public API (the implementation is parafunc/*.py and the
# compiled parafunc._parafunc_core). Checked by tests/test_typing.py.
from contextlib import AbstractContextManager
from typing import Any, SupportsIndex, TypeVar, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import gufuncs as gufuncs

__version__: str
__all__ = [
    "get_num_threads",
    "gufuncs",
    "move_mean",
    "nansum",
    "set_num_threads",
    "threads",
]

_ArrayT = TypeVar("_ArrayT", bound=NDArray[Any])

# nansum: a NumPy scalar of the input's dtype for a 1-D result (axis=None, or a 1-D
# input), else an ndarray; `out` itself when given.
@overload
def nansum(a: ArrayLike, axis: SupportsIndex | None, out: _ArrayT) -> _ArrayT: ...
@overload
def nansum(a: ArrayLike, axis: SupportsIndex | None = None, *, out: _ArrayT) -> _ArrayT: ...
@overload
def nansum(a: ArrayLike, axis: SupportsIndex | None = None, out: None = None) -> Any: ...

# move_mean: float32 for float32 input, else float64; `out` itself when given.
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
def get_num_threads() -> int: ...
def set_num_threads(n: SupportsIndex) -> None: ...
def threads(n: SupportsIndex) -> AbstractContextManager[None]: ...
