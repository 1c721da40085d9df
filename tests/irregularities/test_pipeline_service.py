"""The scoring service on database rows: loader, run with progress, signals with explanation, aggregates, audit."""

import pytest

from veiliglokaal.audit.models import ProcessingLogEntry
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.irregularities.models import (AreaAggregate, IndicatorSetting, ScoringRun, Signal)
from veiliglokaal.irregularities.pipeline.loader import load_frames
from veiliglokaal.irregularities.scoring import score_municipality

from .factories_scoring import db_address, db_establishment, source_import

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ermelo_sources(municipality_a, municipality_b):
    imported = source_import(municipality_a)
    rows = {}
    for number in range(1, 36):
        db_address(municipality_a, imported, number=number, x=176_000.0 + number * 20, y=478_000.0)
    # 80 m² (changed from 50 for issue 12: the peer group is buurt x class x floor-area class, and a lone 50 m² home
    # would be compared only with the other homes that fell back); 80 / 7 = 11.4 m² per person
    rows["crowded"] = db_address(municipality_a, imported, number=100, floor_area=80, persons=7)
    rows["garage"] = db_address(municipality_a, imported, number=101, purposes="overige gebruiksfunctie",
                                floor_area=20, persons=2, neighbourhood="BU02330102")
    rows["car_trade"] = db_address(municipality_a, imported, number=102)
    db_establishment(rows["car_trade"], imported, "4511", 1)
    db_establishment(rows["car_trade"], imported, "4511", 2, ended_on="2020-01-01")
    other = source_import(municipality_b)
    db_address(municipality_b, other, number=1, floor_area=20, persons=9, neighbourhood="BU02430101")
    return rows


def test_loader_builds_the_frames_without_orm_objects(ermelo_sources, municipality_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        frames, dates = load_frames(municipality_a)
    assert len(frames.addresses) == 38  # only Ermelo's
    assert set(frames.addresses["municipality"]) == {"GM0233"}
    crowded = frames.addresses.set_index("id").loc[ermelo_sources["crowded"].pk]
    assert crowded["persons"] == 7 and crowded["floor_area"] == 80 and crowded["building_type"] == "woning"
    assert frames.establishments["active"].tolist().count(True) == 1
    assert dates == {"brp": "2026-01-01", "woz": "2026-01-01", "kvk": "2026-01-01"}


def test_score_municipality_writes_ranked_signals_with_explanation(ermelo_sources, municipality_a, users_a):
    run = score_municipality(municipality_a, users_a["analyst"])
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED, run.error_summary
    assert run.done == 100 and run.addresses == 38 and run.engine == "in-process"
    signals = {s.address_id: s for s in Signal.objects.filter(run=run)}
    assert run.signals == len(signals)
    crowded = signals[ermelo_sources["crowded"].pk]
    assert crowded.themes == ["housing"]
    occupancy = next(i for i in crowded.indicators if i["code"] == "occupancy")
    assert occupancy["value"] == pytest.approx(80 / 7, abs=1e-6) and occupancy["threshold"] == 12
    assert crowded.anomaly_score == pytest.approx(sum(crowded.contributions.values()), abs=1e-5)
    assert crowded.features["persons_per_100m2"]["value"] == pytest.approx(8.75)
    assert crowded.features["persons_per_100m2"]["reference_date"] == "2026-01-01"
    assert "BRP" in crowded.features["persons_per_100m2"]["source"]
    assert crowded.peer_group == "buurt BU02330101 × woning × 75-150 m²"  # issue 12: with the floor-area class
    assert crowded.features["persons_per_100m2"]["peer_median"] == 2.0 and not crowded.features[
        "persons_per_100m2"]["small"]
    assert crowded.peer_stats["size"] == 37 and crowded.peer_stats["persons_per_100m2"]["median"] == 2.0
    assert signals[ermelo_sources["garage"].pk].themes == ["business_parks"]
    assert signals[ermelo_sources["car_trade"].pk].themes == ["retail_auto"]
    ranks = sorted(s.rank for s in signals.values())
    assert ranks == list(range(1, len(signals) + 1))
    assert all(s.municipality_id == municipality_a.pk for s in signals.values())


def test_aggregates_per_buurt_and_hexagon(ermelo_sources, municipality_a):
    run = score_municipality(municipality_a)
    run.refresh_from_db()
    everything = AreaAggregate.objects.filter(run=run, theme="", indicator="")
    buurten = {a.area_code: a for a in everything.filter(area_kind="buurt")}
    assert buurten["BU02330101"].addresses == 37 and buurten["BU02330102"].addresses == 1
    assert sum(a.signals for a in buurten.values()) == run.signals
    hexes = list(everything.filter(area_kind="hex"))
    assert sum(h.addresses for h in hexes) == 38
    ring = hexes[0].boundary["coordinates"][0]
    assert len(ring) == 7 and 3 < ring[0][0] < 8 and 50 < ring[0][1] < 54  # lon, lat in the Netherlands
    housing = AreaAggregate.objects.get(run=run, area_kind="buurt", area_code="BU02330101", theme="housing",
                                        indicator="")
    assert housing.signals == 1
    assert AreaAggregate.objects.filter(run=run, indicator="occupancy").exists()


def test_scoring_is_logged_as_processing(ermelo_sources, municipality_a, users_a):
    run = score_municipality(municipality_a, users_a["analyst"])
    run.refresh_from_db()
    entries = ProcessingLogEntry.objects.filter(activity_key="irregularities.scoring").order_by("sequence")
    assert [e.name for e in entries] == ["bronnen gelezen voor de berekening van signalen",
                                         "signalen van onregelmatigheden berekend en opgeslagen"]
    for entry in entries:
        assert entry.municipality_id == municipality_a.pk and entry.actor_id == users_a["analyst"].pk
    assert run.status == JobStatus.SUCCEEDED


def test_thresholds_of_the_municipality_apply_and_are_recorded(ermelo_sources, municipality_a):
    IndicatorSetting.objects.create(municipality=municipality_a, indicator="occupancy", enabled=False)
    run = score_municipality(municipality_a)
    run.refresh_from_db()
    crowded = Signal.objects.filter(run=run, address=ermelo_sources["crowded"]).first()
    assert crowded is None or all(i["code"] != "occupancy" for i in crowded.indicators)
    assert run.parameters["settings"]["occupancy"]["enabled"] is False


def test_a_bad_setting_fails_the_run_with_a_message(ermelo_sources, municipality_a):
    IndicatorSetting.objects.create(municipality=municipality_a, indicator="many_moves", params={"min_moves": -1})
    run = score_municipality(municipality_a)
    run.refresh_from_db()
    assert run.status == JobStatus.FAILED and "1 tot en met 500" in run.error_summary
    assert not Signal.objects.filter(run=run).exists()
    assert ScoringRun.objects.count() == 1
