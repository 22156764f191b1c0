"""Benchmarks of the reductions (parafunc/reduce.py); the cases are in ``_registry``."""

from ._registry import FunctionBenchmarks


# Named like the function, so that asv reports `reduce.nansum.time_call`.
class nansum(FunctionBenchmarks):
    function = "nansum"
