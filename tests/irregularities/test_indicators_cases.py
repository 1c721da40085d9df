"""Indicators on hand-checked cases: every expected value is worked out by hand in the comments."""

import math

import numpy as np
import pytest

from veiliglokaal.irregularities.pipeline import PipelineSettings, run_pipeline
from veiliglokaal.irregularities.pipeline.indicators import BY_CODE, INDICATORS, clean_params

from .factories_scoring import HOME, INDUSTRY, SHOP, address, frames


def _homes(n=35, **values):
    """Ordinary homes (100 m², 2 persons, WOZ 3,000 €/m²) so the buurt x woning peer group is large enough."""
    return [address(**values) for _ in range(n)]


def _run(addresses, establishments=(), overrides=None):
    result = run_pipeline(frames(addresses, establishments), PipelineSettings(overrides=overrides or {}))
    return result.addresses.set_index("id")


def test_every_indicator_is_declared_with_dutch_explanations():
    assert {i.theme for i in INDICATORS} == {"housing", "business_parks", "retail_auto", "property"}
    for indicator in INDICATORS:
        assert str(indicator.title) and str(indicator.means) and str(indicator.does_not_prove)
        assert clean_params(indicator.code, {}) == indicator.defaults() | {
            p.name: sorted(p.default) for p in indicator.params if p.kind == "prefixes"}


def test_occupancy_square_metres_per_person():
    crowded = address(floor_area=60.0, persons=6.0)       # 60 / 6 = 10 m² per person < 12, 6 >= 4 persons: fires
    family = address(floor_area=60.0, persons=4.0)        # 60 / 4 = 15 m² per person >= 12: quiet
    three = address(floor_area=30.0, persons=3.0)         # 10 m² per person, but 3 < 4 persons: quiet
    unit = address(purposes=INDUSTRY, floor_area=30.0, persons=5.0)  # no woonfunctie: not this indicator
    r = _run(_homes() + [crowded, family, three, unit])
    assert r.loc[crowded["id"], "occupancy_value"] == pytest.approx(10.0)
    assert r.loc[crowded["id"], "occupancy_threshold"] == 12.0
    assert r.loc[crowded["id"], "occupancy_fired"]
    assert r.loc[family["id"], "occupancy_value"] == pytest.approx(15.0) and not r.loc[family["id"], "occupancy_fired"]
    assert math.isnan(r.loc[three["id"], "occupancy_value"]) and not r.loc[three["id"], "occupancy_fired"]
    assert not r.loc[unit["id"], "occupancy_fired"]


def test_occupancy_threshold_per_municipality_and_switched_off():
    family_1 = address(floor_area=60.0, persons=4.0)      # 15 m² per person
    family_2 = address(municipality="GM0002", floor_area=60.0, persons=4.0)
    overrides = {"GM0001": {"occupancy": {"params": {"max_m2_per_person": 16.0}}},  # 15 < 16: fires in GM0001
                 "GM0002": {"occupancy": {"enabled": False, "params": {"max_m2_per_person": 16.0}}}}
    r = _run(_homes() + _homes(municipality="GM0002") + [family_1, family_2], overrides=overrides)
    assert r.loc[family_1["id"], "occupancy_fired"] and r.loc[family_1["id"], "occupancy_threshold"] == 16.0
    assert not r.loc[family_2["id"], "occupancy_fired"]  # same value, indicator off in GM0002


def test_many_moves_counts_in_and_out():
    busy = address(moves_in=5.0, moves_out=3.0)   # 5 + 3 = 8 >= 8: fires
    calm = address(moves_in=4.0, moves_out=3.0)   # 7: quiet
    r = _run(_homes() + [busy, calm])
    assert r.loc[busy["id"], "many_moves_value"] == 8 and r.loc[busy["id"], "many_moves_fired"]
    assert r.loc[calm["id"], "many_moves_value"] == 7 and not r.loc[calm["id"], "many_moves_fired"]


