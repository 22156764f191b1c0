"""The speed checks of the moving-windows issue, as ratios measured in one process, and
the speed table of docs/moving.rst (--rst).

float64 (1000, 10000) with 1% NaN, along axis -1 and 0, parafunc at the thread count given
(default: all): bottleneck's ten at window 20 against bottleneck; move_median and
move_rank at window 1000 on (1000, 2000) along axis -1; the exponential and two-array
windows against numbagg; axis 0 against axis -1; and 1-D series of 1e8 on all threads
against one.

Run: python asv_bench/moving_checks.py [--threads N] [--rst]  (bottleneck and numbagg
optional; a few minutes, most of it bottleneck's move_rank at window 1000)
"""

from __future__ import annotations

import argparse

import numpy as np
from checks_timing import best, optional

import parafunc as pf
from parafunc._report import make_array  # 1% NaN, as python -m parafunc

BOTTLENECK_10 = (
    "move_sum move_mean move_std move_var move_min move_max move_argmin move_argmax "
    "move_median move_rank"
).split()
WINDOW = 20
ALPHA = 0.1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=pf.get_num_threads())
    parser.add_argument("--rst", action="store_true", help="rows of docs/moving.rst's table")
    arguments = parser.parse_args()
    threads = arguments.threads
    pf.set_num_threads(threads)
    bn, nb = optional("bottleneck"), optional("numbagg")
    rng = np.random.default_rng(0)
    a = make_array((1000, 10000), rng)
    rows = []  # (function, peer, ratio axis -1, ratio axis 0, axis 0 / axis -1, 1T / NT)

    def compare(label, peer, ours, theirs, call):
        """``call(f, axis)`` of parafunc's ``ours`` and ``peer``'s ``theirs`` (or None)."""
        mine = {axis: best(call, ours, axis) for axis in (-1, 0)}
        with pf.threads(1):
            single = best(call, ours, -1)
        ratios = [best(call, theirs, axis) / mine[axis] for axis in (-1, 0)] if theirs else []
        rows.append(
            (
                label,
                peer if theirs else None,
                *(ratios or [None, None]),
                mine[0] / mine[-1],
                single / mine[-1],
            )
        )

    def peer_function(module, name):
        return getattr(module, name, None) if module else None

    for name in BOTTLENECK_10:
        compare(
            f"{name}, window {WINDOW}",
            "bottleneck",
            getattr(pf, name),
            peer_function(bn, name),
            lambda f, axis: f(a, WINDOW, axis=axis),
        )
    for name in ("move_exp_nanmean", "move_exp_nanvar"):
        compare(
            f"{name}, alpha {ALPHA}",
            "numbagg",
            getattr(pf, name),
            peer_function(nb, name),
            lambda f, axis: f(a, alpha=ALPHA, axis=axis),
        )
    b = a[::-1]
    for name in ("move_cov", "move_corr"):
        compare(
            f"{name}, window {WINDOW}",
            "numbagg",
            getattr(pf, name),
            peer_function(nb, name),
            lambda f, axis: f(a, b, window=WINDOW, axis=axis),
        )
    wide = make_array((1000, 2000), rng)
    for name in ("move_median", "move_rank"):
        ours = best(getattr(pf, name), wide, 1000, least=1)
        theirs = best(getattr(bn, name), wide, 1000, least=1, budget=0) if bn else None
        rows.append((f"{name}, window 1000, (1000, 2000)", "bottleneck", theirs and theirs / ours))
    long = rng.standard_normal(10**8)
    out = np.empty_like(long)
    for name in ("move_mean", "move_std", "move_max", "move_median"):
        f = getattr(pf, name)
        many = best(f, long, WINDOW, out=out, least=1, budget=0)
        with pf.threads(1):
            one = best(f, long, WINDOW, out=out, least=1, budget=0)
        rows.append((f"{name}, 1-D 1e8", None, None, None, None, one / many))
    print_rows(rows, threads, arguments.rst)


def print_rows(rows, threads, rst):
    def cell(x):
        return "" if x is None else f"{x:.2f}"

    columns = ("function", "peer", "peer/parafunc axis -1", "axis 0", "axis 0 / axis -1")
    print(f"parafunc {threads} threads; ratios > 1: parafunc faster")
    if rst:
        print("   * - " + "\n     - ".join((*columns, f"1 thread / {threads}")))
    for row in rows:
        row = (*row, *[None] * (6 - len(row)))
        cells = [row[0], row[1] or "", *map(cell, row[2:])]
        if rst:  # an empty cell is a bare "-", without a trailing space
            print("   * - " + cells[0] + "".join(f"\n     - {c}".rstrip() for c in cells[1:]))
        else:
            print("  ".join(f"{c:>10s}" if i else f"{c:42s}" for i, c in enumerate(cells)))


if __name__ == "__main__":
    main()
