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
  ``move_argmin`` and ``move_argmax(a, window, min_count)``, signature ``(n),(),()->(n)``,
  and ``move_var`` and ``move_std(a, window, min_count, ddof)``, signature
  ``(n),(),(),()->(n)``; ``window``, ``min_count`` and ``ddof`` are integers (or integer
  arrays, broadcast against the series) with ``1 <= min_count <= window``; a window
  longer than the series is allowed.
- The two-input moving windows ``move_cov`` and ``move_corr(a, b, window, min_count)``,
  signature ``(n),(n),(),()->(n)``: ``a`` and ``b`` broadcast against each other; the
  loop is chosen by ``a``'s dtype and ``b`` is cast to it by NumPy's rules (float64
  into float32 silently, float into integer a TypeError): pass both of one dtype.

float32, float64, int32 and int64 data run natively; other real dtypes are cast to
float64 by NumPy before the loop (a copy), complex and non-numeric dtypes raise TypeError.
"""

from ._tbb import load_extension

_core = load_extension()

allnan = _core.allnan
anynan = _core.anynan
median = _core.median
move_argmax = _core.move_argmax
move_argmin = _core.move_argmin
move_corr = _core.move_corr
move_cov = _core.move_cov
move_max = _core.move_max
move_mean = _core.move_mean
move_min = _core.move_min
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
nanstd = _core.nanstd
nansum = _core.nansum
nanvar = _core.nanvar
ss = _core.ss

__all__ = [
    "allnan",
    "anynan",
    "median",
    "move_argmax",
    "move_argmin",
    "move_corr",
    "move_cov",
    "move_max",
    "move_mean",
    "move_min",
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
    "nanstd",
    "nansum",
    "nanvar",
    "ss",
]
