"""Anomaly score: medians, MAD, tail probabilities and contributions worked out by hand; peer-group fallback."""

import math

import numpy as np
import pytest

from veiliglokaal.irregularities.pipeline import PipelineSettings, run_pipeline
from veiliglokaal.irregularities.pipeline.features import SCORE_FEATURE_NAMES
from veiliglokaal.irregularities.pipeline.groups import tail_stats

from .factories_scoring import INDUSTRY, address, frames

SMALL_GROUPS = {"GM0001": {"anomaly_score": {"params": {"min_peer_size": 5}}}}


def _run(addresses, establishments=(), overrides=SMALL_GROUPS):
    return run_pipeline(frames(addresses, establishments), PipelineSettings(overrides=overrides))


def test_tail_stats_by_hand():
    values = np.array([1.0, 2.0, 3.0, 4.0, 100.0, 7.0, 7.0, np.nan])
    groups = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    stats = tail_stats(values, groups, 2)
    # group 0: median 3; |x - 3| = 2, 1, 0, 1, 97 -> MAD 1; group 1: NaN left out, median 7, MAD 0
    assert stats.median.tolist() == [3.0, 7.0]
    assert stats.mad.tolist() == [1.0, 0.0]
    assert stats.n_valid.tolist() == [5, 2]
    # share of the group >= x: 1 -> 5/5, 3 -> 3/5, 100 -> 1/5; ties share their run: 7 -> 2/2
    assert stats.p_high.tolist() == [1.0, 0.8, 0.6, 0.4, 0.2, 1.0, 1.0, 1.0]
    assert stats.p_low.tolist() == [0.2, 0.4, 0.6, 0.8, 1.0, 1.0, 1.0, 1.0]


def test_contributions_by_hand_and_they_add_up_to_the_score():
    persons = [1.0, 2.0, 3.0, 4.0, 100.0]  # 100 m² each: persons per 100 m² = persons
    woz = [300_000.0, 300_000.0, 300_000.0, 300_000.0, 100_000.0]
    rows = [address(persons=p, woz_value=w) for p, w in zip(persons, woz)]
    result = _run(rows)
    r = result.addresses.set_index("id")
    outlier = r.loc[rows[4]["id"]]
    # persons: p_high = 1/5 -> contribution ln 5; robust z = (100 - 3) / (1.4826 x 1)
    assert outlier["persons_per_100m2_contribution"] == pytest.approx(math.log(5))
    assert outlier["persons_per_100m2_z"] == pytest.approx(97 / 1.4826)
    # WOZ per m² (low is unusual): 1,000 is the lowest of 5 -> p_low = 1/5 -> ln 5; MAD 0 -> mean AD fallback:
    # median 3,000, |x - median| = 0,0,0,0,2,000 -> mean 400 -> z = -2,000 / (1.2533 x 400)
    assert outlier["woz_per_m2_contribution"] == pytest.approx(math.log(5))
    assert outlier["woz_per_m2_z"] == pytest.approx(-2000 / (1.2533 * 400))
    # moves and establishments: all equal (0) -> p = 1 -> 0
    assert outlier["moves_12m_contribution"] == 0.0 and outlier["establishments_contribution"] == 0.0
    assert outlier["score"] == pytest.approx(2 * math.log(5))
    middle = r.loc[rows[2]["id"]]
    assert middle["persons_per_100m2_contribution"] == pytest.approx(math.log(5 / 3))  # p_high = 3/5
    for _id, row in r.iterrows():
        assert row["score"] == sum(row[f"{name}_contribution"] for name in SCORE_FEATURE_NAMES)
    peer = result.peers.iloc[int(outlier["peer"])]
    assert peer["persons_per_100m2_median"] == 3.0 and peer["persons_per_100m2_mad"] == 1.0 and peer["size"] == 5


