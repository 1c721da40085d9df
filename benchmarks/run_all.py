"""`make bench`: run every benchmark script, each in its own process, and print one table.

Each script prints its usual report plus one `BENCH_RESULT {json}` line per row (`benchmarks/_result.py`). This
runner starts the scripts one after the other with small sizes (chosen so the whole run takes well under 10 minutes
on the 2-core development machine), collects those lines and prints one table: workload, ours, baseline, ratio and
peak memory. A script that exits non-zero, prints `BASELINE MISMATCH`, prints no result row or runs past its time
limit is shown as failed, and the run exits with status 1.

    make bench                              # small sizes
    BENCH_FULL=1 make bench                 # the full sizes of docs/benchmarks.md (no size overrides; long)
    BENCH_ONLY=online_matching,gir_overview make bench
    DATABASE_URL=postgres://... make bench  # the database-backed scripts then use PostgreSQL

Writes var/bench-results.json (date, git commit, load average before and after, every row) and each script's full
output to var/bench-logs/<script>.log.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
MARKER = "BENCH_RESULT "
MISMATCH = "BASELINE MISMATCH"

# script -> size overrides for the default (small) run. BENCH_FULL=1 passes none: each script's own defaults are
# the full sizes documented in docs/benchmarks.md.
SCRIPTS: dict[str, dict[str, str]] = {
    "buurt_assignment": {"BENCH_POINTS": "100000", "BENCH_RUNS": "5"},
    "online_matching": {"BENCH_POSTS": "30000", "BENCH_BASELINE_POSTS": "1000", "BENCH_REPEATS": "3",
                        "BENCH_ALERT_ROUNDS": "3"},
    "indicators_profile": {"BENCH_REQUESTS": "20", "BENCH_NAIVE_REQUESTS": "2"},
    "gir_overview": {"BENCH_INCIDENTS": "100000", "BENCH_REQUESTS": "10", "BENCH_NAIVE_REQUESTS": "2"},
    "gir_registration_load": {"BENCH_REQUESTS": "100", "BENCH_WORKERS": "8"},
    "dook_import": {"BENCH_POINTS": "100000", "BENCH_IMPORT_ROWS": "5000"},
    "dook_scoring": {"BENCH_ADDRESSES": "200000", "BENCH_REPEAT": "1", "BENCH_BASELINE_ADDRESSES": "10000"},
    "dook_map_layer": {"BENCH_ADDRESSES": "50000", "BENCH_REQUESTS": "20", "BENCH_BASELINE_REQUESTS": "5"},
    "dook_quality": {"BENCH_QUALITY_ADDRESSES": "100000", "BENCH_QUALITY_COMPARE": "0"},
    "monitoring_quality": {"BENCH_SEEDS": "5", "BENCH_POSTS": "20000"},
    "statistics_import": {"BENCH_BUURTEN_PER_GEMEENTE": "3"},
}
TIMEOUT_SECONDS = int(os.environ.get("BENCH_TIMEOUT", "900"))  # per script


def parse_output(lines) -> tuple[list[dict], bool]:
    """The result rows a script printed, and whether it reported a baseline mismatch."""
    rows, mismatch = [], False
    for line in lines:
        line = line.rstrip("\n")
        if MISMATCH in line:
            mismatch = True
        if line.startswith(MARKER):
            rows.append(json.loads(line[len(MARKER):]))
    return rows, mismatch


def status_of(exit_code: int | None, rows: list[dict], mismatch: bool) -> str:
    if exit_code is None:
        return "failed: time limit"
    if mismatch:
        return "failed: BASELINE MISMATCH"
    if exit_code != 0:
        return f"failed: exit {exit_code}"
    if not rows:
        return "failed: no result rows"
    return "ok"


def selected(only: str) -> list[str]:
    if not only.strip():
        return list(SCRIPTS)
    names = [name.strip().removesuffix(".py") for name in only.split(",") if name.strip()]
    unknown = [name for name in names if name not in SCRIPTS]
    if unknown:
        raise SystemExit(f"BENCH_ONLY: unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(SCRIPTS)}")
    return names


def _number(value, unit: str) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    else:  # shares (precision, recall, rates) need three decimals to be read at all
        text = f"{value:,.3f}" if abs(value) <= 1 and unit not in ("s", "ms", "h") else f"{value:,.1f}"
    return f"{text} {unit}"


def table(results: list[dict]) -> str:
    header = ("workload", "ours", "baseline", "ratio", "peak memory")
    lines = []
    for result in results:
        if result["status"] != "ok":
            lines.append((f"{result['script']}: {result['status'].upper()}", "—", "—", "—",
                          _number(result.get("peak_mb"), "MB")))
        for row in result["rows"]:
            ratio = "—" if row.get("ratio") is None else f"{row['ratio']:,.1f}×"
            lines.append((row["workload"], _number(row["ours"], row["unit"]), _number(row.get("baseline"), row["unit"]),
                          ratio, _number(row.get("peak_mb"), "MB")))
    widths = [max(len(str(cells[i])) for cells in [header, *lines]) for i in range(len(header))]
    out = ["  ".join(str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
                     for i, cell in enumerate(cells)) for cells in [header, *lines]]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def run_script(name: str, overrides: dict[str, str], log_folder: Path) -> dict:
    env = dict(os.environ)
    env.update(overrides)
    env.setdefault("DJANGO_SETTINGS_MODULE", "veiliglokaal.settings.test")
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONUNBUFFERED"] = "1"
    log_path = log_folder / f"{name}.log"
    started = time.perf_counter()
    timed_out = threading.Event()
    with open(log_path, "w", encoding="utf-8", buffering=1) as log:  # line-buffered: follow it with tail -f
        process = subprocess.Popen([sys.executable, str(HERE / f"{name}.py")], cwd=REPO, env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8",
                                   errors="replace")

        def stop():
            timed_out.set()
            process.kill()

        timer = threading.Timer(TIMEOUT_SECONDS, stop)
        timer.start()
        lines = []
        try:
            for line in process.stdout:
                log.write(line)
                lines.append(line)
        finally:
            timer.cancel()
        _pid, wait_status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(wait_status)
    rows, mismatch = parse_output(lines)
    exit_code = None if timed_out.is_set() else process.returncode
    return {"script": f"{name}.py", "env": overrides, "status": status_of(exit_code, rows, mismatch),
            "exit_code": process.returncode, "seconds": round(time.perf_counter() - started, 1),
            "peak_mb": round(usage.ru_maxrss / 1024, 1), "log": str(log_path.relative_to(REPO)), "rows": rows,
            "tail": [] if exit_code == 0 and not mismatch else [line.rstrip("\n") for line in lines[-15:]]}


def main() -> int:
    full = os.environ.get("BENCH_FULL", "") == "1"
    names = selected(os.environ.get("BENCH_ONLY", ""))
    folder = REPO / "var"
    log_folder = folder / "bench-logs"
    log_folder.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("DATABASE_URL", "").split(":", 1)[0] or "sqlite (default)"
    commit = _git("rev-parse", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    load_before = os.getloadavg()
    began = datetime.datetime.now(datetime.timezone.utc)
    print(f"make bench: {'FULL sizes' if full else 'small sizes'}, {len(names)} benchmark(s), database {database}, "
          f"commit {commit[:10]}{' (uncommitted changes)' if dirty else ''}, "
          f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}", flush=True)
    results = []
    for name in names:
        overrides = {} if full else SCRIPTS[name]
        shown = " ".join(f"{key}={value}" for key, value in overrides.items())
        print(f"== {name}.py {shown}", flush=True)
        result = run_script(name, overrides, log_folder)
        print(f"   {result['status']} in {result['seconds']:.0f} s, peak {result['peak_mb']:.0f} MB "
              f"(log: {result['log']}), load now {os.getloadavg()[0]:.2f}", flush=True)
        for line in result["tail"]:
            print(f"   | {line}")
        results.append(result)
    load_after = os.getloadavg()
    ended = datetime.datetime.now(datetime.timezone.utc)
    report = {
        "date": began.isoformat(timespec="seconds"), "finished": ended.isoformat(timespec="seconds"),
        "commit": commit, "uncommitted_changes": dirty, "full_sizes": full, "database": database,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "scripts": results,
    }
    (folder / "bench-results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
    print()
    print(table(results))
    print()
    failed = [r["script"] for r in results if r["status"] != "ok"]
    print(f"{began:%Y-%m-%d %H:%M} UTC, {(ended - began).total_seconds() / 60:.1f} min, commit {commit[:10]}, "
          f"load average before {load_before[0]:.2f} / after {load_after[0]:.2f} (1 min); "
          f"written to var/bench-results.json")
    if failed:
        print(f"FAILED: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
