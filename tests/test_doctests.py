"""Every example in the installed package's docstrings runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import parafunc
from registry import NOT_ARRAY_FUNCTIONS, REGISTRY

# parafunc.__main__ runs the benchmark report when imported.
SKIPPED = {"parafunc.__main__"}
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(parafunc.__path__, prefix="parafunc.")
    if info.name not in SKIPPED
)
OPTIONS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
PUBLIC_FUNCTIONS = sorted((set(parafunc.__all__) - {"gufuncs"}) | set(REGISTRY))


def _doctests(module_name):
    # importlib, not attribute access: parafunc.threads is the function, not the module.
    module = importlib.import_module(module_name)
    return doctest.DocTestFinder(exclude_empty=True).find(module, module_name)


def test_modules_found():
    assert {"parafunc.moving", "parafunc.reduce", "parafunc.threads"} <= set(MODULES)


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name):
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    state = np.get_printoptions()
    threads = parafunc.get_num_threads()
    try:
        for test in _doctests(module_name):
            runner.run(test)
    finally:
        np.set_printoptions(**state)
        parafunc.set_num_threads(threads)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} of {results.attempted} examples failed"


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_every_public_function_has_examples(name):
    """Each public function's docstring shows it in use (and the examples run above)."""
    function = getattr(parafunc, name)
    module_name = function.__module__
    tests = {test.name: test for test in _doctests(module_name)}
    test = tests.get(f"{module_name}.{name}")
    assert test is not None and len(test.examples) > 0, f"no examples for {name}"
    assert any(name in example.source for example in test.examples)


def test_array_function_modules_have_examples():
    families = {spec.family for spec in REGISTRY.values()}
    for family in sorted(families):
        attempted = sum(len(t.examples) for t in _doctests(f"parafunc.{family}"))
        assert attempted > 0, family
    assert NOT_ARRAY_FUNCTIONS <= set(parafunc.__all__)
