"""Shared test setup: hypothesis profiles and the import path of the test helpers.

Profiles (choose with HYPOTHESIS_PROFILE or ``pytest --hypothesis-profile``):
  - ``ci`` (default): bounded example counts and no deadline, so the whole suite stays
    within a few minutes on 2 cores and a slow shared machine never fails a test on time.
  - ``dev``: a quick run while editing.
  - ``thorough``: many more examples, for a nightly or pre-release run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# pytest runs with --import-mode=importlib, which puts nothing on sys.path; the helper
# modules (registry, strategies) live beside this file. The repository root is never
# added: its parafunc/ folder has no compiled module, the installed package must be used.
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=100, **_COMMON)
settings.register_profile("dev", max_examples=15, **_COMMON)
settings.register_profile("thorough", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