def test_missing_values_contribute_nothing_and_are_left_out_of_the_group():
    rows = [address(woz_value=300_000.0) for _ in range(5)] + [address(woz_value=float("nan"))]
    result = _run(rows)
    r = result.addresses.set_index("id")
    missing = r.loc[rows[-1]["id"]]
    assert missing["woz_per_m2_contribution"] == 0.0
    assert result.peers.iloc[int(missing["peer"])]["woz_per_m2_n"] == 5


def test_small_buurt_groups_fall_back_to_municipality_and_building_type():
    # Deliberately changed (issue 12): groups are buurt x class x floor-area class, and the key carries the area
    # class. All rows here are 100 m² (class 75-150), so the fallback is gemeente x class x 75-150.
    homes = [address(neighbourhood="BU00010001") for _ in range(40)]
    units_a = [address(neighbourhood="BU00010001", purposes=INDUSTRY) for _ in range(10)]
    units_b = [address(neighbourhood="BU00010002", purposes=INDUSTRY) for _ in range(10)]
    result = run_pipeline(frames(homes + units_a + units_b), PipelineSettings())  # default minimum 30
    peers = result.peers.set_index("key")
    assert peers.loc["GM0001|buurt|BU00010001|woning|75-150", "size"] == 40
    assert peers.loc["GM0001|gemeente||bedrijf|alle", "size"] == 20  # 10 + 10 from two buurten, each < 30
    assert len(peers) == 2
    r = result.addresses.set_index("id")
    assert r.loc[units_a[0]["id"], "peer"] == r.loc[units_b[0]["id"], "peer"]


def test_peer_groups_never_cross_municipalities():
    rows = [address(municipality="GM0001", neighbourhood="BU1") for _ in range(5)] + [
        address(municipality="GM0002", neighbourhood="BU1") for _ in range(5)]
    result = run_pipeline(frames(rows), PipelineSettings())
    assert set(result.peers["key"]) == {"GM0001|gemeente||woning|alle", "GM0002|gemeente||woning|alle"}


def test_mad_without_a_second_sort_equals_the_sorted_definition():
    from veiliglokaal.irregularities.pipeline.groups import _block_median, _blocks, _sort, _sorted_stats

    rng = np.random.default_rng(5)
    for _trial in range(200):
        n, n_groups = int(rng.integers(1, 200)), int(rng.integers(1, 12))
        groups = rng.integers(0, n_groups, n)
        values = np.round(rng.normal(0, 1, n) * rng.choice([1, 10]), int(rng.integers(0, 3)))
        values[rng.random(n) < 0.15] = np.nan
        stats = _sorted_stats(values, groups, n_groups)
        deviation = np.abs(values - stats.median[groups])
        by_sorting = _block_median(deviation[_sort(deviation, groups)], _blocks(groups, n_groups), stats.n_valid)
        np.testing.assert_array_equal(stats.mad, by_sorting)


def test_count_histograms_equal_the_sorted_statistics():
    from veiliglokaal.irregularities.pipeline.groups import _histogram_stats, _sorted_stats

    rng = np.random.default_rng(1)
    for _trial in range(100):
        n, n_groups = int(rng.integers(1, 300)), int(rng.integers(1, 12))
        groups = rng.integers(0, n_groups, n)
        values = rng.poisson(rng.uniform(0.1, 5), n).astype(float)
        values[rng.random(n) < 0.1] = np.nan
        if np.isnan(values).all():
            continue
        histogram = _histogram_stats(values, groups, n_groups, int(np.nanmax(values)))
        by_sorting = _sorted_stats(values, groups, n_groups)
        for name in ("median", "mad", "mean_ad", "n_valid", "p_high", "p_low"):
            np.testing.assert_allclose(getattr(histogram, name), getattr(by_sorting, name), rtol=0, atol=1e-12)


def test_a_municipality_without_data_gives_an_empty_result():
    from veiliglokaal.irregularities.pipeline.schema import empty_frames

    result = run_pipeline(empty_frames())
    assert len(result.addresses) == 0 and len(result.peers) == 0 and len(result.aggregates) == 0
