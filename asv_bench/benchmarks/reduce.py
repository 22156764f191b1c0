"""Benchmarks of the reductions (parafunc/reduce.py); the cases are in ``_registry``."""

from ._registry import FunctionBenchmarks

# Named like the functions, so that asv reports `reduce.nansum.time_call`.


class nansum(FunctionBenchmarks):
    function = "nansum"


class nanmean(FunctionBenchmarks):
    function = "nanmean"


class nanvar(FunctionBenchmarks):
    function = "nanvar"


class nanstd(FunctionBenchmarks):
    function = "nanstd"


class nanmin(FunctionBenchmarks):
    function = "nanmin"


class nanmax(FunctionBenchmarks):
    function = "nanmax"


class nanargmin(FunctionBenchmarks):
    function = "nanargmin"


class nanargmax(FunctionBenchmarks):
    function = "nanargmax"


class ss(FunctionBenchmarks):
    function = "ss"


class anynan(FunctionBenchmarks):
    function = "anynan"


class allnan(FunctionBenchmarks):
    function = "allnan"


class nancount(FunctionBenchmarks):
    function = "nancount"
