"""Benchmarks of the fills (parafunc/fills.py) against bottleneck (push, replace), numbagg
(ffill, bfill) and NumPy; the cases (among them (1000, 10000) float64 with 1% NaN along
both axes, and a length-10 array) are in ``_registry``. replace replaces NaN with NaN, in
place: the benchmark's array stays the same from one call to the next."""

from ._registry import FunctionBenchmarks


# Named like the functions, so that asv reports `fills.push.time_call`.
class push(FunctionBenchmarks):
    function = "push"


class ffill(FunctionBenchmarks):
    function = "ffill"


class bfill(FunctionBenchmarks):
    function = "bfill"


class replace(FunctionBenchmarks):
    function = "replace"
