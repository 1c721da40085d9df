"""One machine-readable line per measured row, collected by `benchmarks/run_all.py` (`make bench`).

Every benchmark script calls `emit()` once per row it reports, after it has checked that its own path and its
baseline give the same answer. The line is `BENCH_RESULT {json}` on standard output, so a script stays runnable
on its own and prints its usual human-readable report as well.
"""

from __future__ import annotations

import json
import resource


def peak_rss_mb() -> float:
    """Peak resident set size of this process (and finished children), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def emit(
    workload: str,
    ours: float,
    baseline: float | None = None,
    *,
    unit: str = "s",
    higher_is_better: bool = False,
    baseline_name: str = "",
    peak_mb: float | None = None,
    note: str = "",
) -> None:
    """Print one result row. `ours`/`baseline` are in `unit` (seconds, ms, posts/s …)."""
    ratio = None
    if baseline:
        ratio = (ours / baseline) if higher_is_better else (baseline / ours if ours else None)
    row = {
        "workload": workload,
        "ours": ours,
        "baseline": baseline,
        "baseline_name": baseline_name,
        "unit": unit,
        "ratio": ratio,
        "peak_mb": round(peak_mb if peak_mb is not None else peak_rss_mb(), 1),
        "note": note,
    }
    print("BENCH_RESULT " + json.dumps(row, ensure_ascii=False), flush=True)
