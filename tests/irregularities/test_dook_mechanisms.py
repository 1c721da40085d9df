"""The mechanism-planted SYNTHETIC generator (issue 12) and its detection-quality benchmark."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from veiliglokaal.demo import dook_mechanisms as mechanisms
from veiliglokaal.irregularities.pipeline import Frames, run_pipeline
from veiliglokaal.irregularities.pipeline.indicators import THEMES
from veiliglokaal.irregularities.pipeline.schema import (
    ADDRESS_COLUMNS,
    ESTABLISHMENT_COLUMNS,
    PURPOSES,
    building_types,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data():
    return mechanisms.generate(total=120_000, seed=5)


def test_generator_is_seeded(data):
    again = mechanisms.generate(total=120_000, seed=5)
    other = mechanisms.generate(total=120_000, seed=6)
    assert data.addresses.equals(again.addresses)
    assert data.establishments.equals(again.establishments)
    assert data.truth.equals(again.truth)
    assert not data.addresses["persons"].equals(other.addresses["persons"])


def test_data_is_labelled_synthetic(data):
    codes = data.addresses["municipality"].astype(str)
    assert codes.str.fullmatch(
        r"GM9\d{3}"
    ).all()  # no real municipality code starts with 9
    assert data.addresses["neighbourhood"].astype(str).str.startswith("BU9").all()
    assert (
        data.addresses["street"].astype(str).str.startswith("Synthetische straat").all()
    )
    assert mechanisms.SYNTHETIC_LABEL == "SYNTHETISCH"


def test_generator_never_imports_the_rules():
    """The generator must not read the pipeline, its rules, thresholds or settings (nor the rule-planted generator)."""
    source = Path(mechanisms.__file__).read_text()
    imported, identifiers = [], set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            identifiers.add(node.id.lower())
        elif isinstance(node, ast.Attribute):
            identifiers.add(node.attr.lower())
        elif isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported.append(("." * node.level) + (node.module or ""))
    assert imported, "the parser found no imports"
    for name in imported:
        assert (
            "irregularities" not in name
            and "pipeline" not in name
            and "dook_synthetic" not in name
        ), name
        assert not name.startswith("."), name
    assert not [name for name in identifiers if "threshold" in name]
    for word in (
        "min_persons",
        "max_m2_per_person",
        "min_moves",
        "min_at_home",
        "min_elsewhere",
        "max_ratio",
        "min_addresses",
        "min_establishments",
        "min_score",
        "IndicatorSetting",
        "defaults_of",
    ):
        assert word not in source, word


def test_output_follows_the_pipeline_contract(data):
    assert mechanisms.BAG_PURPOSES == PURPOSES
    assert set(data.addresses.columns) == set(ADDRESS_COLUMNS) - {"building_type"}
    assert list(data.establishments.columns) == list(ESTABLISHMENT_COLUMNS)
    assert data.addresses["id"].is_unique
    assert data.establishments["address_id"].isin(data.addresses["id"]).all()
    addresses = data.addresses.assign(
        building_type=building_types(data.addresses["purpose_mask"].to_numpy())
    )
    result = run_pipeline(
        Frames(addresses=addresses, establishments=data.establishments),
        engine="in-process",
    )
    assert len(result.addresses) == len(addresses)


def test_ground_truth_is_consistent(data):
    truth = data.truth
    assert truth["address_id"].is_unique
    assert truth["address_id"].isin(data.addresses["id"]).all()
    assert set(truth["role"]) == {"mechanism", "control"}
    assert set(truth["theme"]) == set(THEMES) == set(mechanisms.THEMES)
    for row in truth.drop_duplicates("kind").itertuples():
        kind = mechanisms.KINDS[row.kind]
        assert (row.role, row.theme) == (kind.role, kind.theme)
    # each kind is planted as its mechanism says
    a = data.addresses.set_index("id")
    est = (
        data.establishments[data.establishments["active"]].groupby("address_id").size()
    )
    by_kind = {
        kind: group["address_id"].to_numpy() for kind, group in truth.groupby("kind")
    }
    park = a.loc[by_kind["holiday_park_recreational"]]
    assert (park["purpose_mask"] == mechanisms.BIT["logiesfunctie"]).all() and (
        park["persons"] == 0
    ).all()
    assert (
        a.loc[by_kind["holiday_park_permanent"], "purpose_mask"]
        == mechanisms.BIT["logiesfunctie"]
    ).all()
    assert (
        a.loc[by_kind["living_in_business_unit"], "purpose_mask"]
        == mechanisms.BIT["industriefunctie"]
    ).all()
    assert (a.loc[by_kind["garage_box_row"], "floor_area"] < 40).all()
    assert (a.loc[by_kind["large_family"], "persons"] >= 5).all()
    assert est.reindex(by_kind["letterbox_home"], fill_value=0).median() >= 3
    assert est.reindex(by_kind["business_centre"], fill_value=0).min() >= 5
    assert (a.loc[by_kind["cannabis_grow_house"], "persons"] <= 1).all()
    # values are drawn, not pinned: a mechanism's cases spread over a range
    assert a.loc[by_kind["overcrowded_rental"], "persons"].nunique() > 4


def test_every_mechanism_and_control_is_present(data):
    present = set(data.truth["kind"])
    assert present == set(mechanisms.KINDS)
    assert {k.name for k in mechanisms.MECHANISMS} == set(
        data.truth.loc[data.truth["role"] == "mechanism", "kind"]
    )
    assert len(mechanisms.MECHANISMS) >= 12 and len(mechanisms.CONTROLS) >= 14
    assert all(k.description for k in mechanisms.KINDS.values())


def test_benchmark_script_runs_small_and_reports_every_theme():
    env = {
        **os.environ,
        "BENCH_QUALITY_ADDRESSES": "60000",
        "BENCH_QUALITY_SEED": "7",
        "BENCH_QUALITY_COMPARE": "0",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "dook_quality.py")],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [
        json.loads(line.split(" ", 1)[1])
        for line in done.stdout.splitlines()
        if line.startswith("BENCH_RESULT ")
    ]
    by_name = {row["workload"]: row for row in rows}
    for theme in (*THEMES, "all"):
        for measure, unit in (("precision_at_k", "precision"), ("recall", "recall")):
            row = by_name[f"dook_quality/mechanisms/{theme}/{measure}"]
            assert row["unit"] == unit and row["baseline"] is None
            assert 0.0 <= row["ours"] <= 1.0
    assert {
        f"dook_quality/mechanism/{k.name}/recall" for k in mechanisms.MECHANISMS
    } <= set(by_name)
    assert {
        f"dook_quality/control/{k.name}/false_alarm_rate" for k in mechanisms.CONTROLS
    } <= set(by_name)
    # a mechanism that leaves no trace in these registers is not found: recall below 1 somewhere is the point
    assert by_name["dook_quality/mechanisms/all/recall"]["ours"] < 1.0
    assert np.isfinite(by_name["dook_quality/mechanisms/all/precision_at_k"]["ours"])
