"""Benchmark: DOOK detection quality on data planted BY MECHANISM, not by the rules (issue 12).

1. Generates SYNTHETIC municipalities with `demo.dook_mechanisms` (seeded): irregularities planted as mechanisms
   (overcrowded rental, letterbox address, permanent living on a holiday park, front business, ...) and legitimate
   look-alikes as negative controls (care homes, student houses, large families, holdings at home, ...). The
   generator never reads the rules or their thresholds.
2. Runs the real pipeline in-process with the default settings.
3. Reports, per theme: precision@k (k = planted mechanism addresses of the theme; the theme's signals ranked by
   priority) and recall (share of the theme's planted addresses with a signal from an indicator of that theme), the
   same definitions as `dook_scoring.py`; the same overall (all signals); recall per mechanism; and per look-alike
   kind the share flagged (false-alarm rate).
4. For comparison, the same measures on the rule-planted generator (`demo.dook_synthetic`) at the same size
   (BENCH_QUALITY_COMPARE=0 skips it).

    PYTHONPATH=src:. DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/dook_quality.py
    BENCH_QUALITY_ADDRESSES=1000000 BENCH_QUALITY_SEED=20261204 ...
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parents[1] / "src"),
    str(Path(__file__).resolve().parent),
]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiliglokaal.settings.test")

import django

django.setup()

import numpy as np
import pandas as pd
from _result import emit

from veiliglokaal.demo import dook_mechanisms as mechanisms
from veiliglokaal.irregularities.pipeline import Frames, run_pipeline
from veiliglokaal.irregularities.pipeline.indicators import INDICATORS, THEMES
from veiliglokaal.irregularities.pipeline.schema import (
    BUILDING_TYPES,
    PURPOSES,
    building_types,
)

ADDRESSES = int(os.environ.get("BENCH_QUALITY_ADDRESSES", "500000"))
SEED = int(os.environ.get("BENCH_QUALITY_SEED", "20261204"))
COMPARE = os.environ.get("BENCH_QUALITY_COMPARE", "1") != "0"


def pipeline_frames(data: mechanisms.MechanismData) -> Frames:
    """The generator's frames plus the building type, derived from the gebruiksdoelen as the import derives it."""
    assert mechanisms.BAG_PURPOSES == PURPOSES, (
        "the generator's BAG gebruiksdoelen differ from the pipeline's"
    )
    addresses = data.addresses.copy()
    addresses.insert(
        5,
        "building_type",
        pd.Categorical(
            building_types(addresses["purpose_mask"].to_numpy()),
            categories=list(BUILDING_TYPES),
        ),
    )
    return Frames(addresses=addresses, establishments=data.establishments)


def theme_fired(addresses: pd.DataFrame) -> dict[str, np.ndarray]:
    return {
        theme: np.logical_or.reduce(
            [
                addresses[f"{i.code}_fired"].to_numpy()
                for i in INDICATORS
                if i.theme == theme
            ]
        )
        for theme in THEMES
    }


