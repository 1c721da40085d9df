"""Statistics importers through the kit's reader: StatLine CSV re-saved by Excel in Windows-1252, and the police
long file with its columns in another order, other names and an extra column."""

from veiliglokaal.indicators.models import Measure, Observation, StatisticsTable
from veiliglokaal.indicators.services import import_file


def test_statline_csv_in_windows_1252_is_read(db, fixture_bytes):
    text = fixture_bytes("statline_47013NED.csv").decode("utf-8-sig").replace("soort misdrijf,", "soort misdrijf (é),")
    result = import_file("statline-csv", text.encode("cp1252"), file_name="47013NED.csv", table_id="47013NED")
    assert result.observations == 12
    assert StatisticsTable.objects.get(table_id="47013NED").title.endswith("soort misdrijf (é), gemeente")
    measure = Measure.objects.get(code="Geregistreerde misdrijven", category_code="Totaal misdrijven")
    assert Observation.objects.get(measure=measure, region_code="GM0233", period_code="2024JJ00").value == 970


def test_police_file_with_other_names_order_and_extra_columns(db):
    content = ("jaar;Gemeentecode;Gemeentenaam;soort_misdrijf;geregistreerde_misdrijven;opmerking\n"
               "2024;GM0233;Ermelo;Totaal misdrijven;970;geen\n").encode("cp1252")
    result = import_file("politie-lang", content, file_name="politie.csv")
    assert result.observations == 1
    assert Observation.objects.get(region_code="GM0233", period_code="2024JJ00").value == 970
