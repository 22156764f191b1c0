"""Typed use of parafunc's public API, checked with ``mypy --strict`` by test_typing.py.

Every line must type-check as written: the stubs (parafunc/__init__.pyi and
parafunc/gufuncs.pyi) must accept what users write and give useful types back.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

import parafunc as pf
import parafunc.bottleneck as bn
import parafunc.numbagg as nb
from parafunc import gufuncs

a: NDArray[np.float64] = np.linspace(0.0, 1.0, 10)
table: NDArray[np.float32] = np.ones((4, 5), dtype=np.float32)

# nansum: axis=None by default, an int axis, out= positional or by keyword.
total = pf.nansum(a)
as_float: float = float(pf.nansum(a))
column_sums = pf.nansum(table, axis=0)
row_sums = pf.nansum(table, 1)
buffer: NDArray[np.float32] = np.empty(5, dtype=np.float32)
same_buffer: NDArray[np.float32] = pf.nansum(table, axis=0, out=buffer)
same_again: NDArray[np.float32] = pf.nansum(table, 0, buffer)
from_list = pf.nansum([1.0, float("nan"), 3.0])
numpy_axis = pf.nansum(table, axis=np.int64(1))

# The other reductions: axis tuples, keepdims, ddof, out=.
mean_all = pf.nanmean(table)
kept: NDArray[np.float32] = pf.nanmean(table, axis=(0, 1), keepdims=True)
variance = pf.nanvar(table, axis=0, ddof=1)
deviation = pf.nanstd(table, 1, 1)
into_var: NDArray[np.float32] = pf.nanvar(table, 0, 1, buffer)
lowest = pf.nanmin(table, axis=1)
highest = pf.nanmax(table, keepdims=True)
where_lowest = pf.nanargmin(table, axis=np.int64(0))
where_highest = pf.nanargmax(a)
squares = pf.ss(table, axis=0, out=buffer)
has_nan = bool(pf.anynan(a))
only_nan = pf.allnan(table, axis=(1,))
counts = pf.nancount(table, axis=0)
middle = pf.median(table, axis=0)
middle_nan: NDArray[np.float32] = pf.nanmedian(table, axis=(0, 1), keepdims=True)
quartiles = pf.nanquantile(table, [0.25, 0.75], axis=1)
one_quantile = pf.nanquantile(a, 0.5)
percentiles = pf.nanpercentile(table, np.array([10.0, 90.0]), axis=None, keepdims=True)

# move_mean: bottleneck's argument order, keywords, out=.
means: NDArray[np.floating[Any]] = pf.move_mean(a, 3)
means_keywords: NDArray[np.floating[Any]] = pf.move_mean(a, window=3, min_count=1, axis=-1)
means_positional: NDArray[np.floating[Any]] = pf.move_mean(table, 2, None, 0)
target: NDArray[np.float64] = np.empty_like(a)
into: NDArray[np.float64] = pf.move_mean(a, 3, out=target)
into_positional: NDArray[np.float64] = pf.move_mean(a, 3, 2, -1, target)
in_place: NDArray[np.float64] = pf.move_mean(a, 3, out=a)
first: float = float(means[0])

# The exponential moving windows: alpha positional or by keyword, out=, two arrays.
smooth: NDArray[np.floating[Any]] = pf.move_exp_nanmean(a, 0.1)
smooth_keywords = pf.move_exp_nanmean(a, alpha=np.float64(0.1), min_weight=0.5, axis=-1)
into_smooth: NDArray[np.float64] = pf.move_exp_nanstd(a, 0.1, out=target)
into_smooth_positional: NDArray[np.float64] = pf.move_exp_nanvar(a, 0.1, 0, -1, target)
decayed = [pf.move_exp_nansum(table, 0.5, axis=0), pf.move_exp_nancount(a, 1)]
together: NDArray[np.floating[Any]] = pf.move_exp_nancorr(a, a[::-1], 0.2)
into_cov: NDArray[np.float64] = pf.move_exp_nancov(a, a, alpha=0.2, out=target)
# move_cov, move_corr: two arrays, then move_mean's arguments.
covariances: NDArray[np.floating[Any]] = pf.move_cov(a, a[::-1], 3)
correlations: NDArray[np.floating[Any]] = pf.move_corr(table, table, window=2, min_count=2, axis=0)
cov_into: NDArray[np.float64] = pf.move_cov(a, a, 3, 2, -1, target)
corr_in_place: NDArray[np.float64] = pf.move_corr(a, [1.0] * 10, 3, out=a)
raw_pairs: np.ufunc = pf.gufuncs.move_corr

# The fills: the limit positional or by keyword, out=; replace in place.
filled: NDArray[Any] = pf.push(a)
filled_limited = pf.push(a, 2, axis=-1)
forward: NDArray[np.float64] = pf.ffill(a, limit=None, out=target)
backward: NDArray[np.float64] = pf.bfill(a, 1, -1, target)
replaced: NDArray[np.float64] = pf.replace(a, np.nan, 0)

# Ranks and partitions: axis=None (ranks) or -1 (partitions) by default, out=.
ranks: NDArray[np.float64] = pf.rankdata(table)
ranks_along: NDArray[np.float64] = pf.nanrankdata(table, axis=0)
into_ranks: NDArray[np.float64] = pf.rankdata(a, None, target)
split = pf.partition(table, 2)
split_flat = pf.partition(table, kth=np.int64(-1), axis=None)
order: NDArray[np.intp] = pf.argpartition(a, 3, axis=0)
into_split: NDArray[np.float64] = pf.partition(a, 1, out=target)

# Thread control.
count: int = pf.get_num_threads()
pf.set_num_threads(count)
pf.set_num_threads(np.int64(1))
with pf.threads(2):
    pf.nansum(a)
with pf.threads(count) as nothing:
    assert nothing is None

# The raw gufuncs are numpy ufuncs.
raw: np.ufunc = gufuncs.nansum
raw_moving: np.ufunc = pf.gufuncs.move_mean
signature: str | None = raw_moving.signature

version: str = pf.__version__
names: list[str] = pf.__all__

# The drop-in namespaces: bottleneck's and numbagg's calls, unchanged.
bn_total: float = bn.nansum(a)
bn_columns = bn.nanstd(table, 0, ddof=1)
bn_window: NDArray[np.floating[Any]] = bn.move_mean(a, 3, min_count=1, axis=-1)
bn_names: list[str] = bn.get_functions("move", as_string=True)
nb_spread = nb.nanstd(table, ddof=1, axis=(0, 1))
nb_window: NDArray[np.floating[Any]] = nb.move_mean(a, window=3, min_count=2)
nb_decay: NDArray[np.floating[Any]] = nb.move_exp_nancorr(a, a, alpha=0.5, min_weight=0.1)
nb_quartiles = nb.nanquantile(table, [0.25, 0.75], axis=1)
