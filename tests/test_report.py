"""``python -m parafunc`` (parafunc/_report.py) and the asv benchmarks: they run, and they
cover every public function under its own name."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import parafunc
from parafunc import _report
from registry import NOT_ARRAY_FUNCTIONS

PUBLIC_FUNCTIONS = sorted(set(parafunc.__all__) - NOT_ARRAY_FUNCTIONS)
ASV_BENCHMARKS = Path(__file__).resolve().parents[1] / "asv_bench" / "benchmarks"


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory):
    # Run from an empty folder, so that the installed package is imported and not a source
    # tree's parafunc/ (which has no compiled module).
    return subprocess.run(
        [sys.executable, "-m", "parafunc", "--quick"],
        cwd=tmp_path_factory.mktemp("report"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def table_rows(stdout: str) -> list[list[str]]:
    """The table's rows, header excluded: from the line starting "function" to a blank one."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("function "))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(line.split())
    return rows


def test_quick_report_succeeds(quick_report):
    assert quick_report.returncode == 0, quick_report.stderr
    assert quick_report.stdout.startswith(f"parafunc {parafunc.__version__}: ")
    assert " threads, " in quick_report.stdout.splitlines()[0]


def test_quick_report_lists_every_public_function(quick_report):
    rows = table_rows(quick_report.stdout)
    assert sorted({row[0] for row in rows}) == PUBLIC_FUNCTIONS
    for name in PUBLIC_FUNCTIONS:
        assert sum(row[0] == name for row in rows) == len(_report.QUICK_CASES), name


def test_quick_report_parafunc_ran_and_agreed(quick_report):
    notes = [line for line in quick_report.stdout.splitlines() if line.startswith("note:")]
    assert not [note for note in notes if note.startswith("note: parafunc")], notes


def test_progress_goes_to_stderr(quick_report):
    # Not a terminal here, so one line per step; stdout holds only the report.
    assert quick_report.stderr.startswith("[1/")
    assert "[1/" not in quick_report.stdout


def test_report_table_covers_public_functions():
    assert sorted(function.name for function in _report.FUNCTIONS) == PUBLIC_FUNCTIONS


def test_threads_must_be_positive(capsys):
    with pytest.raises(SystemExit) as exit_info:
        _report.main(["--threads", "0"])
    assert exit_info.value.code == 2
    assert "--threads" in capsys.readouterr().err


def _import_asv_benchmarks(module: str):
    """A module of asv_bench/benchmarks, imported as a package of its own name so that it
    does not need asv_bench on sys.path."""
    package = "parafunc_asv_benchmarks"
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            package,
            ASV_BENCHMARKS / "__init__.py",
            submodule_search_locations=[str(ASV_BENCHMARKS)],
        )
        sys.modules[package] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[package])
    return importlib.import_module(f"{package}.{module}")


@pytest.mark.skipif(not ASV_BENCHMARKS.is_dir(), reason="no asv_bench/ beside the tests")
@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_asv_benchmarks_cover_function(name):
    # The registry has an entry, and the family's benchmark module (asv_bench/benchmarks/
    # <family>.py, named like parafunc/<family>.py) a class named like the function.
    registry = _import_asv_benchmarks("_registry")
    assert name in registry.FUNCTIONS
    family = getattr(parafunc, name).__module__.rpartition(".")[2]
    benchmarks = _import_asv_benchmarks(family)
    assert getattr(benchmarks, name).function == name
