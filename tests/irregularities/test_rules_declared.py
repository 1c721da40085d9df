"""Issue 12 (DOOK rules): declared SBI tables, rates instead of counts, institutional housing, peer groups by
purpose and floor-area class, and a score breakdown relative to the peer group. Every expected value is worked out
by hand in the comments."""

import math

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from veiliglokaal.irregularities.pipeline import PipelineSettings, run_pipeline, sbi
from veiliglokaal.irregularities.pipeline.indicators import clean_params, defaults_of
from veiliglokaal.irregularities.pipeline.schema import PURPOSE_BIT
from veiliglokaal.irregularities.pipeline.scores import breakdown, main_reason

from .factories_scoring import HOME, INDUSTRY, SHOP, address, frames

OFFICE = "kantoorfunctie"
CARE_HOME = "woonfunctie,gezondheidszorgfunctie"


def _homes(n=35, **values):
    return [address(**values) for _ in range(n)]


def _run(addresses, establishments=(), settings=None):
    result = run_pipeline(frames(addresses, establishments), settings or PipelineSettings())
    return result


# --- the SBI x gebruiksdoel table ----------------------------------------------------------------------------------

def test_every_rule_of_the_declared_tables_has_a_source_and_a_reason():
    table = sbi.purpose_table()
    assert table.version == table.changes[-1].version and table.sbi_version == "SBI2008"
    assert all(rule.source and rule.reason for rule in table.rules)
    risks = sbi.risk_table()
    assert all(entry.label and entry.source and entry.reason for entry in risks.entries)
    # branches RIEC practice names, missing before: minimarkten, belwinkels, snackbars, autoverhuur, sauna/massage
    assert {"4711", "4742", "56102", "7711", "9604"} <= set(risks.prefixes)
    assert defaults_of("high_risk_concentration")["sbi_prefixes"] == list(risks.prefixes)


@pytest.mark.parametrize(("code", "purposes", "fits"), [
    ("4941", HOME, True),        # transport: registration-only, fits a home (letterbox = 'many companies')
    ("4690", HOME, True),        # wholesale: idem
    ("4791", HOME, True),        # webshop: 479 before 47
    ("5621", HOME, True),        # event catering: 5621 before 56
    ("4120", HOME, True),        # construction (section F): registered at home
    ("9312", HOME, True),        # sports club
    ("9604", HOME, False),       # sauna/massage in a house
    ("9604", SHOP, True),
    ("5610", HOME, False),       # restaurant in a house
    ("4511", "overige gebruiksfunctie", False),  # car trade in a garage box
    ("2562", OFFICE, False),     # metalworking (section C) in an office
    ("2562", INDUSTRY, True),
    ("7022", HOME, True),        # consultancy: section M has no rule, fits everything
])
def test_the_table_by_hand(code, purposes, fits):
    mask = sbi.purpose_table().allowed_mask(code)
    purpose = 0
    for name in purposes.split(","):
        purpose |= PURPOSE_BIT[name]
    assert (mask == -1 or (mask & purpose) != 0) is fits


def test_letterbox_transport_at_a_house_is_not_a_purpose_mismatch_but_a_sauna_is():
    letterbox = address()   # 5 transport firms at one home: 'many companies at one address' (5 >= 4), not a mismatch
    sauna = address()       # 9604 in a dwelling: the activity the gebruiksdoel does not allow
    office = address(purposes=OFFICE)  # metalworking registered at an office
    establishments = [(letterbox["id"], "4941")] * 3 + [(letterbox["id"], "4690")] * 2 + [
        (sauna["id"], "9604"), (office["id"], "2562")]
    r = _run(_homes() + [letterbox, sauna, office], establishments).addresses.set_index("id")
    assert r.loc[letterbox["id"], "purpose_mismatch_value"] == 0 and not r.loc[letterbox["id"], "purpose_mismatch_fired"]
    assert r.loc[letterbox["id"], "many_establishments_fired"]
    assert r.loc[sauna["id"], "purpose_mismatch_value"] == 1 and r.loc[sauna["id"], "purpose_mismatch_fired"]
    assert r.loc[office["id"], "purpose_mismatch_fired"]


