"""Outputs large enough that the engine asks the OS to back their pages before wide tiles
(along axis 0) write them (engine/populate.hpp): the result is the same into a fresh
output, into a given one, and in place, where the output is the input (whose values the
request must leave alone), and into a sparse view of a fresh array."""

from __future__ import annotations

import numpy as np
import pytest

import parafunc
from registry import assert_bitwise_equal

# 300 x 9000 float64: 21.6 MB, above the engine's 16 MB threshold.
SHAPE = (300, 9000)

CALLS = {
    "move_mean": lambda a, **kw: parafunc.move_mean(a, 7, axis=0, **kw),
    "move_max": lambda a, **kw: parafunc.move_max(a, 7, axis=0, **kw),
    "move_exp_nanmean": lambda a, **kw: parafunc.move_exp_nanmean(a, alpha=0.3, axis=0, **kw),
    "ffill": lambda a, **kw: parafunc.ffill(a, axis=0, **kw),
}


def data() -> np.ndarray:
    rng = np.random.default_rng(5)
    a = rng.standard_normal(SHAPE)
    a[rng.random(SHAPE) < 0.05] = np.nan
    return a


@pytest.mark.parametrize("name", list(CALLS))
def test_fresh_given_in_place_and_sparse_outputs_agree(name):
    call = CALLS[name]
    a = data()
    fresh = call(a)
    # Against columns computed alone (narrow calls, below the threshold).
    for j in (0, 1, 4095, SHAPE[1] - 1):
        assert_bitwise_equal(fresh[:, j], call(np.ascontiguousarray(a[:, j : j + 1]))[:, 0])
    out = np.empty_like(a)
    assert call(a, out=out) is out
    assert_bitwise_equal(out, fresh)
    in_place = a.copy()
    call(in_place, out=in_place)
    assert_bitwise_equal(in_place, fresh)
    big = np.empty((SHAPE[0], 2 * SHAPE[1]))
    sparse = big[:, ::2]
    call(a, out=sparse)
    assert_bitwise_equal(sparse, fresh)


@pytest.mark.parametrize("name", list(CALLS))
def test_any_thread_count(name):
    a = data()
    with parafunc.threads(1):
        one = CALLS[name](a)
    with parafunc.threads(2):
        assert_bitwise_equal(CALLS[name](a), one)
