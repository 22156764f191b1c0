"""The registry covers the public API, and names line up end to end (STYLE.md 8, 9)."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

import parafunc
from registry import NATIVE_DTYPES, NOT_ARRAY_FUNCTIONS, REGISTRY

TESTS = Path(__file__).resolve().parent


def test_registry_covers_the_public_api():
    public = set(parafunc.__all__) - NOT_ARRAY_FUNCTIONS
    assert public == set(REGISTRY), (
        f"missing from tests/registry.py: {sorted(public - set(REGISTRY))}; "
        f"not public: {sorted(set(REGISTRY) - public)}"
    )


def test_not_array_functions_are_public():
    assert NOT_ARRAY_FUNCTIONS <= set(parafunc.__all__)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_names_line_up(name):
    spec = REGISTRY[name]
    assert spec.func.__name__ == name
    assert spec.func.__module__ == f"parafunc.{spec.family}"
    assert getattr(importlib.import_module(f"parafunc.{spec.family}"), name) is spec.func
    assert (TESTS / f"test_{spec.family}.py").is_file()
    gufunc_name = spec.gufunc_name or name
    assert isinstance(spec.gufunc, np.ufunc) and spec.gufunc.__name__ == gufunc_name
    assert gufunc_name in parafunc.gufuncs.__all__


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_gufunc_loops_match_the_dtypes(name):
    """Every dtype the registry lists has a native loop (casting="no" finds it), with the
    output dtype the registry says; each has a tolerance."""
    spec = REGISTRY[name]
    assert set(spec.dtypes) <= set(NATIVE_DTYPES)
    for dtype in spec.dtypes:
        a = np.arange(6, dtype=dtype).reshape(2, 3)
        result = spec.gufunc(*[a] * spec.inputs, *spec.gufunc_scalars, casting="no")
        assert result.dtype == spec.output_dtype(dtype)
        assert dtype in spec.tolerance