@pytest.mark.parametrize(("data", "message"), [
    ({"version": "2", "sbi_version": "SBI2008", "changes": [{"version": "2", "summary": "s", "reason": "r"}],
      "rules": [{"match": "C", "allowed": ["fabriek"], "source": "s", "reason": "r"}]}, "onbekend gebruiksdoel fabriek"),
    ({"version": "2", "sbi_version": "SBI2008", "changes": [{"version": "2", "summary": "s", "reason": "r"}],
      "rules": [{"match": "C", "allowed": "all", "source": "s"}]}, "'reason' ontbreekt"),
    ({"version": "2", "sbi_version": "SBI2008", "changes": [{"version": "2", "summary": "s", "reason": "r"}],
      "rules": [{"match": "46", "allowed": "all", "source": "s", "reason": "r"},
                {"match": "46", "allowed": "all", "source": "s", "reason": "r"}]}, "twee keer"),
    ({"version": "2", "sbi_version": "SBI2008", "changes": [{"version": "1", "summary": "s", "reason": "r"}],
      "rules": [{"match": "C", "allowed": "all", "source": "s", "reason": "r"}]}, "hoort bij versie 2"),
    ({"version": "2", "sbi_version": "SBI2025", "changes": [{"version": "2", "summary": "s", "reason": "r"}],
      "rules": []}, "wordt niet ondersteund"),
    ({"version": "2", "sbi_version": "SBI2008", "changes": [{"version": "2", "summary": "s", "reason": "r"}],
      "rules": [{"match": "4x", "allowed": "all", "source": "s", "reason": "r"}]}, "geen SBI-code"),
])
def test_a_bad_purpose_table_is_refused_with_a_clear_message(data, message):
    with pytest.raises(sbi.SbiTableError, match=message):
        sbi.parse_purpose_table(data)


def test_a_bad_risk_table_is_refused():
    data = {"version": "2", "sbi_version": "SBI2008", "changes": [{"version": "2", "summary": "s", "reason": "r"}],
            "entries": [{"sbi": "9604", "label": "Sauna", "reason": "r"}]}
    with pytest.raises(sbi.SbiTableError, match="risicobranches.yaml, branche 1: 'source' ontbreekt"):
        sbi.parse_risk_table(data)


# --- risk branches: new defaults and a municipality's extension ----------------------------------------------------

def test_snackbars_count_by_default_and_a_municipality_extends_the_list():
    snackbars = [address(street="Kerkstraat") for _ in range(4)]  # 4 snackbars (56102) in one street: 4 >= 4
    tattoo = [address(street="Molenweg") for _ in range(4)]       # 9609 is not on the default list
    establishments = [(a["id"], "56102") for a in snackbars] + [(a["id"], "9609") for a in tattoo]
    rows = _homes() + snackbars + tattoo
    r = _run(rows, establishments).addresses.set_index("id")
    assert all(r.loc[a["id"], "high_risk_concentration_fired"] for a in snackbars)
    assert not any(r.loc[a["id"], "high_risk_concentration_fired"] for a in tattoo)
    extended = PipelineSettings(extra_risk_branches={"GM0001": ["9609"]})
    r = _run(rows, establishments, extended).addresses.set_index("id")
    assert all(r.loc[a["id"], "high_risk_concentration_fired"] for a in snackbars + tattoo)  # default + extension


# --- institutional housing and rates -------------------------------------------------------------------------------

def test_a_care_home_is_not_flagged_by_occupancy_or_moves_and_has_its_own_peer_group():
    # 40 residents on 300 m² = 7.5 m² per person (< 12) and 30 moves (>= 8, 0.75 per person): a care home
    care = address(purposes=CARE_HOME, floor_area=300.0, persons=40.0, moves_in=15.0, moves_out=15.0)
    crowded = address(floor_area=60.0, persons=6.0, moves_in=6.0, moves_out=6.0)  # dwelling: 10 m²/p, 12 moves = 2/p
    result = _run(_homes() + [care, crowded])
    r = result.addresses.set_index("id")
    assert not r.loc[care["id"], "occupancy_fired"] and not r.loc[care["id"], "many_moves_fired"]
    assert math.isnan(r.loc[care["id"], "many_moves_value"])
    assert r.loc[crowded["id"], "occupancy_fired"] and r.loc[crowded["id"], "many_moves_fired"]
    peer = result.peers.iloc[int(r.loc[care["id"], "peer"])]
    assert peer["building_type"] == "instelling" and peer["size"] == 1


