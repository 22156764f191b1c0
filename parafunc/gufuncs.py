"""The raw gufuncs, one level below the public API.

These are real ``numpy.ufunc`` objects: broadcasting, ``axes=``, ``out=`` and dtype
dispatch come from NumPy, and dask arrays reach ``dask.array.apply_gufunc`` through
``__array_ufunc__`` (core dimensions must then be a single chunk). They take every
argument explicitly and validate only what the kernel needs; the wrappers in
``parafunc`` add bottleneck's defaults and clear error messages.

- The reductions ``nansum(a)``, ``nanmean(a)``, ``nanmin(a)``, ``nanmax(a)``,
  ``nanargmin(a)``, ``nanargmax(a)``, ``ss(a)``, ``anynan(a)``, ``allnan(a)`` and
  ``nancount(a)``, signature ``(n)->()``; ``nanvar(a, ddof)`` and ``nanstd(a, ddof)``,
  signature ``(n),()->()``. nanmin and nanmax of an empty series, and nanargmin and
  nanargmax of an empty or all-NaN one, raise ValueError.
- ``median(a)`` and ``nanmedian(a)``, signature ``(n)->()``, and ``nanquantile(a, q)``,
  signature ``(n),(k)->(k)``, with ``q`` float64 quantiles in [0, 1] (not checked: the
  wrappers check them).
- The moving windows ``move_sum``, ``move_mean``, ``move_min``, ``move_max``,
  ``move_argmin``, ``move_argmax``, ``move_median`` and ``move_rank(a, window,
  min_count)``, signature ``(n),(),()->(n)``; ``move_var`` and ``move_std(a, window,
  min_count, ddof)`` and ``move_quantile(a, window, min_count, q)``, signature
  ``(n),(),(),()->(n)``; ``window``, ``min_count`` and ``ddof`` are integers, ``q`` a
  float64 in [0, 1] (ValueError otherwise), each a scalar or an array broadcast against
  the series, with ``1 <= min_count <= window``; a window longer than the series is
  allowed.
- The exponential moving windows ``move_exp_nanmean``, ``move_exp_nansum``,
  ``move_exp_nanvar``, ``move_exp_nanstd`` and ``move_exp_nancount(a, alpha, min_weight)``,
  signature ``(n),(),()->(n)``, and ``move_exp_nancov`` and ``move_exp_nancorr(a, b, alpha,
  min_weight)``, signature ``(n),(n),(),()->(n)``; ``alpha`` (in (0, 1]) and ``min_weight``
  (>= 0) are float64, numbers or arrays broadcast against the series (one per series).
  ``a`` and ``b`` run in their common dtype.
- The two-input moving windows ``move_cov`` and ``move_corr(a, b, window, min_count)``,
  signature ``(n),(n),(),()->(n)``: ``a`` and ``b`` broadcast against each other; the
  loop is chosen by ``a``'s dtype and ``b`` is cast to it by NumPy's rules (float64
  into float32 silently, float into integer a TypeError): pass both of one dtype.
- The fills ``ffill(a, limit)`` and ``bfill(a, limit)``, signature ``(n),()->(n)``: each
  NaN becomes the last non-NaN value before it (bfill: the next one after it) at most
  ``limit`` steps away (an integer >= 0, ValueError otherwise; the series' length or more
  for no limit). The output has the input's dtype; ``out=`` the input fills in place.
- ``replace(a, old, new)``, signature ``(n),(),()->(n)``: ``a`` with every element equal
  to ``old`` (every NaN where ``old`` is NaN) replaced by ``new``, both in ``a``'s dtype;
  with ``out=a``, in place.

- The orderings ``rankdata(a)`` and ``nanrankdata(a)``, signature ``(n)->(n)`` with
  float64 ranks, and ``partition(a, kth)`` and ``argpartition(a, kth)``, signature
  ``(n),()->(n)`` with ``kth`` an integer from ``-n`` to ``n - 1`` (ValueError
  otherwise) and the input's dtype or intp indices out.

float32, float64, int32 and int64 data run natively; other real dtypes are cast to
float64 by NumPy before the loop (a copy), complex and non-numeric dtypes raise TypeError.
"""

from ._tbb import load_extension

_core = load_extension()

allnan = _core.allnan
anynan = _core.anynan
argpartition = _core.argpartition
bfill = _core.bfill
ffill = _core.ffill
median = _core.median
move_argmax = _core.move_argmax
move_argmin = _core.move_argmin
move_corr = _core.move_corr
move_cov = _core.move_cov
move_exp_nancorr = _core.move_exp_nancorr
move_exp_nancount = _core.move_exp_nancount
move_exp_nancov = _core.move_exp_nancov
move_exp_nanmean = _core.move_exp_nanmean
move_exp_nanstd = _core.move_exp_nanstd
move_exp_nansum = _core.move_exp_nansum
move_exp_nanvar = _core.move_exp_nanvar
move_max = _core.move_max
move_mean = _core.move_mean
move_median = _core.move_median
move_min = _core.move_min
move_quantile = _core.move_quantile
move_rank = _core.move_rank
move_std = _core.move_std
move_sum = _core.move_sum
move_var = _core.move_var
nanargmax = _core.nanargmax
nanargmin = _core.nanargmin
nancount = _core.nancount
nanmax = _core.nanmax
nanmean = _core.nanmean
nanmedian = _core.nanmedian
nanmin = _core.nanmin
nanquantile = _core.nanquantile
nanrankdata = _core.nanrankdata
nanstd = _core.nanstd
nansum = _core.nansum
nanvar = _core.nanvar
partition = _core.partition
rankdata = _core.rankdata
replace = _core.replace
ss = _core.ss

__all__ = [
    "allnan",
    "anynan",
    "argpartition",
    "bfill",
    "ffill",
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
    "nanquantile",
    "nanrankdata",
    "nanstd",
    "nansum",
    "nanvar",
    "partition",
    "rankdata",
    "replace",
    "ss",
]
