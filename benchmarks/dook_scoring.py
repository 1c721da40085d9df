"""Benchmark: the DOOK scoring pipeline over a national SYNTHETIC set (default 10 million addresses).

1. Generates the synthetic national set in memory (seeded; `demo.dook_synthetic`, planted irregularities
   with ground truth). Generation is timed separately and is not part of the pipeline time.
2. Runs the whole pipeline in-process (features -> indicators -> scores -> worklist -> aggregates) over all
   addresses: wall time (median of BENCH_REPEAT runs) and the process's peak RSS.
3. Baseline in the same run: a straightforward pandas + scikit-learn implementation (pandas features, one
   IsolationForest per peer group, pandas rules). An IsolationForest per peer group over 10 million addresses takes
   hours, so the baseline runs on a SUBSAMPLE of whole municipalities (BENCH_BASELINE_ADDRESSES, default 60,000);
   the pipeline runs on the same subsample, and that same-data ratio is the reported ratio. The baseline's time for
   10 million is extrapolated linearly from the subsample and labelled as such.
4. Detection quality on the planted ground truth: precision@k and recall per theme.

    PYTHONPATH=src:. DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/dook_scoring.py
    BENCH_ADDRESSES=1000000 ...   # a smaller run
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src"), str(Path(__file__).resolve().parents[1])]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiliglokaal.settings.test")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from veiliglokaal.demo import dook_synthetic as synthetic  # noqa: E402
from veiliglokaal.irregularities.pipeline import Frames, run_pipeline  # noqa: E402
from veiliglokaal.irregularities.pipeline.indicators import BY_CODE, THEMES  # noqa: E402

ADDRESSES = int(os.environ.get("BENCH_ADDRESSES", 10_000_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 3))
BASELINE_ADDRESSES = int(os.environ.get("BENCH_BASELINE_ADDRESSES", 60_000))


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(function, repeat: int):
    """Median wall time, all wall times, the last result, and the median CPU time (user + system) per run.

    On a shared machine the wall time includes waiting for a core; the CPU time of this single-threaded
    process is what the run costs, and is close to the wall time on an idle core.
    """
    times, cpu, result = [], [], None
    for _ in range(repeat):
        result = None
        start, start_cpu = time.perf_counter(), cpu_seconds()
        result = function()
        times.append(time.perf_counter() - start)
        cpu.append(cpu_seconds() - start_cpu)
    timed.cpu = statistics.median(cpu)
    return statistics.median(times), times, result


# --- baseline: pandas + scikit-learn ------------------------------------------------------------------------

def baseline(frames: Frames) -> pd.DataFrame:
    """What one would write first: pandas joins and groupbys, an IsolationForest per peer group, pandas rules."""
    from sklearn.ensemble import IsolationForest

    a = frames.addresses.copy()
    for column in ("municipality", "neighbourhood", "street", "building_type"):
        a[column] = a[column].astype(str)
    est = frames.establishments[frames.establishments["active"]]
    counts = est.groupby("address_id").size().rename("establishments")
    a = a.merge(counts, left_on="id", right_index=True, how="left").fillna({"establishments": 0})
    a["persons_per_100m2"] = a["persons"] / a["floor_area"] * 100
    a["moves_12m"] = a["moves_in"] + a["moves_out"]
    a["woz_per_m2"] = a["woz_value"] / a["floor_area"]
    size = a.groupby(["municipality", "neighbourhood", "building_type"])["id"].transform("size")
    a["peer"] = np.where(size >= 30, a["municipality"] + "|" + a["neighbourhood"] + "|" + a["building_type"],
                         a["municipality"] + "|" + a["building_type"])
    features = ["persons_per_100m2", "moves_12m", "woz_per_m2", "establishments"]
    a["score"] = 0.0
    for _peer, group in a.groupby("peer"):
        x = group[features].fillna(group[features].median()).fillna(0).to_numpy()
        if len(x) < 2:
            continue
        forest = IsolationForest(n_estimators=100, random_state=0).fit(x)
        a.loc[group.index, "score"] = -forest.score_samples(x)
    a["occupancy"] = (a["building_type"] == "woning") & (a["persons"] >= 4) & (a["floor_area"] / a["persons"] < 12)
    a["many_moves"] = a["moves_12m"] >= 8
    a["low_woz"] = a["woz_per_m2"] < 0.5 * a.groupby("peer")["woz_per_m2"].transform("median")
    a["signal"] = a["occupancy"] | a["many_moves"] | a["low_woz"] | (a["score"] > 0.6)
    return a


def subsample(frames: Frames, target: int) -> Frames:
    """Whole municipalities (smallest first, from a seeded shuffle) until `target` addresses."""
    counts = frames.addresses["municipality"].value_counts()
    order = counts.sample(frac=1.0, random_state=7)
    chosen, total = [], 0
    for name, count in order.items():
        if total + count > target * 1.2:
            continue
        chosen.append(name)
        total += count
        if total >= target:
            break
    mask = frames.addresses["municipality"].isin(chosen).to_numpy()
    addresses = frames.addresses[mask].reset_index(drop=True)
    establishments = frames.establishments[frames.establishments["address_id"].isin(addresses["id"])]
    return Frames(addresses=addresses, establishments=establishments.reset_index(drop=True))


# --- detection quality ------------------------------------------------------------------------------------------

def quality(result, truth: pd.DataFrame) -> list[dict]:
    a = result.addresses
    truth = truth.assign(theme=truth["kind"].map(lambda kind: BY_CODE[kind].theme))
    signal = a["signal"].to_numpy()
    rows = []
    for theme in THEMES:
        codes = [code for code, indicator in BY_CODE.items() if indicator.theme == theme]
        planted = set(truth.loc[truth["theme"] == theme, "address_id"].to_numpy().tolist())
        in_theme = np.logical_or.reduce([a[f"{code}_fired"].to_numpy() for code in codes])
        found = set(a.loc[in_theme & signal, "id"].to_numpy().tolist())
        ranked = a.loc[in_theme & signal].sort_values(["priority", "id"], ascending=[False, True])["id"].to_numpy()
        k = len(planted)
        top = set(ranked[:k].tolist())
        rows.append({"theme": theme, "planted": k, "signals": len(found),
                     "precision_at_k": len(top & planted) / k if k else float("nan"),
                     "recall": len(found & planted) / k if k else float("nan")})
    # the anomaly score alone, without the rules: how many planted addresses rank in its top-k
    planted_all = set(truth["address_id"].to_numpy().tolist())
    k = len(planted_all)
    top_score = set(a.sort_values(["score", "id"], ascending=[False, True])["id"].to_numpy()[:k].tolist())
    rows.append({"theme": "(afwijkingsscore alleen)", "planted": k, "signals": k,
                 "precision_at_k": len(top_score & planted_all) / k, "recall": len(top_score & planted_all) / k})
    return rows


def main():
    print(f"DOOK scoring benchmark — SYNTHETIC data, {ADDRESSES:,} addresses, load average {os.getloadavg()}")
    start = time.perf_counter()
    data = synthetic.generate_frames(ADDRESSES)
    print(f"generate: {time.perf_counter() - start:.1f} s, establishments {len(data.frames.establishments):,}, "
          f"planted {len(data.truth):,}, peak RSS so far {peak_rss_gb():.2f} GB")

    median, times, result = timed(lambda: run_pipeline(data.frames, engine="in-process"), REPEAT)
    print(f"pipeline in-process (all {ADDRESSES:,}): median {median:.1f} s over {REPEAT} runs "
          f"({', '.join(f'{t:.1f}' for t in times)}), signals {int(result.addresses['signal'].sum()):,}, "
          f"peer groups {len(result.peers):,}, aggregate rows {len(result.aggregates):,}")
    print(f"  CPU time (user + system) per run, median: {timed.cpu:.1f} s; load average now {os.getloadavg()}")
    print(f"peak RSS of the process (generation + pipeline): {peak_rss_gb():.2f} GB")

    print("detection quality (planted ground truth):")
    for row in quality(result, data.truth):
        print(f"  {row['theme']:<28} planted {row['planted']:>7,}  signals {row['signals']:>8,}  "
              f"precision@k {row['precision_at_k']:.3f}  recall {row['recall']:.3f}")
    del result

    sample = subsample(data.frames, BASELINE_ADDRESSES)
    n_sample = len(sample.addresses)
    sample_median, _t, _r = timed(lambda: run_pipeline(sample, engine="in-process"), REPEAT)
    sample_cpu = timed.cpu
    start, start_cpu = time.perf_counter(), cpu_seconds()
    baseline(sample)
    baseline_time = time.perf_counter() - start
    baseline_cpu = cpu_seconds() - start_cpu
    print(f"subsample: {n_sample:,} addresses in {sample.addresses['municipality'].nunique()} municipalities")
    print(f"  pipeline {sample_median:.2f} s, baseline pandas + IsolationForest per peer group {baseline_time:.1f} s, "
          f"ratio {baseline_time / sample_median:.0f}x (same data, same run); CPU time {sample_cpu:.2f} s vs "
          f"{baseline_cpu:.1f} s, ratio {baseline_cpu / sample_cpu:.0f}x")
    extrapolated = baseline_time * ADDRESSES / n_sample
    print(f"  baseline extrapolated linearly to {ADDRESSES:,}: ~{extrapolated / 60:.0f} min "
          f"(ratio vs measured full pipeline ~{extrapolated / median:.0f}x; EXTRAPOLATED, not measured)")


if __name__ == "__main__":
    main()