def test_moves_per_registered_person():
    student_house = address(floor_area=200.0, persons=8.0, moves_in=4.0, moves_out=4.0)  # 8 moves, 1 per person
    revolving = address(persons=2.0, moves_in=4.0, moves_out=4.0)                         # 8 moves, 4 per person
    nobody = address(persons=0.0, moves_in=5.0, moves_out=5.0)                           # nobody left: a high rate
    r = _run(_homes() + [student_house, revolving, nobody]).addresses.set_index("id")
    assert r.loc[student_house["id"], "many_moves_value"] == 8 and not r.loc[student_house["id"], "many_moves_fired"]
    assert r.loc[revolving["id"], "many_moves_fired"] and r.loc[nobody["id"], "many_moves_fired"]
    stricter = PipelineSettings(overrides={"GM0001": {"many_moves": {"params": {"min_moves_per_person": 5}}}})
    r = _run(_homes() + [revolving], settings=stricter).addresses.set_index("id")
    assert not r.loc[revolving["id"], "many_moves_fired"]  # 4 per person < 5


def test_many_companies_elsewhere_needs_little_floor_area_per_company():
    centre = address(purposes=OFFICE, floor_area=2000.0)  # 20 firms on 2,000 m² = 100 m² each: a business centre
    unit = address(purposes=OFFICE, floor_area=100.0)     # 15 firms on 100 m² = 6.7 m² each (< 10): fires
    unknown = address(purposes=OFFICE, floor_area=float("nan"))  # floor area unknown: the count alone (15 >= 15)
    establishments = ([(centre["id"], "7022")] * 20 + [(unit["id"], "7022")] * 15 + [(unknown["id"], "7022")] * 15)
    r = _run(_homes() + [centre, unit, unknown], establishments).addresses.set_index("id")
    assert not r.loc[centre["id"], "many_establishments_fired"]
    assert r.loc[unit["id"], "many_establishments_fired"] and r.loc[unknown["id"], "many_establishments_fired"]


def test_rate_thresholds_are_validated_in_dutch():
    with pytest.raises(ValidationError) as error:
        clean_params("many_moves", {"min_moves_per_person": "0"})
    assert error.value.message_dict["min_moves_per_person"] == ["Vul een waarde in van 0,1 tot en met 50."]
    with pytest.raises(ValidationError) as error:
        clean_params("many_establishments", {"max_m2_per_establishment": "veel"})
    assert error.value.message_dict["max_m2_per_establishment"] == ["Vul een getal in."]
    assert clean_params("many_moves", {"min_moves_per_person": "1,5"})["min_moves_per_person"] == 1.5


# --- peer groups by purpose and floor-area class -------------------------------------------------------------------

def test_a_garage_box_is_compared_with_garage_boxes_not_with_holiday_homes():
    # 35 garage boxes of 18 m² at €800/m² and 35 chalets of 60 m² at €2,800/m², both 'overige gebruiksfunctie'
    boxes = [address(purposes="overige gebruiksfunctie", floor_area=18.0, persons=0.0, woz_value=14_400.0)
             for _ in range(35)]
    chalets = [address(purposes="overige gebruiksfunctie", floor_area=60.0, persons=0.0, woz_value=168_000.0)
               for _ in range(35)]
    result = _run(boxes + chalets)
    r = result.addresses.set_index("id")
    box_peer = result.peers.iloc[int(r.loc[boxes[0]["id"], "peer"])]
    assert box_peer["key"] == "GM0001|buurt|BU00010001|overig|<30" and box_peer["size"] == 35
    assert box_peer["woz_per_m2_median"] == 800.0
    # in one group the median would be (800 + 2,800) / 2 = 1,800 and 800 / 1,800 = 0.44 < 0.5 would fire
    assert not r["low_woz_per_m2_fired"].any()
    assert r.loc[boxes[0]["id"], "low_woz_per_m2_value"] == pytest.approx(1.0)


