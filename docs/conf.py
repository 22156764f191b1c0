"""Sphinx configuration for parafunc's documentation.

Build from the repository root, with parafunc installed (``pip install .``)::

    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import sys
from pathlib import Path

# autodoc must import the INSTALLED parafunc, the one with the compiled module
# parafunc._parafunc_core. The repository root holds the source folder parafunc/, with
# the same Python files but no compiled module: if the root is on sys.path, `import
# parafunc` finds that folder first and fails. The docs are built from the root, and
# `python -m sphinx` (unlike the sphinx-build script) puts the current directory on
# sys.path, as "" or as a path; PYTHONPATH may add it too. So every entry that is the
# repository root is removed before anything imports parafunc. "" and "." are removed
# whatever they point at: Sphinx reads this file from inside docs/ but imports the
# documented modules after changing back to the directory it was started from.
_REPO_ROOT = Path(__file__).resolve().parents[1]


def _is_repo_root(entry: str) -> bool:
    if entry in ("", "."):
        return True
    try:
        return Path(entry).resolve() == _REPO_ROOT
    except OSError:
        return False


sys.path[:] = [entry for entry in sys.path if not _is_repo_root(entry)]

try:
    import parafunc
except ImportError as error:
    raise RuntimeError(
        "the docs need parafunc installed with its compiled module (pip install . from the "
        f"repository root, then build from anywhere): {error}"
    ) from error

# -- Project -------------------------------------------------------------------------------

project = "parafunc"
author = "the parafunc developers"
copyright = "the parafunc developers"
version = parafunc.__version__
release = parafunc.__version__

# -- General -------------------------------------------------------------------------------

# All bundled with Sphinx; nothing needs the network (no intersphinx).
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",  # the docstrings are NumPy style
    "sphinx.ext.doctest",  # `sphinx-build -b doctest` also runs the >>> examples
]

root_doc = "index"
exclude_patterns = ["_build"]
default_role = "py:obj"
pygments_style = "sphinx"

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# -- HTML ----------------------------------------------------------------------------------

html_theme = "alabaster"
html_title = f"parafunc {release}"
html_theme_options = {
    "description": "Fast, parallel, NaN-aware array functions for NumPy",
    "fixed_sidebar": True,
}
html_static_path: list[str] = []
html_show_sourcelink = False
