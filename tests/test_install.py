"""The installed extension finds oneTBB: through its rpath in a normal environment, and
through the ``tbb`` wheel's file list where the rpath points nowhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import parafunc


def _loaded_libtbb() -> Path:
    maps = Path("/proc/self/maps").read_text()
    paths = {line.split()[-1] for line in maps.splitlines() if "libtbb.so" in line}
    assert len(paths) == 1, paths
    return Path(paths.pop()).resolve()


def test_libtbb_comes_from_the_tbb_wheel_of_this_environment():
    wheel_files = {Path(str(f.locate())).resolve() for f in metadata.files("tbb") or []}
    assert _loaded_libtbb() in wheel_files


def test_import_works_when_the_rpath_points_nowhere(tmp_path):
    # A copy of the package outside any prefix, as `pip install --target` would leave it:
    # $ORIGIN/../../.. no longer holds libtbb.so.12, so the loader must preload it.
    package = Path(parafunc.__file__).parent
    shutil.copytree(package, tmp_path / "parafunc")
    code = (
        "import parafunc, numpy as np; "
        f"assert parafunc.__file__.startswith({str(tmp_path)!r}); "
        "print(parafunc.nansum(np.arange(5.0)))"
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "10.0"
