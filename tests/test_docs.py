"""Every ``>>>`` example in the documentation runs and gives the output shown.

Two sources of examples end up in the built documentation: the pages (docs/*.rst) and
the docstrings of the public API, which docs/api.rst renders through autodoc. Both run
here, against the installed parafunc like the rest of the tests. Each page runs in its
own namespace, top to bottom, as a reader would run it.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import parafunc

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.glob("*.rst"))
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _docstring_modules() -> list[str]:
    """The modules that define the public API (doctest looks for examples only in the
    objects a module defines, not in those it imports)."""
    names = {"parafunc", "parafunc.gufuncs"}
    for name in parafunc.__all__:
        module = getattr(getattr(parafunc, name), "__module__", None)
        if isinstance(module, str) and module.split(".")[0] == "parafunc":
            names.add(module)
    return sorted(names)


def test_pages_found() -> None:
    names = {page.name for page in PAGES}
    assert {"index.rst", "quickstart.rst", "api.rst", "threads.rst"} <= names, names


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_examples(page: Path) -> None:
    # doctest prints each failure (expected and got); pytest shows it with the test.
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=OPTIONS,
        encoding="utf-8",
        raise_on_error=False,
        verbose=False,
    )
    assert result.attempted > 0, f"no examples found in {page.name}"
    assert result.failed == 0, (
        f"{result.failed} of {result.attempted} examples failed in {page.name}"
    )


def test_docstring_examples() -> None:
    failed: list[str] = []
    attempted = 0
    for name in _docstring_modules():
        result = doctest.testmod(
            importlib.import_module(name),
            optionflags=OPTIONS,
            raise_on_error=False,
            verbose=False,
        )
        attempted += result.attempted
        if result.failed:
            failed.append(f"{name}: {result.failed} of {result.attempted}")
    assert attempted > 0, "no examples found in the public docstrings"
    assert not failed, "docstring examples failed: " + "; ".join(failed)
