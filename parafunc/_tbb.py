"""Import the compiled module, making sure it finds oneTBB's ``libtbb.so.12``.

The module is linked with an rpath to ``<prefix>/lib``, where the ``tbb`` wheel installs
the library next to ``<prefix>/lib/pythonX.Y/site-packages``: that serves virtual
environments, user installs and system installs alike. Where the two land in different
prefixes (``pip install --target``, a tbb wheel from another environment on ``sys.path``),
the library is located through the ``tbb`` distribution's file list and loaded first.
"""

from __future__ import annotations

import ctypes
from importlib import metadata
from types import ModuleType


def _preload_tbb_from_wheel() -> bool:
    try:
        files = metadata.files("tbb") or []
    except metadata.PackageNotFoundError:
        return False
    for entry in files:
        if entry.name == "libtbb.so.12":
            ctypes.CDLL(str(entry.locate()), mode=ctypes.RTLD_GLOBAL)
            return True
    return False


def load_extension() -> ModuleType:
    try:
        from . import _parafunc_core
    except ImportError:
        if not _preload_tbb_from_wheel():
            raise
        from . import _parafunc_core
    return _parafunc_core
