"""The stubs (parafunc/__init__.pyi, parafunc/gufuncs.pyi) type-check real use under
``mypy --strict`` and reject misuse. Runs against the installed package, like every
test; skipped only where mypy is not installed (it is in the ``test`` extras)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

USAGE = Path(__file__).resolve().parent / "typing" / "usage.py"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None, reason="mypy is not installed"
)


def _mypy(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # cwd: a scratch folder, so that mypy finds the installed package (with its stubs and
    # py.typed), not the repository's parafunc/ source folder, and writes its cache there.
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--python-executable",
            sys.executable,
            str(path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_usage_type_checks(tmp_path):
    done = _mypy(USAGE, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


MISUSE = {
    "pf.move_mean(a)": "call-overload",  # no window
    'pf.move_mean(a, "3")': "call-overload",
    "pf.move_cov(a, 3)": "call-overload",  # no b
    "corr: NDArray[np.int64] = pf.move_corr(a, a, 3)": "assignment",
    "pf.move_mean(a, 3, spam=1)": "call-overload",
    "pf.move_exp_nanmean(a)": "call-overload",  # no alpha
    'pf.move_exp_nanmean(a, "0.5")': "call-overload",
    "pf.move_exp_nancov(a, 0.5)": "call-overload",  # no b
    'pf.nansum(a, axis="0")': "call-overload",
    "pf.nanargmin(a, axis=(0,))": "call-overload",
    'pf.nanvar(a, ddof="1")': "call-overload",
    "pf.nansum(a, out=[0.0])": "call-overload",
    'pf.push(a, "1")': "call-overload",
    "pf.ffill(a, limit=1.5)": "call-overload",
    "pf.replace(a, 1.0)": "call-arg",  # no new
    "pf.replace([1.0], 1, 0)": "type-var",  # not an array: replace works in place
    'pf.replace(a, "x", 0)': "arg-type",
    "pf.partition(a)": "call-overload",  # no kth
    'pf.argpartition(a, "1")': "call-overload",
    "pf.rankdata(a, axis=(0,))": "call-overload",
    'pf.set_num_threads("2")': "arg-type",
    "pf.threads()": "call-arg",
    "name: str = pf.get_num_threads()": "assignment",
    "mean: NDArray[np.int64] = pf.move_mean(a, 3)": "assignment",
    "version: int = pf.__version__": "assignment",
    "ufunc: int = pf.gufuncs.nansum": "assignment",
    "pf.not_a_function(a)": "attr-defined",
}


def test_misuse_is_rejected(tmp_path):
    """Each line below is an error mypy must report: the stubs are not just Any."""
    lines = list(MISUSE)
    header = textwrap.dedent(
        """\
        import numpy as np
        from numpy.typing import NDArray

        import parafunc as pf

        a: NDArray[np.float64] = np.ones(5)
        """
    )
    source = tmp_path / "misuse.py"
    source.write_text(header + "\n".join(lines) + "\n")
    first = header.count("\n") + 1
    done = _mypy(source, tmp_path)
    reported: dict[int, str] = {}
    for line in done.stdout.splitlines():
        match = re.match(r".*misuse\.py:(\d+): error: .*\[([\w-]+)\]$", line)
        if match:
            reported.setdefault(int(match.group(1)), match.group(2))
    for offset, code in enumerate(lines):
        number = first + offset
        assert number in reported, f"mypy accepted {code!r}:\n{done.stdout}{done.stderr}"
        assert reported[number] == MISUSE[code], (code, reported[number], done.stdout)
