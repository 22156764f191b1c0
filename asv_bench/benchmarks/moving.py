"""Benchmarks of the moving-window functions (parafunc/moving.py); the cases are in
``_registry``."""

from ._registry import FunctionBenchmarks


# Named like the function, so that asv reports `moving.move_mean.time_call`.
class move_mean(FunctionBenchmarks):
    function = "move_mean"


class move_sum(FunctionBenchmarks):
    function = "move_sum"


class move_var(FunctionBenchmarks):
    function = "move_var"


class move_std(FunctionBenchmarks):
    function = "move_std"


class move_min(FunctionBenchmarks):
    function = "move_min"


class move_max(FunctionBenchmarks):
    function = "move_max"


class move_argmin(FunctionBenchmarks):
    function = "move_argmin"


class move_argmax(FunctionBenchmarks):
    function = "move_argmax"


class move_median(FunctionBenchmarks):
    function = "move_median"


class move_quantile(FunctionBenchmarks):
    function = "move_quantile"


class move_rank(FunctionBenchmarks):
    function = "move_rank"
