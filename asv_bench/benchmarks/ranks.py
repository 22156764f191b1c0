"""Benchmarks of the ranks and partitions (parafunc/ranks.py); the cases are in
``_registry``."""

from ._registry import FunctionBenchmarks

# Named like the functions, so that asv reports `ranks.rankdata.time_call`.


class rankdata(FunctionBenchmarks):
    function = "rankdata"


class nanrankdata(FunctionBenchmarks):
    function = "nanrankdata"


class partition(FunctionBenchmarks):
    function = "partition"


class argpartition(FunctionBenchmarks):
    function = "argpartition"
