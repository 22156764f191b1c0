"""The speed checks of the fills-and-ranks issue, as ratios measured in one process.

float64 (1000, 10000) with 1% NaN, along axis -1 and 0, parafunc at the thread count given
(default: all) against bottleneck: push and replace (in place: each on its own copy, so
after the first call only the scan is timed, for both), rankdata, nanrankdata, partition
and argpartition (kth in the middle of the axis).

Run: python asv_bench/fill_rank_checks.py [--threads N]  (needs bottleneck)
"""

from __future__ import annotations

import argparse

import bottleneck as bn
import numpy as np
from checks_timing import best

import parafunc as pf
from parafunc._report import make_array  # 1% NaN, as python -m parafunc

CALLS = {
    "push": lambda f, a, axis: f(a, axis=axis),
    "replace": lambda f, a, axis: f(a, np.nan, 0.0),
    "rankdata": lambda f, a, axis: f(a, axis=axis),
    "nanrankdata": lambda f, a, axis: f(a, axis=axis),
    "partition": lambda f, a, axis: f(a, a.shape[axis] // 2, axis=axis),
    "argpartition": lambda f, a, axis: f(a, a.shape[axis] // 2, axis=axis),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=pf.get_num_threads())
    threads = parser.parse_args().threads
    pf.set_num_threads(threads)
    rng = np.random.default_rng(0)
    a = make_array((1000, 10000), rng)
    print(f"parafunc {threads} threads; ratios > 1: parafunc faster")
    for name, call in CALLS.items():
        row = []
        for axis in (-1, 0):
            # replace has no axis: axis 0 times it on the transposed (Fortran-ordered) view
            ours, theirs = a.copy(), a.copy()
            if name == "replace" and axis == 0:
                ours, theirs = ours.T, theirs.T
            ratio = best(call, getattr(bn, name), theirs, axis) / best(
                call, getattr(pf, name), ours, axis
            )
            row.append(f"axis {axis:2d}: {ratio:5.2f}x")
        print(f"{name:12s}", "  ".join(row), "bottleneck")


if __name__ == "__main__":
    main()
