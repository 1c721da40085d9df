"""BBV indicators declared as data: computed from whichever imported tables hold them, otherwise "niet beschikbaar".

Fixtures (real formats): odata3_47013NED_soort_misdrijf.json (StatLine OData v3 of 47013NED by soort misdrijf; the
totals are real published figures, the per-type figures are MADE-UP test figures, see its "_toelichting"),
statline_halt.csv and statline_03759ned_jongeren.csv (StatLine CSV layout, all figures MADE UP).
Inhabitants (real, registry 1-1-2024): Ermelo 27,856, Harderwijk 49,387.

By hand, Ermelo 2024 (made-up per-type figures):
  winkeldiefstal (2.5.2)          61                                 61 / 27,856 x 1,000 = 2.1898
  geweld (1.4.1..1.4.7)  9+1+4+38+71+2+1 = 126                     126 / 27,856 x 1,000 = 4.5233
  diefstal uit woning (1.1.1)     44                                 44 / 27,856 x 1,000 = 1.5796
  vernieling (2.2.1)              96                                 96 / 27,856 x 1,000 = 3.4463
  Halt 14 / youths 12-17 (370+365+372+360+355+350 = 2,172) x 10,000 = 64.457  (age 11 not counted)
Weighted, Ermelo + Harderwijk 2024 winkeldiefstal: (61 + 190) / (27,856 + 49,387) x 1,000 = 3.2495.
"""

import pytest

from tests.conftest import logged_in_client, make_user
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.indicators import definitions, selectors
from veiliglokaal.indicators.services import import_file

ERMELO, HARDERWIJK = 27856, 49387


def _row(rows, code):
    return next(r for r in rows if r.code == code)


@pytest.fixture
def by_type(db, fixture_bytes):
    return import_file("statline-odata3", fixture_bytes("odata3_47013NED_soort_misdrijf.json"),
                       file_name="47013NED-soort.json")


@pytest.fixture
def halt(db, fixture_bytes):
    import_file("statline-csv", fixture_bytes("statline_halt.csv"), file_name="halt.csv", table_id="HALT",
                publisher="Halt (testgegevens)")
    import_file("statline-csv", fixture_bytes("statline_03759ned_jongeren.csv"), file_name="03759ned.csv",
                table_id="03759ned")


def test_the_bbv_set_is_declared():
    assert [i.key for i in definitions.BBV] == ["winkeldiefstal", "geweldsmisdrijven", "diefstal-uit-woning",
                                                "vernieling", "halt-verwijzingen"]
    halt = definitions.get("halt-verwijzingen")
    assert halt.scale == 10000 and halt.denominator.table_id == "03759ned"
    assert [title for _code, title in halt.denominator.categories] == [f"{a} jaar" for a in range(12, 18)]


@pytest.mark.parametrize("key,numerator,expected", [
    ("winkeldiefstal", 61, 2.1898), ("geweldsmisdrijven", 126, 4.5233),
    ("diefstal-uit-woning", 44, 1.5796), ("vernieling", 96, 3.4463),
    ("geregistreerde-misdrijven", 970, 34.8219),
])
def test_crime_indicators_by_hand(by_type, key, numerator, expected):
    indicator = definitions.get(key)
    assert selectors.availability(indicator) == ""
    ermelo = _row(selectors.values_for_period(indicator, "2024JJ00"), "GM0233")
    assert ermelo.numerator == numerator and ermelo.denominator == ERMELO
    assert ermelo.value == pytest.approx(expected, abs=1e-4)
    assert ermelo.provisional  # 2024 is "Voorlopig" in the Perioden list


def test_month_rows_are_not_added_and_weighting(by_type):
    indicator = definitions.get("winkeldiefstal")
    rows = selectors.values_for_period(indicator, "2024JJ00")
    assert _row(rows, "GM0233").numerator == 61  # the 2024MM01 row (6) is not added
    national = selectors.weighted(rows, indicator, "Nederland")
    assert national.municipalities == 2 and national.population == ERMELO + HARDERWIJK
    assert national.value == pytest.approx(251 / 77243 * 1000) == pytest.approx(3.2495, abs=1e-4)


def test_a_missing_category_value_is_no_value_not_zero(by_type):
    """Harderwijk 2022 has no value for straatroof (1.4.6): geweldsmisdrijven is unknown, not the sum of the rest."""
    indicator = definitions.get("geweldsmisdrijven")
    assert _row(selectors.values_for_period(indicator, "2022JJ00"), "GM0243").value is None
    assert _row(selectors.values_for_period(indicator, "2023JJ00"), "GM0243").numerator == 13 + 2 + 9 + 58 + 125 + 5 + 2


def test_unavailable_says_which_table_is_missing(police_statistics):
    """The shipped police file holds totals only: the BBV types are not available, and say why."""
    assert selectors.availability(definitions.DEFAULT) == ""
    assert selectors.availability(definitions.get("winkeldiefstal")) == "tabel 47013NED bevat 'Winkeldiefstal' niet"
    assert selectors.availability(definitions.get("halt-verwijzingen")) == "tabel HALT ontbreekt"
    rows = selectors.values_for_period(definitions.get("winkeldiefstal"), "2024JJ00")
    assert all(r.value is None and r.numerator is None for r in rows)  # never zero


def test_halt_per_10000_youths(by_type, halt):
    indicator = definitions.get("halt-verwijzingen")
    assert selectors.availability(indicator) == ""
    rows = selectors.values_for_period(indicator, "2024JJ00")
    ermelo, harderwijk = _row(rows, "GM0233"), _row(rows, "GM0243")
    assert ermelo.denominator == 2172 and ermelo.numerator == 14
    assert ermelo.value == pytest.approx(14 / 2172 * 10000) == pytest.approx(64.457, abs=1e-3)
    assert harderwijk.value == pytest.approx(30 / 3750 * 10000) == pytest.approx(80.0)
    weighted = selectors.weighted(rows, indicator, "Nederland")
    assert weighted.population == 2172 + 3750 and weighted.value == pytest.approx(44 / 5922 * 10000)
    # 2023: Halt has Ermelo 12 but there is no youth population for 2023 -> no value
    assert _row(selectors.values_for_period(indicator, "2023JJ00"), "GM0233").value is None


def test_profile_shows_values_and_reasons(by_type, municipality_a):
    client = logged_in_client(make_user("analist-ermelo", municipality_a, Role.ANALYST), municipality_a)
    html = client.get("/veiligheidsbeeld").content.decode()
    assert 'id="bbv"' in html and "Winkeldiefstal per 1.000 inwoners" in html
    assert "2,2*" in html  # Ermelo winkeldiefstal 2024, provisional
    assert "4,5*" in html  # geweldsmisdrijven
    assert "niet beschikbaar: tabel HALT ontbreekt" in html


def test_profile_with_totals_only_shows_reasons(police_statistics, municipality_a):
    client = logged_in_client(make_user("analist-ermelo", municipality_a, Role.ANALYST), municipality_a)
    html = client.get("/veiligheidsbeeld").content.decode()
    assert html.count('data-testid="bbv-unavailable"') == 5
    assert "niet beschikbaar: tabel 47013NED bevat &#x27;Winkeldiefstal&#x27; niet" in html
