"""The speed checks of the reductions issue, as ratios measured in one process.

float64 (1000, 10000) with 1% NaN, along axis -1 and 0: every bottleneck reduction against
parafunc at the thread count given (default: all), nanmin/nanmax against np.min/np.max,
nanquantile against numbagg, axis 0 against axis -1 (also for nanquantile, nanpercentile
and nancount), and a 1-D 1e8 nansum and nanmedian on all threads against one.

Run: python asv_bench/reduction_checks.py [--threads N]  (bottleneck and numbagg optional)
"""

from __future__ import annotations

import argparse

import numpy as np
from checks_timing import best, optional

import parafunc as pf
from parafunc._report import make_array  # 1% NaN, as python -m parafunc

BOTTLENECK_13 = (
    "nansum nanmean nanstd nanvar nanmin nanmax nanargmin nanargmax "
    "median nanmedian ss anynan allnan"
).split()
QUARTILES = [0.25, 0.5, 0.75]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=pf.get_num_threads())
    threads = parser.parse_args().threads
    pf.set_num_threads(threads)
    bn, nb = optional("bottleneck"), optional("numbagg")
    rng = np.random.default_rng(0)
    a = make_array((1000, 10000), rng)
    print(f"parafunc {threads} threads; ratios > 1: parafunc faster")
    for name in BOTTLENECK_13:
        row = []
        ours = {axis: best(getattr(pf, name), a, axis=axis) for axis in (-1, 0)}
        for axis in (-1, 0):
            if bn is not None:
                theirs = best(getattr(bn, name), a, axis=axis)
                row.append(f"axis {axis:2d}: {theirs / ours[axis]:5.2f}x bottleneck")
        row.append(f"axis 0 / axis -1: {ours[0] / ours[-1]:4.2f}")
        print(f"{name:10s}", "  ".join(row))
    for name, numpy_name in (("nanmin", "min"), ("nanmax", "max")):
        for axis in (-1, 0):
            ratio = best(getattr(np, numpy_name), a, axis=axis) / best(
                getattr(pf, name), a, axis=axis
            )
            print(f"{name} axis {axis}: {ratio:.2f}x np.{numpy_name}")
    if nb is not None:
        for axis in (-1, 0):
            ratio = best(nb.nanquantile, a, QUARTILES, axis=axis) / best(
                pf.nanquantile, a, QUARTILES, axis=axis
            )
            print(f"nanquantile axis {axis}: {ratio:.2f}x numbagg")
    beyond_bottleneck = {
        "nanquantile (quartiles)": lambda x, axis: pf.nanquantile(x, QUARTILES, axis=axis),
        "nanpercentile (quartiles)": lambda x, axis: pf.nanpercentile(x, [25, 50, 75], axis=axis),
        "nancount": pf.nancount,
    }
    for label, f in beyond_bottleneck.items():
        ours = {axis: best(f, a, axis=axis) for axis in (-1, 0)}
        print(f"{label} axis 0 / axis -1: {ours[0] / ours[-1]:4.2f}")
    long = rng.standard_normal(10**8)
    for name in ("nansum", "nanmedian"):
        f = getattr(pf, name)
        many = best(f, long)
        with pf.threads(1):
            one = best(f, long)
        print(f"1-D 1e8 {name}: {threads} threads {one / many:.2f}x faster than 1")


if __name__ == "__main__":
    main()