def test_living_without_residential_purpose():
    garage = address(purposes="overige gebruiksfunctie", floor_area=18.0, persons=1.0)  # 1 >= 1: fires
    empty_unit = address(purposes=INDUSTRY, persons=0.0)
    home = address(persons=3.0)
    r = _run(_homes() + [garage, empty_unit, home])
    assert r.loc[garage["id"], "living_without_residential_value"] == 1
    assert r.loc[garage["id"], "living_without_residential_fired"]
    assert not r.loc[empty_unit["id"], "living_without_residential_fired"]
    assert math.isnan(r.loc[home["id"], "living_without_residential_value"])
    assert not r.loc[home["id"], "living_without_residential_fired"]


def test_many_establishments_at_home_and_elsewhere_only_active_ones():
    home_4, home_3, unit_14, unit_15 = (address(), address(), address(purposes=INDUSTRY),
                                        address(purposes=INDUSTRY))
    establishments = ([(home_4["id"], "7022")] * 4 + [(home_3["id"], "7022")] * 3 + [(home_3["id"], "7022", False)] * 2
                      + [(unit_14["id"], "6420")] * 14 + [(unit_15["id"], "6420")] * 15)
    r = _run(_homes() + [home_4, home_3, unit_14, unit_15], establishments)
    assert r.loc[home_4["id"], "many_establishments_fired"]          # 4 >= 4 (home)
    assert r.loc[home_3["id"], "many_establishments_value"] == 3     # 2 ended establishments do not count
    assert not r.loc[home_3["id"], "many_establishments_fired"]
    assert not r.loc[unit_14["id"], "many_establishments_fired"]     # 14 < 15 (no woonfunctie)
    assert r.loc[unit_15["id"], "many_establishments_fired"]
    assert r.loc[unit_15["id"], "many_establishments_threshold"] == 15


def test_high_risk_concentration_per_street_and_per_buurt():
    boulevard = [address(purposes=SHOP, street="Autoboulevard") for _ in range(4)]
    side = [address(purposes=SHOP, street="Zijstraat") for _ in range(3)]
    other_branch = address(purposes=SHOP, street="Autoboulevard")
    establishments = [(a["id"], "4511") for a in boulevard] + [(a["id"], "4520") for a in side] + [
        (other_branch["id"], "4771")]
    addresses = _homes() + boulevard + side + [other_branch]
    r = _run(addresses, establishments)
    for a in boulevard:  # 4 addresses with a high-risk branch in the street >= 4: fires
        assert r.loc[a["id"], "high_risk_concentration_value"] == 4 and r.loc[a["id"], "high_risk_concentration_fired"]
    for a in side:  # 3 < 4
        assert r.loc[a["id"], "high_risk_concentration_value"] == 3
        assert not r.loc[a["id"], "high_risk_concentration_fired"]
    assert not r.loc[other_branch["id"], "high_risk_concentration_fired"]  # 4771 (clothing) is not high-risk

    by_buurt = _run(addresses, establishments,
                    {"GM0001": {"high_risk_concentration": {"params": {"area": "buurt"}}}})
    for a in boulevard + side:  # 4 + 3 = 7 in the buurt
        assert by_buurt.loc[a["id"], "high_risk_concentration_value"] == 7
        assert by_buurt.loc[a["id"], "high_risk_concentration_fired"]

    hairdressers_only = _run(addresses, establishments,
                             {"GM0001": {"high_risk_concentration": {"params": {"sbi_prefixes": ["9602"]}}}})
    assert not hairdressers_only["high_risk_concentration_fired"].any()


def test_purpose_mismatch_uses_the_section_table():
    car_trade_home = address()     # 4511 (section G) at woonfunctie only: G needs winkel/industrie/kantoor: fires
    consultant_home = address()    # 7022 (section M): allowed anywhere
    webshop_home = address()       # 4791 is an exception: allowed at home
    car_trade_shop = address(purposes=SHOP)
    ended_home = address()         # 4511 but ended: not active
    restaurant_mixed = address(purposes=f"{HOME},{SHOP}")  # 5610 (I) allowed with winkelfunctie
    establishments = [(car_trade_home["id"], "4511"), (consultant_home["id"], "7022"), (webshop_home["id"], "47911"),
                      (car_trade_shop["id"], "4511"), (ended_home["id"], "4511", False),
                      (restaurant_mixed["id"], "5610")]
    r = _run(_homes() + [car_trade_home, consultant_home, webshop_home, car_trade_shop, ended_home, restaurant_mixed],
             establishments)
    assert r.loc[car_trade_home["id"], "purpose_mismatch_value"] == 1
    assert r.loc[car_trade_home["id"], "purpose_mismatch_fired"]
    for quiet in (consultant_home, webshop_home, car_trade_shop, ended_home, restaurant_mixed):
        assert not r.loc[quiet["id"], "purpose_mismatch_fired"], quiet


