"""The speed tables of docs/migrating_bottleneck.rst and docs/migrating_numbagg.rst: each
function of parafunc.bottleneck (parafunc.numbagg) against bottleneck (numbagg), as the
peer's time divided by the namespace's (above 1: the namespace is faster), measured in one
process on float64 (1000, 10000) with 1% NaN and on a length-10 array (call overhead).

Run: python asv_bench/namespace_speed.py bottleneck|numbagg  (prints the table's rows in
reStructuredText; a few minutes)
"""

from __future__ import annotations

import argparse
import importlib

import numpy as np
from checks_timing import best

import parafunc as pf
from parafunc._report import make_array  # 1% NaN, as python -m parafunc

WINDOW, ALPHA = 20, 0.1


def calls(peer):
    """{function name: call(f, a, axis)} of the namespace of ``peer``."""
    namespace = importlib.import_module(f"parafunc.{peer}")
    found = {}
    for name in namespace.__all__:
        if name in ("get_functions", "count", "bench", "bench_detailed", "test"):
            continue  # numbagg's helpers and bottleneck's tooling: no arrays to time
        if name.startswith("move_exp"):
            pairs = name.endswith(("cov", "corr"))
            found[name] = lambda f, a, axis, pairs=pairs: f(
                *((a, a[::-1]) if pairs else (a,)), alpha=ALPHA, axis=axis
            )
        elif name in ("move_cov", "move_corr"):
            found[name] = lambda f, a, axis: f(
                a, a[::-1], window=min(WINDOW, a.shape[axis]), axis=axis
            )
        elif name.startswith("move_"):
            found[name] = (
                (lambda f, a, axis: f(a, window=min(WINDOW, a.shape[axis]), axis=axis))
                if peer == "numbagg"
                else (lambda f, a, axis: f(a, min(WINDOW, a.shape[axis]), axis=axis))
            )
        elif name.endswith("partition"):
            found[name] = lambda f, a, axis: f(a, a.shape[axis] // 2, axis=axis)
        elif name == "replace":
            found[name] = lambda f, a, axis: f(a, np.nan, 0.0)  # in place: NaN only at first
        elif name == "nanquantile":
            found[name] = lambda f, a, axis: f(a, [0.25, 0.75], axis=axis)
        else:
            found[name] = lambda f, a, axis: f(a, axis=axis)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("peer", choices=("bottleneck", "numbagg"))
    peer = parser.parse_args().peer
    namespace = importlib.import_module(f"parafunc.{peer}")
    module = importlib.import_module(peer)
    rng = np.random.default_rng(0)
    a = make_array((1000, 10000), rng)
    tiny = rng.standard_normal(10)
    for name, call in calls(peer).items():
        ours, theirs = getattr(namespace, name), getattr(module, name)
        big = (a.copy(), a.copy())  # one each: replace writes into its array
        cells = [
            ratio(call, ours, theirs, big, -1, threads=1),
            ratio(call, ours, theirs, big, -1),
            ratio(call, ours, theirs, big, 0),
            ratio(call, ours, theirs, (tiny.copy(), tiny.copy()), -1),
        ]
        print(f"   * - {name}\n" + "".join(f"     - {c:.2f}\n" for c in cells), end="")


def ratio(call, ours, theirs, arrays, axis, threads=None):
    """The peer's best time over the namespace's, each on its own copy in ``arrays``."""
    with pf.threads(threads or pf.get_num_threads()):
        mine = best(call, ours, arrays[0], axis, budget=0.3)
    return best(call, theirs, arrays[1], axis, budget=0.3) / mine


if __name__ == "__main__":
    main()
