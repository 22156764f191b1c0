"""Benchmarks of the medians and quantiles (parafunc/quantile.py); the cases are in
``_registry``."""

from .reduce import ReductionBenchmarks

# Named like the functions, so that asv reports `quantile.nanmedian.time_call`.


class median(ReductionBenchmarks):
    function = "median"


class nanmedian(ReductionBenchmarks):
    function = "nanmedian"


class nanquantile(ReductionBenchmarks):
    function = "nanquantile"


class nanpercentile(ReductionBenchmarks):
    function = "nanpercentile"
