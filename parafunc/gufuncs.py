"""The raw gufuncs, one level below the public API.

These are real ``numpy.ufunc`` objects: broadcasting, ``axes=``, ``out=`` and dtype
dispatch come from NumPy, and dask arrays reach ``dask.array.apply_gufunc`` through
``__array_ufunc__`` (core dimensions must then be a single chunk). They take every
argument explicitly and validate only what the kernel needs; the wrappers in
``parafunc`` add bottleneck's defaults and clear error messages.

- ``nansum(a)``, signature ``(n)->()``.
- ``move_mean(a, window, min_count)``, signature ``(n),(),()->(n)``; ``window`` and
  ``min_count`` are integers (or integer arrays, broadcast against the series) with
  ``1 <= min_count <= window``; a window longer than the series is allowed.

float32, float64, int32 and int64 data run natively; other real dtypes are cast to
float64 by NumPy before the loop (a copy), complex and non-numeric dtypes raise TypeError.
"""

from ._tbb import load_extension

_core = load_extension()

nansum = _core.nansum
move_mean = _core.move_mean

__all__ = ["move_mean", "nansum"]
