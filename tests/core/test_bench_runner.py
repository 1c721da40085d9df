"""`make bench` (benchmarks/run_all.py): how a script's output becomes table rows and a pass/fail status."""

import importlib.util
import json
from pathlib import Path

import pytest

RUNNER = Path(__file__).resolve().parents[2] / "benchmarks" / "run_all.py"


@pytest.fixture(scope="module")
def run_all():
    spec = importlib.util.spec_from_file_location("bench_run_all", RUNNER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ROW = {"workload": "w", "ours": 2.0, "baseline": 10.0, "baseline_name": "b", "unit": "ms", "ratio": 5.0,
       "peak_mb": 12.5, "note": ""}


def test_result_lines_are_collected_and_the_rest_ignored(run_all):
    lines = ["database: sqlite\n", "BENCH_RESULT " + json.dumps(ROW) + "\n", "ratio 5x\n"]
    rows, mismatch = run_all.parse_output(lines)
    assert rows == [ROW] and not mismatch
    assert run_all.status_of(0, rows, mismatch) == "ok"


def test_mismatch_failure_missing_rows_and_timeout_fail_the_run(run_all):
    rows, mismatch = run_all.parse_output(["BASELINE MISMATCH in panel x:\n", "BENCH_RESULT " + json.dumps(ROW)])
    assert mismatch and run_all.status_of(1, rows, mismatch) == "failed: BASELINE MISMATCH"
    assert run_all.status_of(2, [ROW], False) == "failed: exit 2"
    assert run_all.status_of(0, [], False) == "failed: no result rows"
    assert run_all.status_of(None, [ROW], False) == "failed: time limit"


def test_subset_and_table(run_all):
    assert run_all.selected("online_matching, gir_overview.py") == ["online_matching", "gir_overview"]
    assert run_all.selected("") == list(run_all.SCRIPTS)
    with pytest.raises(SystemExit):
        run_all.selected("no_such_benchmark")
    text = run_all.table([{"script": "a.py", "status": "ok", "rows": [ROW], "peak_mb": 12.5},
                          {"script": "b.py", "status": "failed: exit 1", "rows": [], "peak_mb": 40.0}])
    assert "5.0×" in text and "2.0 ms" in text and "10.0 ms" in text and "b.py: FAILED: EXIT 1" in text


def test_every_script_is_in_the_runner(run_all):
    scripts = {p.stem for p in RUNNER.parent.glob("*.py") if not p.stem.startswith("_") and p.stem != "run_all"}
    assert scripts == set(run_all.SCRIPTS)
