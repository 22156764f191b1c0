"""The drift figure of docs/moving.rst: the relative error of a moving mean and a moving
standard deviation along one long series, for bottleneck, pandas and parafunc, against exact
results (math.fsum and fractions) at positions spread over the series.

Run: python asv_bench/drift.py  (needs matplotlib; bottleneck and pandas are optional;
about half a minute). Writes docs/_static/moving_drift.png and prints the last errors.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np

import parafunc as pf

LENGTH = 10**7
WINDOW = 100
FIGURE = Path(__file__).resolve().parents[1] / "docs" / "_static" / "moving_drift.png"


def exact_mean_and_std(values: np.ndarray) -> tuple[float, float]:
    exact = [Fraction(float(v)) for v in values]
    mean = sum(exact, Fraction(0)) / len(exact)
    variance = sum(((v - mean) ** 2 for v in exact), Fraction(0)) / len(exact)
    return float(mean), math.sqrt(variance)


def implementations():
    """name -> (move_mean, move_std) of a 1-D series with a full window (ddof 0)."""
    found = {
        "parafunc": (lambda x: pf.move_mean(x, WINDOW), lambda x: pf.move_std(x, WINDOW)),
    }
    try:
        import bottleneck as bn

        found["bottleneck"] = (lambda x: bn.move_mean(x, WINDOW), lambda x: bn.move_std(x, WINDOW))
    except ImportError:
        pass
    try:
        import pandas as pd

        found["pandas"] = (
            lambda x: pd.Series(x).rolling(WINDOW).mean().to_numpy(),
            lambda x: pd.Series(x).rolling(WINDOW).std(ddof=0).to_numpy(),
        )
    except ImportError:
        pass
    return found


def main():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = 1e8 + np.random.default_rng(0).standard_normal(LENGTH)
    positions = np.unique(np.geomspace(WINDOW, LENGTH - 1, 60).astype(np.int64))
    exact = [exact_mean_and_std(x[p - WINDOW + 1 : p + 1]) for p in positions]
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), constrained_layout=True)
    floor = 1e-18  # where an exact result is drawn
    for name, (mean, std) in implementations().items():
        means, stds = mean(x), std(x)
        mean_errors = [abs(means[p] - m) / m for p, (m, _) in zip(positions, exact, strict=True)]
        std_errors = [abs(stds[p] - s) / s for p, (_, s) in zip(positions, exact, strict=True)]
        left.loglog(positions, np.maximum(mean_errors, floor), label=name)
        right.loglog(positions, np.maximum(std_errors, floor), label=name)
        print(
            f"{name:10s} last relative errors: move_mean {mean_errors[-1]:.2g}, "
            f"move_std {std_errors[-1]:.2g}"
        )
    left.set(title=f"move_mean, window {WINDOW}: relative error", xlabel="position")
    right.set(title=f"move_std, window {WINDOW}: relative error", xlabel="position")
    left.legend()
    figure.suptitle(f"{LENGTH:.0e} values 1e8 + N(0, 1); exact results drawn at {floor:g}")
    figure.savefig(FIGURE, dpi=90)
    print(f"wrote {FIGURE}")


if __name__ == "__main__":
    main()