def measure(addresses: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """Precision@k and recall per theme and overall, recall per mechanism, false-alarm rate per look-alike."""
    ids = addresses["id"].to_numpy()
    signal = addresses["signal"].to_numpy()
    priority = addresses["priority"].to_numpy()
    fired = theme_fired(addresses)
    row_of = pd.Series(np.arange(len(ids)), index=ids)
    positives = truth[truth["role"] == "mechanism"]
    controls = truth[truth["role"] == "control"]

    mechanism_ids = set(positives["address_id"].tolist())
    control_ids = set(controls["address_id"].tolist())

    def ranked(flag: np.ndarray, key: np.ndarray) -> np.ndarray:
        rows = np.flatnonzero(flag)
        return ids[rows[np.lexsort((ids[rows], -key[rows]))]]

    def quality(
        planted_ids: np.ndarray, flag: np.ndarray, key: np.ndarray = priority
    ) -> dict:
        planted = set(planted_ids.tolist())
        k = len(planted)
        order = ranked(flag, key)
        top = set(order[:k].tolist())
        found = set(ids[flag].tolist()) & planted
        return {
            "planted": k,
            "signals": len(order),
            "precision_at_k": len(top & planted) / k if k else float("nan"),
            "recall": len(found) / k if k else float("nan"),
            **composition(top, planted),
        }

    def composition(top: set, planted: set) -> dict:
        """What fills the top k: other planted mechanisms, look-alike controls, unlabelled background."""
        return {
            "top_other_mechanism": len(top & (mechanism_ids - planted)),
            "top_control": len(top & control_ids),
            "top_background": len(top - mechanism_ids - control_ids),
        }

    themes = {}
    for theme in THEMES:
        planted = positives.loc[positives["theme"] == theme, "address_id"].to_numpy()
        themes[theme] = quality(planted, fired[theme] & signal)
    themes["all"] = quality(positives["address_id"].to_numpy(), signal)
    # the anomaly score alone, without the rules (as in dook_scoring.py): the top k of all addresses by score
    planted_all = positives["address_id"].to_numpy()
    top_by_score = ranked(np.ones(len(ids), dtype=bool), addresses["score"].to_numpy())[
        : len(planted_all)
    ]
    share = (
        len(set(top_by_score.tolist()) & set(planted_all.tolist())) / len(planted_all)
        if len(planted_all)
        else 0.0
    )
    themes["score_only"] = {
        "planted": len(planted_all),
        "signals": len(top_by_score),
        "precision_at_k": share,
        "recall": share,
        **composition(set(top_by_score.tolist()), set(planted_all.tolist())),
    }

    per_mechanism = {}
    declared = {
        kind: index for index, kind in enumerate(mechanisms.KINDS)
    }  # theme by theme, as declared
    for kind, group in sorted(
        positives.groupby("kind"), key=lambda item: declared.get(item[0], len(declared))
    ):
        rows = row_of[group["address_id"].to_numpy()].to_numpy()
        theme = group["theme"].iloc[0]
        per_mechanism[kind] = {
            "theme": theme,
            "planted": len(rows),
            "recall_theme": float((fired[theme][rows] & signal[rows]).mean()),
            "recall_any": float(signal[rows].mean()),
        }
    per_control = {}
    for kind, group in sorted(
        controls.groupby("kind"), key=lambda item: declared.get(item[0], len(declared))
    ):
        rows = row_of[group["address_id"].to_numpy()].to_numpy()
        theme = group["theme"].iloc[0]
        per_control[kind] = {
            "theme": theme,
            "addresses": len(rows),
            "flagged_theme": float((fired[theme][rows] & signal[rows]).mean()),
            "flagged_any": float(signal[rows].mean()),
        }
    background = np.ones(len(ids), dtype=bool)
    background[row_of[truth["address_id"].to_numpy()].to_numpy()] = False
    return {
        "themes": themes,
        "mechanisms": per_mechanism,
        "controls": per_control,
        "background_flagged": float(signal[background].mean()),
        "background": int(background.sum()),
    }


def rule_planted(total: int) -> dict:
    """Today's figures: the same theme measures on the rule-planted generator at the same size."""
    from veiliglokaal.demo import dook_synthetic
    from veiliglokaal.irregularities.pipeline.indicators import BY_CODE

    data = dook_synthetic.generate_frames(total)
    result = run_pipeline(data.frames, engine="in-process")
    truth = data.truth.assign(
        role="mechanism", theme=data.truth["kind"].map(lambda k: BY_CODE[k].theme)
    )
    return measure(result.addresses, truth)["themes"]


def main():
    print(
        f"DOOK detection quality — SYNTHETIC mechanism-planted data, {ADDRESSES:,} addresses, seed {SEED}, "
        f"load average {os.getloadavg()}"
    )
    start = time.perf_counter()
    data = mechanisms.generate(ADDRESSES, SEED)
    frames = pipeline_frames(data)
    print(
        f"generate: {time.perf_counter() - start:.1f} s, {frames.addresses['municipality'].nunique()} municipalities, "
        f"{len(frames.establishments):,} establishments, {int((data.truth['role'] == 'mechanism').sum()):,} planted "
        f"mechanism addresses, {int((data.truth['role'] == 'control').sum()):,} look-alike controls"
    )
    start = time.perf_counter()
    result = run_pipeline(frames, engine="in-process")
    print(
        f"pipeline: {time.perf_counter() - start:.1f} s, signals {int(result.addresses['signal'].sum()):,}"
    )
    report = measure(result.addresses, data.truth)

    print(
        "per theme (precision@k: k = planted in the theme; recall: signal with an indicator of the theme):"
    )
    for theme, row in report["themes"].items():
        print(
            f"  THEME {theme:<16} planted {row['planted']:>6,}  signals {row['signals']:>7,}  "
            f"precision@k {row['precision_at_k']:.3f}  recall {row['recall']:.3f}  top k also holds: "
            f"{row['top_other_mechanism']} other mechanisms, {row['top_control']} look-alikes, "
            f"{row['top_background']} background"
        )
        emit(
            f"dook_quality/mechanisms/{theme}/precision_at_k",
            row["precision_at_k"],
            unit="precision",
            higher_is_better=True,
            note=f"{ADDRESSES} addresses, seed {SEED}, k={row['planted']}",
        )
        emit(
            f"dook_quality/mechanisms/{theme}/recall",
            row["recall"],
            unit="recall",
            higher_is_better=True,
            note=f"{ADDRESSES} addresses, seed {SEED}, planted={row['planted']}",
        )
    print("per mechanism (recall: signal in its own theme / any signal):")
    for kind, row in report["mechanisms"].items():
        print(
            f"  MECHANISM {kind:<28} {row['theme']:<15} planted {row['planted']:>5,}  "
            f"recall {row['recall_theme']:.3f}  any {row['recall_any']:.3f}"
        )
        emit(
            f"dook_quality/mechanism/{kind}/recall",
            row["recall_theme"],
            unit="recall",
            higher_is_better=True,
            note=f"theme {row['theme']}, planted={row['planted']}, any signal {row['recall_any']:.3f}",
        )
    print(
        "per look-alike control (share flagged: in the theme it resembles / any signal):"
    )
    for kind, row in report["controls"].items():
        print(
            f"  CONTROL {kind:<28} {row['theme']:<15} addresses {row['addresses']:>5,}  "
            f"flagged {row['flagged_theme']:.3f}  any {row['flagged_any']:.3f}"
        )
        emit(
            f"dook_quality/control/{kind}/false_alarm_rate",
            row["flagged_any"],
            unit="false_alarm_rate",
            note=f"resembles {row['theme']}, addresses={row['addresses']}, in theme {row['flagged_theme']:.3f}",
        )
    print(
        f"  BACKGROUND (unlabelled addresses) {report['background']:,}  flagged {report['background_flagged']:.4f}"
    )

    if COMPARE:
        print(
            f"for comparison, the rule-planted generator (demo.dook_synthetic) at {ADDRESSES:,} addresses:"
        )
        for theme, row in rule_planted(ADDRESSES).items():
            print(
                f"  RULE-PLANTED {theme:<16} planted {row['planted']:>6,}  signals {row['signals']:>7,}  "
                f"precision@k {row['precision_at_k']:.3f}  recall {row['recall']:.3f}"
            )
            emit(
                f"dook_quality/rule_planted/{theme}/recall",
                row["recall"],
                unit="recall",
                higher_is_better=True,
                note=f"{ADDRESSES} addresses, precision@k {row['precision_at_k']:.3f}",
            )


if __name__ == "__main__":
    main()
