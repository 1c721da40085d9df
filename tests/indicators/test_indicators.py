"""The indicator, its trend, the fair comparison and the peer municipalities, on the real shipped data."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veiliglokaal.core.models import Municipality
from veiliglokaal.indicators import selectors
from veiliglokaal.indicators.definitions import DEFAULT
from veiliglokaal.indicators.services import import_file

# By hand, from the shipped files:
#   politie_misdrijven_totaal_gemeente_2022_2024.csv: GM0233,Ermelo,...,2024,970   (2022: 982, 2023: 837)
#   gemeente_bevolking_oppervlakte_2024.csv:          GM0233,Ermelo,Gelderland,27856,...
#   970 / 27,856 x 1,000 = 34.8219 geregistreerde misdrijven per 1.000 inwoners (2024)
ERMELO_2024 = 970 / 27856 * 1000  # 34.8219...


def _row(rows, code):
    return next(r for r in rows if r.code == code)


def test_ermelo_2024_by_hand(police_statistics):
    rows = selectors.values_for_period(DEFAULT, "2024JJ00")
    assert len(rows) == 342
    ermelo = _row(rows, "GM0233")
    assert ermelo.numerator == 970 and ermelo.population == 27856
    assert ermelo.value == pytest.approx(34.8219, abs=1e-4)
    assert ermelo.value == pytest.approx(ERMELO_2024)


def test_trend_uses_2024_population_for_every_year(police_statistics):
    panel = selectors.panel(DEFAULT)
    assert list(panel) == ["2022JJ00", "2023JJ00", "2024JJ00"]
    ermelo = {p: _row(rows, "GM0233").value for p, rows in panel.items()}
    assert ermelo["2022JJ00"] == pytest.approx(982 / 27856 * 1000)
    assert ermelo["2023JJ00"] == pytest.approx(837 / 27856 * 1000)
    assert "inwonertal van 1 januari 2024" in str(DEFAULT.definition)


def test_months_and_years_are_never_added(db, fixture_bytes):
    """47013NED holds months, quarters and years side by side: the yearly indicator reads the year row only."""
    import_file("statline-odata3", fixture_bytes("odata3_47013NED.json"), file_name="47013NED.json")
    # the definition recognises the OData topic key GeregistreerdeMisdrijven_1 and category 0.0.0 as well
    ermelo = _row(selectors.values_for_period(DEFAULT, "2024JJ00"), "GM0233")
    assert ermelo.numerator == 970 and ermelo.provisional  # not 970 + 250 + 80
    assert ermelo.value == pytest.approx(ERMELO_2024)


def test_weighted_aggregates_and_comparison(police_statistics):
    rows = selectors.values_for_period(DEFAULT, "2024JJ00")
    ermelo = Municipality.objects.select_related("safety_region", "province").get(code="GM0233")
    groups = selectors.comparison(DEFAULT, rows, ermelo)
    assert [g.municipalities for g in groups][:2] == [1, 342]
    national = groups[1]
    total_crime = sum(r.numerator for r in rows)
    assert national.value == pytest.approx(total_crime / 17_942_942 * 1000)  # registry population sums to CBS total
    region = [r for r in rows if r.safety_region_id == ermelo.safety_region_id]
    assert groups[3].value == pytest.approx(sum(r.numerator for r in region) / sum(r.population for r in region) * 1000)
    assert groups[3].municipalities == len(region)
    same_size = [r for r in rows if r.size_class == ermelo.size_class]
    assert groups[2].municipalities == len(same_size)
    assert groups[4].municipalities == Municipality.objects.filter(province=ermelo.province).count()
    # weighted is not the mean of the rates
    assert national.value != pytest.approx(sum(r.value for r in rows) / len(rows), rel=1e-3)


def test_rank_and_percentile(police_statistics):
    rows = selectors.values_for_period(DEFAULT, "2024JJ00")
    ordered = sorted(rows, key=lambda r: -r.value)
    top, bottom = ordered[0], ordered[-1]
    assert selectors.rank_of(rows, top.municipality_id)[:2] == (1, 100.0)
    assert selectors.rank_of(rows, bottom.municipality_id)[:2] == (342, 0.0)
    ermelo = _row(rows, "GM0233")
    rank, percentile, total = selectors.rank_of(rows, ermelo.municipality_id)
    assert total == 342
    assert rank == 1 + sum(1 for r in rows if r.value > ermelo.value)
    assert percentile == pytest.approx(100 * sum(1 for r in rows if r.value < ermelo.value) / 341)


def _peer_properties(rows, municipality):
    peers = selectors.peers(rows, municipality.municipality_id)
    assert len(peers) == 10
    assert municipality.code not in {p.row.code for p in peers}
    assert len({p.row.code for p in peers}) == 10
    distances = [p.distance for p in peers]
    assert distances == sorted(distances) and all(d >= 0 for d in distances)
    for p in peers:
        assert p.same_region == (p.row.safety_region_id == municipality.safety_region_id)
    # nobody left out is closer than the farthest peer
    everyone = selectors.peers(rows, municipality.municipality_id, count=len(rows))
    assert len(everyone) == 341
    assert all(other.distance >= distances[-1] for other in everyone[10:])
    return peers


@pytest.mark.parametrize("code", ["GM0233", "GM0363", "GM0088", "GM0014"])
def test_peer_properties_on_real_registry(police_statistics, code):
    rows = selectors.values_for_period(DEFAULT, "2024JJ00")
    _peer_properties(rows, _row(rows, code))


def test_peers_are_similar_in_size(police_statistics):
    rows = selectors.values_for_period(DEFAULT, "2024JJ00")
    amsterdam = _row(rows, "GM0363")
    peers = selectors.peers(rows, amsterdam.municipality_id)
    assert {"GM0599", "GM0518", "GM0344"} <= {p.row.code for p in peers}  # Rotterdam, Den Haag, Utrecht
    ermelo = _row(rows, "GM0233")
    assert all(p.row.population < 100_000 for p in selectors.peers(rows, ermelo.municipality_id))


def test_same_region_bonus(police_statistics):
    rows = selectors.values_for_period(DEFAULT, "2024JJ00")
    ermelo = _row(rows, "GM0233")
    by_code = {p.row.code: p for p in selectors.peers(rows, ermelo.municipality_id, count=341)}
    harderwijk = _row(rows, "GM0243")  # same veiligheidsregio (VR06)
    z_pop = selectors._standardised([r.population for r in rows])
    z_den = selectors._standardised([r.density for r in rows])
    i, j = rows.index(ermelo), rows.index(harderwijk)
    plain = math.hypot(z_pop[i] - z_pop[j], z_den[i] - z_den[j])
    assert by_code["GM0243"].same_region
    assert by_code["GM0243"].distance == pytest.approx(plain * selectors.SAME_REGION_FACTOR)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(900, 1_000_000), st.floats(10, 7000), st.integers(1, 3)),
                min_size=12, max_size=40))
def test_peer_properties_hypothesis(population_density_region):
    rows = [selectors.IndicatorValue(i, f"GM{i:04d}", f"G{i}", pop, dens, "", region, 1, None, None, False)
            for i, (pop, dens, region) in enumerate(population_density_region)]
    for row in rows[:3]:
        peers = selectors.peers(rows, row.municipality_id)
        assert len(peers) == 10 and row.code not in {p.row.code for p in peers}
        assert [p.distance for p in peers] == sorted(p.distance for p in peers)
        rest = selectors.peers(rows, row.municipality_id, count=len(rows))[10:]
        assert all(r.distance >= peers[-1].distance for r in rest)


def test_quantile_classes(police_statistics):
    values = [r.value for r in selectors.values_for_period(DEFAULT, "2024JJ00")]
    breaks = selectors.quantile_breaks(values)
    assert len(breaks) == 4 and breaks == sorted(breaks)
    counts = [0] * 5
    for v in values:
        counts[selectors.class_of(v, breaks)] += 1
    assert sum(counts) == 342 and all(60 <= c <= 76 for c in counts)
    assert selectors.class_of(None, breaks) is None
