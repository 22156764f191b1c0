"""parafunc: fast, parallel, NaN-aware array functions for NumPy.

Every function is a native NumPy generalized ufunc running on a oneTBB thread pool
without the GIL. The raw gufuncs are in :mod:`parafunc.gufuncs`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import gufuncs
from .exponential import (
    move_exp_nancorr,
    move_exp_nancount,
    move_exp_nancov,
    move_exp_nanmean,
    move_exp_nanstd,
    move_exp_nansum,
    move_exp_nanvar,
)
from .fills import bfill, ffill, push, replace
from .moving import (
    move_argmax,
    move_argmin,
    move_max,
    move_mean,
    move_median,
    move_min,
    move_quantile,
    move_rank,
    move_std,
    move_sum,
    move_var,
)
from .moving_pairs import move_corr, move_cov
from .quantile import median, nanmedian, nanpercentile, nanquantile
from .ranks import argpartition, nanrankdata, partition, rankdata
from .reduce import (
    allnan,
    anynan,
    nanargmax,
    nanargmin,
    nancount,
    nanmax,
    nanmean,
    nanmin,
    nanstd,
    nansum,
    nanvar,
    ss,
)
from .threads import get_num_threads, set_num_threads, threads

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
