"""Benchmarks of the exponential moving windows (parafunc/exponential.py) against numbagg
and NumPy; the cases (among them (1000, 10000) float64 with 1% NaN along both axes, and
a length-10 array) are in ``_registry``."""

from ._registry import FunctionBenchmarks


# Named like the functions, so that asv reports `exponential.move_exp_nanmean.time_call`.
class move_exp_nanmean(FunctionBenchmarks):
    function = "move_exp_nanmean"


class move_exp_nansum(FunctionBenchmarks):
    function = "move_exp_nansum"


class move_exp_nancount(FunctionBenchmarks):
    function = "move_exp_nancount"


class move_exp_nanvar(FunctionBenchmarks):
    function = "move_exp_nanvar"


class move_exp_nanstd(FunctionBenchmarks):
    function = "move_exp_nanstd"


class move_exp_nancov(FunctionBenchmarks):
    function = "move_exp_nancov"


class move_exp_nancorr(FunctionBenchmarks):
    function = "move_exp_nancorr"
