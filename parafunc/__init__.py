"""parafunc: fast, parallel, NaN-aware array functions for NumPy.

Every function is a native NumPy generalized ufunc running on a oneTBB thread pool
without the GIL. The raw gufuncs are in :mod:`parafunc.gufuncs`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import gufuncs
from .moving import move_mean
from .reduce import nansum
from .threads import get_num_threads, set_num_threads, threads

__all__ = [
    "get_num_threads",
    "gufuncs",
    "move_mean",
    "nansum",
    "set_num_threads",
    "threads",
]
