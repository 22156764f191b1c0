"""The parameter descriptions the functions of a family share, substituted into the
wrappers' numpydoc docstrings (``${a}``, ``${axis}``, ``${out}``, ``${keepdims}`` for the
reductions; ``${window}``, ``${min_count}``, ``${moving_axis}``, ``${moving_out}``,
``${ddof}`` for the moving windows; ``${a_b}``, ``${pair_min_count}``, ``${pair_out}``
for the two-input ones; ``${b}``, ``${alpha}``, ``${min_weight}`` for the exponential
ones; ``${fill_a}``, ``${fill_axis}``, ``${fill_out}``, ``${fill_returns}`` for the
fills), so that each is written once and reads the same in every function's help."""

from __future__ import annotations

from string import Template

PARAMETERS = {
    "a": """a : array_like
        Input array. float32, float64, int32 and int64 run natively; bool and other
        integers are converted to int64 first, float16 and uint64 to float64.""",
    "axis": """axis : int, tuple of ints or None, optional
        Axis or axes to reduce. The default, None, reduces all of them.""",
    "out": """out : ndarray, optional
        Where to put the result: exactly the result's shape and dtype.""",
    "keepdims": """keepdims : bool, optional
        Keep the reduced axes, with length one, so that the result broadcasts against
        the input.""",
    "window": """window : int
        Number of elements in the window, from 1 to the length of ``axis``.""",
    "min_count": """min_count : int, optional
        Fewest non-NaN elements a window must hold for a result; else the output is NaN.
        Default: ``window``. The first ``window - 1`` outputs use the shorter windows
        that end there.""",
    "moving_axis": """axis : int, optional
        Axis along which to move. Default: the last.""",
    "moving_out": """out : ndarray, optional
        Where to put the result, of the input's shape and the result's dtype; it may be
        the input itself (float inputs). Passing a preallocated ``out`` is the fastest
        way to call this repeatedly.""",
    "ddof": """ddof : int, optional
        Delta degrees of freedom: the divisor is ``count - ddof``, where ``count`` is the
        number of non-NaN elements in the window. Default: 0.""",
    "b": """b : array_like
        The second series, broadcast against ``a``; a pair counts where neither element
        is NaN. Mixed dtypes are computed in their common dtype.""",
    "alpha": """alpha : float
        The smoothing factor, in (0, 1]: the element k steps back weighs
        ``(1 - alpha)**k``. One number for every series (the raw gufunc in
        :mod:`parafunc.gufuncs` also takes an array of them, broadcast against the
        series).""",
    "min_weight": """min_weight : float, optional
        Output NaN where the total weight of the non-NaN elements so far, numbagg's
        ``sum(alpha * (1 - alpha)**k)`` (at most 1), is below it. Default: 0.""",
    "a_b": """a, b : array_like
        The two input arrays, of the same shape. Both are converted to one dtype first,
        NumPy's promotion of theirs: float32, float64, int32 and int64 run natively; bool
        and other integers are converted to int64, float16 and uint64 to float64.""",
    "pair_min_count": """min_count : int, optional
        Fewest pairs ``(a[i], b[i])`` with no NaN a window must hold for a result; else the
        output is NaN (also for fewer than 2 pairs, whatever ``min_count``). Default:
        ``window``. The first ``window - 1`` outputs use the shorter windows that end
        there.""",
    "pair_out": """out : ndarray, optional
        Where to put the result, of the inputs' shape and the result's dtype; it may be
        ``a`` or ``b`` itself (float inputs). Passing a preallocated ``out`` is the fastest
        way to call this repeatedly.""",
    "fill_a": """a : array_like
        Input array. float32, float64, int32 and int64 run natively; float16 and
        longdouble are filled exactly too; integers and bool, which hold no NaN, are
        copied.""",
    "fill_axis": """axis : int, optional
        Axis along which to fill. Default: the last. None is refused (ValueError), as
        bottleneck does.""",
    "fill_out": """out : ndarray, optional
        Where to put the result, of the input's shape and dtype; it may be the input
        itself, which fills it in place (writing only the NaN filled).""",
    "fill_returns": """The input with its NaN filled, of its dtype, laid out in memory like it.
        Values are copied bit for bit; +-inf are values like any other.""",
}


def documented(func):
    """``func`` with the shared parameter descriptions substituted into its docstring."""
    func.__doc__ = Template(func.__doc__).substitute(PARAMETERS)
    return func
