"""bottleneck's tooling in parafunc.bottleneck: ``bench`` and ``bench_detailed`` (the
speed of each function against NumPy, printed as bottleneck prints its own) and ``test``
(bottleneck's own test suite, run against the namespace)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

import parafunc

from . import _report

# The NumPy formulation and the calling convention of each function (the report's).
_FUNCTIONS = {f.name: f for f in _report.FUNCTIONS}


def _speed(namespace, name: str, a: np.ndarray, axis):
    """(NumPy's best time / the namespace's, the namespace's best seconds), or None for
    the speed where NumPy has no formulation of the function."""
    function = _FUNCTIONS[name]

    def ours():
        return function.call(getattr(namespace, name), a, axis)

    mine = _best(ours)
    if function.numpy is None:
        return None, mine
    return _best(lambda: function.numpy(a, axis)) / mine, mine


def _best(run, rounds: int = 3) -> float:
    loops, first = _report.calibrate(run)
    return min([first] + [_report._time_loops(run, loops) / loops for _ in range(rounds)])


def _array(shape, nans: float, dtype, order: str, rng) -> np.ndarray:
    a = rng.standard_normal(shape).astype(dtype, order=order)
    if nans and a.dtype.kind == "f":
        a.flat[rng.integers(0, a.size, int(a.size * nans))] = np.nan
    return a


def bench(
    namespace,
    shapes=((100,), (1000, 1000), (1000, 1000), (1000, 1000), (1000, 1000)),
    axes=(0, 0, 0, 1, 1),
    nans=(False, False, True, False, True),
    dtype="float64",
    order="C",
    functions=None,
):
    """Print the speed of each function of ``namespace`` (NumPy's time divided by its time)
    for each (shape, axis, NaN or not), a fifth of the elements NaN where asked."""
    if len(shapes) != len(axes):
        raise ValueError("`shapes` and `axes` must have the same length")
    if len(shapes) != len(nans):
        raise ValueError("`shapes` and `nans` must have the same length")
    names = namespace.get_functions("all", as_string=True)
    if functions is not None:
        names = [name for name in names if name in functions]
    rng = np.random.default_rng(0)
    arrays = [
        _array(s, 0.2 if n else 0, dtype, order, rng) for s, n in zip(shapes, nans, strict=True)
    ]
    print("parafunc.bottleneck performance benchmark")
    print(f"    parafunc {parafunc.__version__}; Numpy {np.__version__}")
    print("    Speed is NumPy time divided by parafunc.bottleneck time")
    print(f"    NaN means approx one-fifth NaNs; {dtype} used")
    print()
    header = [
        ["NaN" if n else "no NaN" for n in nans],
        [str(s).replace(" ", "") for s in shapes],
        [f"axis={x}" for x in axes],
    ]
    for line in header:
        print(" " * 13 + "".join(f"{cell:>12s}" for cell in line))
    for name in names:
        cells = []
        for a, axis in zip(arrays, axes, strict=True):
            speed, _ = _speed(namespace, name, a.copy(order="K"), axis)
            cells.append("n/a" if speed is None else f"{speed:.1f}")
        print(f"{name:13s}" + "".join(f"{cell:>12s}" for cell in cells))


def bench_detailed(namespace, function="nansum", fraction_nan=0.0):
    """Print the speed of one function of ``namespace`` (or of each, for ``"all"``) against
    NumPy on several shapes and axes, with the times."""
    names = namespace.get_functions("all", as_string=True)
    if function != "all" and function not in names:
        raise ValueError(f"`function` ({function}) not recognized")
    names = names if function == "all" else [function]
    if not 0 <= fraction_nan <= 1:
        raise ValueError("`fraction_nan` must be between 0 and 1")
    rng = np.random.default_rng(0)
    cases = [((10,), 0), ((1000,), 0), ((10**6,), 0), ((1000, 1000), 0), ((1000, 1000), 1)]
    for name in names:
        print(f"parafunc.bottleneck.{name}, {fraction_nan:.0%} NaN, float64")
        print(f"{'speed':>9s} {'parafunc':>11s}  shape, axis")
        for shape, axis in cases:
            a = _array(shape, fraction_nan, np.float64, "C", rng)
            speed, seconds = _speed(namespace, name, a, axis)
            cell = "n/a" if speed is None else f"{speed:.1f}"
            print(f"{cell:>9s} {seconds * 1e6:9.1f}us  {shape}, {axis}")
        print()


def test(
    namespace,
    label="fast",
    verbose=1,
    extra_argv=None,
    doctests=False,
    coverage=False,
    tests=None,
    parallel=None,
):
    """Run bottleneck's own test suite (which needs bottleneck and pytest installed)
    against ``namespace``: a copy of its test modules, each importing the namespace where
    it imports bottleneck, in a temporary folder. True if every test passed."""
    if doctests or coverage or parallel:
        raise ValueError("parafunc.bottleneck.test runs bottleneck's tests only")
    spec = importlib.util.find_spec("bottleneck")
    if spec is None or importlib.util.find_spec("pytest") is None:
        raise ImportError(
            "parafunc.bottleneck.test runs bottleneck's tests: it needs bottleneck and pytest"
        )
    import pytest

    source = Path(next(iter(spec.submodule_search_locations))) / "tests"
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bottleneck_tests"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
        (copy / "test_template.py").unlink(missing_ok=True)  # its C code generator's
        for module in copy.glob("*.py"):
            text = module.read_text()
            ours = f"import {namespace.__name__} as bn"
            module.write_text(text.replace("import bottleneck as bn", ours))
        argv = [str(copy / t) for t in tests] if tests else [str(copy)]
        argv += ["-q" if verbose <= 1 else "-v", "-p", "no:cacheprovider"]
        if label == "fast":
            argv += ["-m", "not slow"]
        sys.path.insert(0, folder)
        try:
            return pytest.main(argv + list(extra_argv or [])) == 0
        finally:
            sys.path.remove(folder)
            for name in [m for m in sys.modules if m.startswith("bottleneck_tests")]:
                del sys.modules[name]
