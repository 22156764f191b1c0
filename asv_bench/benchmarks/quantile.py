"""Benchmarks of the medians and quantiles (parafunc/quantile.py); the cases are in
``_registry``."""

from ._registry import FunctionBenchmarks

# Named like the functions, so that asv reports `quantile.nanmedian.time_call`.


class median(FunctionBenchmarks):
    function = "median"


class nanmedian(FunctionBenchmarks):
    function = "nanmedian"


class nanquantile(FunctionBenchmarks):
    function = "nanquantile"


class nanpercentile(FunctionBenchmarks):
    function = "nanpercentile"
