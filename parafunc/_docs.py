"""The parameter descriptions every reduction shares, substituted into the wrappers'
numpydoc docstrings (``${a}``, ``${axis}``, ``${out}``, ``${keepdims}``), so that each is
written once and reads the same in every function's help."""

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
}


def documented(func):
    """``func`` with the shared parameter descriptions substituted into its docstring."""
    func.__doc__ = Template(func.__doc__).substitute(PARAMETERS)
    return func
