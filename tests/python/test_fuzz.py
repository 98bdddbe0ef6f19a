"""The fuzz harnesses of fuzz/ (issue 12, point 6): one per loader with a seed
corpus, the rule they check (only a styrkort.Error or an OSError may escape a
loader) and each harness replaying its seeds without a finding."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import styrkort as sk

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
# every loader of the package, by the harness that fuzzes it
LOADERS = {
    "strategy_json": "Strategy.from_json, Strategy.from_json_text",
    "measurements_csv": "Measurements.from_csv",
    "kolada": "read_kolada, read_kolada_metadata",
    "stratsys": "read_stratsys",
    "funds": "load_funds, Funds.from_csv",
    "projects": "allocation.read_projects",
    "allocation_plan": "AllocationPlan.load, AllocationPlan.from_dict",
    "sensitivity_inputs": "load_inputs",
    "excel_strategy": "excel.read_strategy_excel",
    "excel_measurements": "excel.read_measurements_excel",
}


def _declared_harnesses():
    tree = ast.parse((FUZZ / "harness.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["HARNESSES"]:
            return list(ast.literal_eval(node.value))
    raise AssertionError("fuzz/harness.py declares no HARNESSES")


def test_every_loader_has_a_harness_and_seeds():
    files = sorted(p.stem[len("fuzz_") :] for p in FUZZ.glob("fuzz_*.py"))
    assert files == sorted(LOADERS)
    assert sorted(_declared_harnesses()) == sorted(LOADERS)
    for name in LOADERS:
        seeds = [p for p in (FUZZ / "corpus" / name).iterdir() if p.is_file()]
        assert seeds, name
        for call in LOADERS[name].split(", "):  # the harness calls every loader it is listed for
            assert call.rsplit(".", 1)[-1] in (FUZZ / f"fuzz_{name}.py").read_text(encoding="utf-8"), (name, call)


def test_seed_corpora_are_small():
    sizes = [p.stat().st_size for p in (FUZZ / "corpus").rglob("*") if p.is_file()]
    assert max(sizes) <= 64 * 1024
    assert sum(sizes) <= 300 * 1024


def test_the_cpp_target_is_in_the_build_and_the_dictionary_is_generated():
    cmake = (FUZZ / "cpp" / "CMakeLists.txt").read_text(encoding="utf-8")
    assert "add_executable(strategy_json_fuzzer strategy_json_fuzzer.cpp)" in cmake
    out = subprocess.run(
        [sys.executable, str(FUZZ / "strategy_dict.py")], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    keys = {k for keys in sk._core.strategy_format_keys().values() for k in keys}
    assert '"parents"' in out and '"\\"unit_aggregation\\":"' in out
    assert len(out) == 2 * len(keys) + 1


def test_check_accepts_styrkort_errors_and_os_errors_and_nothing_else(monkeypatch):
    pytest.importorskip("atheris")
    monkeypatch.syspath_prepend(str(FUZZ))
    import harness

    harness.instrumented("styrkort")

    def raising(e):
        raise e

    assert harness.check(lambda: 7) == 7
    assert harness.check(raising, sk.StrategyError("x")) is None
    assert harness.check(raising, FileNotFoundError("x")) is None
    for escaped in (ValueError("x"), TypeError("x"), RecursionError(), KeyError("x")):
        with pytest.raises(type(escaped)):
            harness.check(raising, escaped)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_harness_replays_its_seeds_without_a_finding(name):
    pytest.importorskip("atheris")
    seeds = sorted(str(p) for p in (FUZZ / "corpus" / name).iterdir())
    run = subprocess.run(
        [sys.executable, str(FUZZ / f"fuzz_{name}.py"), *seeds], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # libFuzzer runs each file given by name once and says so
    assert run.stderr.count("Executed ") == len(seeds), run.stderr[-3000:]
