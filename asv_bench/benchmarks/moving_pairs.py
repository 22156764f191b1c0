"""Benchmarks of the two-input moving windows (parafunc/moving_pairs.py) against numbagg
and NumPy; the cases are in ``_registry`` (float64 with 1% NaN: (1000, 10000) along both
axes, one long series, and a length-10 array for the per-call overhead). The second input
is the first reversed along its last axis (parafunc._report._partner)."""

from ._registry import FunctionBenchmarks


# Named like the functions, so that asv reports `moving_pairs.move_cov.time_call`.
class move_cov(FunctionBenchmarks):
    function = "move_cov"


class move_corr(FunctionBenchmarks):
    function = "move_corr"