def test_low_woz_per_m2_against_the_peer_median():
    homes = _homes(n=40)                               # 300,000 / 100 m² = 3,000 €/m²; peer median 3,000
    cheap = address(woz_value=120_000.0)               # 1,200 / 3,000 = 0.4 < 0.5: fires
    fair = address(woz_value=180_000.0)                # 0.6: quiet
    r = _run(homes + [cheap, fair])
    assert r.loc[cheap["id"], "low_woz_per_m2_value"] == pytest.approx(0.4)
    assert r.loc[cheap["id"], "low_woz_per_m2_fired"]
    assert r.loc[fair["id"], "low_woz_per_m2_value"] == pytest.approx(0.6)
    assert not r.loc[fair["id"], "low_woz_per_m2_fired"]


def test_signals_are_ranked_by_priority_per_municipality():
    crowded = address(floor_area=60.0, persons=6.0)
    both = address(floor_area=40.0, persons=5.0, moves_in=6.0, moves_out=4.0)  # two indicators
    r = _run(_homes() + [crowded, both])
    assert r.loc[both["id"], "rank"] == 1 and r.loc[crowded["id"], "rank"] == 2
    # weight 10 x (1 + exceedance): occupancy 8 m² vs 12 -> (12 - 8) / 12 = 1/3; moves 10 vs 8 -> 2 / 8 = 0.25
    expected = r.loc[both["id"], "score"] + 10 * (1 + 1 / 3) + 10 * (1 + 0.25)
    assert r.loc[both["id"], "priority"] == pytest.approx(expected)
    # crowded: 10 m² vs 12 -> exceedance 1/6
    assert r.loc[crowded["id"], "priority"] == pytest.approx(r.loc[crowded["id"], "score"] + 10 * (1 + 1 / 6))
    assert (r.loc[~r["signal"], "rank"] == 0).all()
    assert np.array_equal(np.sort(r.loc[r["signal"], "rank"].to_numpy()), np.arange(1, r["signal"].sum() + 1))


def test_clean_params_gives_dutch_errors():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        clean_params("occupancy", {"max_m2_per_person": "veel", "min_persons": 0})
    messages = error.value.message_dict
    assert messages["max_m2_per_person"] == ["Vul een getal in."]
    assert messages["min_persons"] == ["Vul een waarde in van 1 tot en met 50."]
    with pytest.raises(ValidationError, match="Geen geldige SBI-code"):
        clean_params("high_risk_concentration", {"sbi_prefixes": "4511, auto"})
    with pytest.raises(ValidationError, match="Onbekende parameter"):
        clean_params("many_moves", {"min_movez": 3})
    assert clean_params("occupancy", {"max_m2_per_person": "12,5"})["max_m2_per_person"] == 12.5
    assert BY_CODE["many_moves"].theme == "housing"


def test_unknown_purpose_never_fires_the_purpose_rules():
    """A source without gebruiksdoel (the BAG CSV extract of the demo) says nothing about the purpose: an address
    with persons and a car trader but no recorded purpose is not 'living without woonfunctie' nor a mismatch."""
    unknown = address(purposes="", floor_area=None, persons=3.0)
    r = _run(_homes() + [unknown], [(unknown["id"], "4511")])
    assert not r.loc[unknown["id"], "living_without_residential_fired"]
    assert math.isnan(r.loc[unknown["id"], "living_without_residential_value"])
    assert not r.loc[unknown["id"], "purpose_mismatch_fired"]