def test_small_groups_fall_back_to_the_municipality_by_area_class_first():
    big = [address(neighbourhood="BU1", floor_area=100.0) for _ in range(20)]
    other = [address(neighbourhood="BU2", floor_area=100.0) for _ in range(20)]  # 20 + 20 = 40 >= 30 per area class
    villa = address(neighbourhood="BU1", floor_area=400.0)  # alone in 300-1000 in the municipality: gemeente x woning
    result = _run(big + other + [villa])
    peers = result.peers.set_index("key")
    assert peers.loc["GM0001|gemeente_oppervlakte||woning|75-150", "size"] == 40
    assert peers.loc["GM0001|gemeente||woning|alle", "size"] == 1


# --- breakdown relative to the peer group --------------------------------------------------------------------------

def test_breakdown_shares_and_small_parts_by_hand():
    # score = 4.6 + 0.5 + 0 = 5.1; shares 90 %, 9.8 %, 0 %; tail probabilities e^-4.6 = 1 %, e^-0.5 = 61 %, 100 %
    parts = breakdown({"persons_per_100m2": 4.6, "moves_12m": 0.5, "establishments": 0.0})
    assert [p.feature for p in parts] == ["persons_per_100m2", "moves_12m", "establishments"]
    assert parts[0].share == pytest.approx(4.6 / 5.1) and not parts[0].small
    assert parts[1].share == pytest.approx(0.5 / 5.1) and parts[1].small  # 9.8 % < 10 %
    assert parts[1].tail_probability == pytest.approx(math.exp(-0.5))
    assert main_reason(parts).feature == "persons_per_100m2"
    # many small parts: the largest is 25 % of the score, but a quarter of the group is as extreme (e^-1.4 = 25 %)
    spread = breakdown({"persons_per_100m2": 1.4, "moves_12m": 1.4, "woz_per_m2": 1.4, "establishments": 1.4})
    assert all(p.small for p in spread) and main_reason(spread) is None
    assert breakdown({}) == [] and main_reason([]) is None


def test_stored_explanation_is_relative_to_the_peer_group():
    crowded = address(floor_area=100.0, persons=12.0)  # 12 per 100 m² in a group with median 2
    result = _run(_homes() + [crowded])
    r = result.addresses.set_index("id")
    peer = result.peers.iloc[int(r.loc[crowded["id"], "peer"])]
    assert peer["persons_per_100m2_median"] == 2.0  # the median is written per group
    assert np.isclose(r.loc[crowded["id"], "persons_per_100m2_contribution"], math.log(36))  # most extreme of 36


def test_signal_page_rows_relative_to_the_peer_group():
    from veiliglokaal.irregularities.models import Signal
    from veiliglokaal.irregularities.selectors.review import contribution_rows, feature_rows
    from veiliglokaal.irregularities.selectors.review import main_reason as page_main_reason

    # score 3.0 + 0.2 = 3.2: persons 94 % of the score, e^-3 = 5 % of the group as extreme -> the main reason;
    # moves 6 % of the score -> 'Klein'. The peer median is read as the pipeline writes it (per feature).
    sig = Signal(contributions={"persons_per_100m2": 3.0, "moves_12m": 0.2},
                 features={"persons_per_100m2": {"value": 12.0, "robust_z": 6.7},
                           "moves_12m": {"value": 1.0, "robust_z": 0.5}, "inputs": {"persons": 12.0}},
                 peer_stats={"size": 36, "persons_per_100m2": {"median": 2.0, "mad": 1.0, "n": 36},
                             "moves_12m": {"median": 0.0, "mad": 0.0, "n": 36}})
    rows = contribution_rows(sig)
    assert [(r["feature"], r["share"], r["group_share"], r["small"], r["median"]) for r in rows] == [
        ("persons_per_100m2", 94, 5, False, 2.0), ("moves_12m", 6, 82, True, 0.0)]
    assert page_main_reason(rows)["feature"] == "persons_per_100m2"
    features = {r["feature"]: r for r in feature_rows(None, sig)}
    assert set(features) == {"persons_per_100m2", "moves_12m"}  # the source inputs are not a feature row
    assert features["persons_per_100m2"]["median"] == 2.0 and features["persons_per_100m2"]["deviation"] == 10.0
