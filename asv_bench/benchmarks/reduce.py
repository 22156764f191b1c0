"""Benchmarks of the reductions (parafunc/reduce.py); the cases are in ``_registry``."""

from typing import ClassVar

from ._registry import CASES, LIBRARIES, SHORT_SERIES_CASES, THREADS, FunctionBenchmarks


class ReductionBenchmarks(FunctionBenchmarks):
    """FunctionBenchmarks with the short-series cases too; abstract as its base."""

    params: ClassVar = [LIBRARIES, list(CASES) + list(SHORT_SERIES_CASES), THREADS]


# Named like the functions, so that asv reports `reduce.nansum.time_call`.


class nansum(ReductionBenchmarks):
    function = "nansum"


class nanmean(ReductionBenchmarks):
    function = "nanmean"


class nanvar(ReductionBenchmarks):
    function = "nanvar"


class nanstd(ReductionBenchmarks):
    function = "nanstd"


class nanmin(ReductionBenchmarks):
    function = "nanmin"


class nanmax(ReductionBenchmarks):
    function = "nanmax"


class nanargmin(ReductionBenchmarks):
    function = "nanargmin"


class nanargmax(ReductionBenchmarks):
    function = "nanargmax"


class ss(ReductionBenchmarks):
    function = "ss"


class anynan(ReductionBenchmarks):
    function = "anynan"


class allnan(ReductionBenchmarks):
    function = "allnan"


class nancount(ReductionBenchmarks):
    function = "nancount"
