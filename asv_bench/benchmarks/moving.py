"""Benchmarks of the moving-window functions (parafunc/moving.py); the cases are in
``_registry``."""

from ._registry import FunctionBenchmarks


# Named like the function, so that asv reports `moving.move_mean.time_call`.
class move_mean(FunctionBenchmarks):
    function = "move_mean"
