"""The accuracy table of docs/accuracy.rst: relative errors of parafunc, NumPy and
bottleneck against exact results (Python's fractions and math.fsum) on hard inputs.

Run: python asv_bench/accuracy.py  (bottleneck is optional; about a minute).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

import parafunc as pf

try:
    import bottleneck as bn
except ImportError:  # pragma: no cover - bottleneck is in the bench and test extras
    bn = None


def exact_variance(x: np.ndarray) -> float:
    values = [Fraction(float(v)) for v in x]
    mean = sum(values, Fraction(0)) / len(values)
    return float(sum(((v - mean) ** 2 for v in values), Fraction(0)) / len(values))


def relative_error(got, exact: float) -> float:
    return abs(float(got) - exact) / abs(exact)


def cases():
    rng = np.random.default_rng(0)
    tenths = np.full(10**7, 0.1, np.float32)
    tenth = float(np.float32(0.1))
    yield "nansum, 1e7 x float32 0.1", "nansum", (tenths,), {}, tenth * 10**7
    yield "nanmean, 1e7 x float32 0.1", "nanmean", (tenths,), {}, tenth
    offset = 1e9 + rng.standard_normal(10**6)
    yield "nanvar, 1e6 x 1e9 + N(0, 1)", "nanvar", (offset,), {}, exact_variance(offset)
    small = (1e4 + rng.standard_normal(10**6)).astype(np.float32)
    yield "nanvar, 1e6 x float32 1e4 + N(0, 1)", "nanvar", (small,), {}, exact_variance(small)
    shifted = 1e8 + rng.random(10**7)
    yield "nansum, 1e7 x 1e8 + U(0, 1)", "nansum", (shifted,), {}, math.fsum(shifted.tolist())
    normal = rng.standard_normal(10**7)
    yield "nansum, 1e7 x N(0, 1)", "nansum", (normal,), {}, math.fsum(normal.tolist())
    cancelling = np.tile([1e16, 1.0, 1.0, -1e16], 10**5)
    yield "nansum, [1e16, 1, 1, -1e16] x 1e5", "nansum", (cancelling,), {}, 2e5


NUMPY = {"nansum": np.nansum, "nanmean": np.nanmean, "nanvar": np.nanvar}


def main() -> None:
    print(f"{'input':40s} {'parafunc':>10s} {'numpy':>10s} {'bottleneck':>10s}")
    for label, name, args, kwargs, exact in cases():
        row = [relative_error(getattr(pf, name)(*args, **kwargs), exact)]
        row.append(relative_error(NUMPY[name](*args, **kwargs), exact))
        if bn is not None:
            row.append(relative_error(getattr(bn, name)(*args, **kwargs), exact))
        print(f"{label:40s} " + " ".join(f"{e:10.1e}" for e in row))


if __name__ == "__main__":
    main()
