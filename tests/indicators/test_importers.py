"""Importers: StatLine CSV, StatLine OData v3 and the shipped police file; transactional, Dutch row-level errors.

The fixtures are in the real formats. Ermelo's 2023/2024 totals (837, 970) and Harderwijk's 2024 (1,788) are the
real published figures; the quarter and month figures are made up, only to exercise mixed period codes.
"""

from decimal import Decimal

import pytest

from veiliglokaal.indicators.importers import StatisticsImportError
from veiliglokaal.indicators.importers.base import parse_period_code, parse_period_title, parse_value
from veiliglokaal.indicators.models import Measure, Observation, StatisticsTable
from veiliglokaal.indicators.services import import_file, load_shipped_statistics


def test_period_codes():
    assert parse_period_code("2024JJ00").type == "year"
    assert parse_period_code("2024KW01").start.isoformat() == "2024-01-01"
    assert parse_period_code("2024KW04").start.isoformat() == "2024-10-01"
    assert parse_period_code("2024MM12").type == "month"
    for bad in ["2024XX01", "2024KW05", "2024MM13", "2024JJ01", "24JJ00", ""]:
        with pytest.raises(ValueError, match="periodecode"):
            parse_period_code(bad)
    assert parse_period_title("2024*") == ("2024JJ00", True)
    assert parse_period_title("2024 3e kwartaal") == ("2024KW03", False)
    assert parse_period_title("2024 februari*") == ("2024MM02", True)
    assert parse_value(".") is None and parse_value("") is None and parse_value(None) is None
    assert parse_value("12,5") == Decimal("12.5")
    with pytest.raises(ValueError, match="geen getal"):
        parse_value("veel")


def test_statline_csv_import(db, fixture_bytes):
    result = import_file("statline-csv", fixture_bytes("statline_47013NED.csv"), file_name="47013NED.csv",
                         table_id="47013NED")
    assert result.observations == 12  # 6 rows x 2 measures
    table = StatisticsTable.objects.get(table_id="47013NED")
    assert table.title == "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente"
    assert len(table.source.sha256) == 64 and table.source_format == "statline-csv"
    measure = Measure.objects.get(table=table, code="Geregistreerde misdrijven", category_code="Totaal misdrijven")
    assert measure.unit == "aantal"
    ermelo = {o.period_code: o for o in Observation.objects.filter(measure=measure, region_code="GM0233")}
    assert set(ermelo) == {"2023JJ00", "2024JJ00", "2024KW01", "2024MM01"}
    assert ermelo["2024JJ00"].value == 970 and ermelo["2024JJ00"].provisional
    assert not ermelo["2023JJ00"].provisional
    assert ermelo["2024KW01"].period_type == "quarter" and ermelo["2024MM01"].period_type == "month"
    assert ermelo["2024JJ00"].municipality.code == "GM0233"
    national = Observation.objects.get(measure=measure, region_code="NL01", period_code="2024JJ00")
    assert national.municipality is None and national.value == 805559
    no_value = Observation.objects.get(measure__code="Aangiften", region_code="GM0233", period_code="2024JJ00")
    assert no_value.value is None  # "." = no value


def test_odata3_import(db, fixture_bytes):
    result = import_file("statline-odata3", fixture_bytes("odata3_47013NED.json"), file_name="47013NED.json")
    assert result.table_id == "47013NED" and result.observations == 8
    measure = Measure.objects.get(code="GeregistreerdeMisdrijven_1", category_code="0.0.0")  # padded keys stripped
    assert (measure.title, measure.category_title) == ("Geregistreerde misdrijven", "Totaal misdrijven")
    ermelo = {o.period_code: o for o in Observation.objects.filter(measure=measure, municipality__code="GM0233")}
    assert ermelo["2024JJ00"].value == 970 and ermelo["2024JJ00"].provisional  # Status "Voorlopig"
    assert not ermelo["2023JJ00"].provisional
    assert ermelo["2024MM02"].value is None
    assert Observation.objects.get(region_code="RE01").municipality is None  # non-GM codes kept as published


def _assert_rejected(call, expected_fragments):
    before = (StatisticsTable.objects.count(), Measure.objects.count(), Observation.objects.count())
    with pytest.raises(StatisticsImportError) as info:
        call()
    assert (StatisticsTable.objects.count(), Measure.objects.count(), Observation.objects.count()) == before
    report = info.value.report()
    assert report.startswith("Import geweigerd") and "er is niets gewijzigd" in report
    for fragment in expected_fragments:
        assert fragment in report, report
    return info.value.errors


def test_csv_wrong_columns_rejected(db, fixture_bytes):
    _assert_rejected(lambda: import_file("statline-csv", fixture_bytes("statline_wrong_columns.csv"),
                                         file_name="x.csv", table_id="47013NED"),
                     ["geen kopregel met de kolom 'Regio's' gevonden"])


def test_csv_bad_rows_rejected_with_row_numbers(db, fixture_bytes):
    errors = _assert_rejected(
        lambda: import_file("statline-csv", fixture_bytes("statline_bad_rows.csv"), file_name="x.csv",
                            table_id="47013NED"),
        ["rij 4: kolom 'Geregistreerde misdrijven (aantal)': waarde 'veel' is geen getal",
         "rij 5: onbekende regio 'Atlantis'",
         "rij 6: onbekende periode '2024 dertiende maand'",
         "rij 7: verwacht 4 kolommen, gevonden 3"])
    assert [e.row for e in errors] == [4, 5, 6, 7]


def test_odata_bad_rows_rejected(db, fixture_bytes):
    errors = _assert_rejected(
        lambda: import_file("statline-odata3", fixture_bytes("odata3_bad_rows.json"), file_name="x.json"),
        ["rij 2: ongeldige periodecode '2024XX01'", "rij 3: GeregistreerdeMisdrijven_1: waarde 'veel' is geen getal",
         "rij 7: onbekende gemeentecode 'GM9999'", "rij 8: kolom(men) ontbreken: RegioS"])
    assert len(errors) == 4


def test_odata_wrong_structure_rejected(db, fixture_bytes):
    _assert_rejected(lambda: import_file("statline-odata3", fixture_bytes("odata3_wrong_columns.json"),
                                         file_name="x.json"), ["onderdeel ontbreekt: DataProperties"])


def test_failed_import_keeps_previous_data(police_statistics, fixture_bytes):
    """A malformed file for the same table changes nothing: the previously loaded figures stay."""
    before = list(Observation.objects.order_by("pk").values_list("pk", "value"))
    sha = StatisticsTable.objects.get(table_id="47013NED").source.sha256
    _assert_rejected(lambda: import_file("statline-odata3", fixture_bytes("odata3_bad_rows.json"), file_name="x.json"),
                     ["rij 2"])
    assert list(Observation.objects.order_by("pk").values_list("pk", "value")) == before
    assert StatisticsTable.objects.get(table_id="47013NED").source.sha256 == sha


def test_police_file_loads_idempotently(db):
    first = load_shipped_statistics()
    assert first.table_id == "47013NED" and not first.unchanged
    assert first.observations == 342 * 3 + 3  # 342 municipalities and Nederland, 2022-2024
    assert len(first.skipped) == 13 * 3  # police units, Buitenland, "niet in te delen": no region code
    assert Observation.objects.filter(municipality__isnull=False).count() == 342 * 3
    assert Observation.objects.exclude(period_type="year").count() == 0
    second = load_shipped_statistics()
    assert second.unchanged and Observation.objects.count() == first.observations


def test_police_file_unknown_municipality_rejected(db):
    content = (b"regiocode,regionaam,regiotype,soort_misdrijf,jaar,geregistreerde_misdrijven\n"
               b"GM0233,Ermelo,gemeente,Totaal misdrijven,2024,970\n"
               b"GM9999,Nergenshuizen,gemeente,Totaal misdrijven,2024,5\n"
               b"GM0243,Harderwijk,gemeente,Totaal misdrijven,twintig,5\n")
    _assert_rejected(lambda: import_file("politie-lang", content, file_name="x.csv"),
                     ["rij 3: onbekende gemeentecode 'GM9999'", "rij 4: ongeldig jaar 'twintig'"])


def test_load_statistics_command(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_statistics", stdout=out)
    call_command("load_statistics", stdout=out)
    assert "geladen" in out.getvalue() and "ongewijzigd" in out.getvalue()


# OData v4 (odata4.cbs.nl): Observations + MeasureCodes. Fixture odata4_47013NED.json: totals real, rest made up.

def test_odata4_import(db, fixture_bytes):
    result = import_file("statline-odata4", fixture_bytes("odata4_47013NED.json"), file_name="47013NED-v4.json")
    assert result.table_id == "47013NED" and result.observations == 8 and result.measures == 2
    table = StatisticsTable.objects.select_related("source").get(table_id="47013NED")
    assert table.source_format == "statline-odata4" and table.source.rows == 8
    assert table.title == "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente"
    total = Measure.objects.get(code="M004201", category_code="0.0.0")
    assert (total.title, total.category_title, total.unit) == ("Geregistreerde misdrijven", "Totaal misdrijven", "aantal")
    ermelo = {o.period_code: o for o in Observation.objects.filter(measure=total, municipality__code="GM0233")}
    assert ermelo["2024JJ00"].value == 970 and ermelo["2024JJ00"].provisional
    assert ermelo["2023JJ00"].value == 837 and not ermelo["2023JJ00"].provisional
    shop = Measure.objects.get(code="M004201", category_code="2.5.2")
    assert shop.category_title == "Winkeldiefstal"
    missing = Observation.objects.get(measure=shop, region_code="GM0233", period_code="2023JJ00")
    assert missing.value is None  # ValueAttribute "Missing"
    assert Observation.objects.get(measure=shop, period_code="2024MM01").period_type == "month"


def test_odata4_feeds_the_same_indicators(db, fixture_bytes):
    """The indicator definitions recognise the v4 topic by its title and the category by its code."""
    from veiliglokaal.indicators import definitions, selectors

    import_file("statline-odata4", fixture_bytes("odata4_47013NED.json"), file_name="47013NED-v4.json")
    rows = selectors.values_for_period(definitions.DEFAULT, "2024JJ00")
    assert next(r for r in rows if r.code == "GM0233").value == pytest.approx(970 / 27856 * 1000)
    shop = selectors.values_for_period(definitions.get("winkeldiefstal"), "2024JJ00")
    assert next(r for r in shop if r.code == "GM0243").value == pytest.approx(190 / 49387 * 1000)


def _v4(fixture_bytes, change):
    import json

    document = json.loads(fixture_bytes("odata4_47013NED.json"))
    change(document)
    return json.dumps(document).encode()


def _obs(document):
    return document["Observations"]["value"]


@pytest.mark.parametrize("change,fragments", [
    (lambda d: d.pop("MeasureCodes"), ["onderdeel ontbreekt: MeasureCodes"]),
    (lambda d: d.pop("Observations"), ["onderdeel ontbreekt: Observations"]),
    (lambda d: (d.pop("Properties")), ["tabel-id onbekend"]),
    (lambda d: d["Dimensions"]["value"].pop(1), ["GeoDimension"]),
    (lambda d: _obs(d)[1].update(Measure="M999999"), ["rij 2: onderwerp 'M999999' staat niet in MeasureCodes"]),
    (lambda d: _obs(d)[2].update(Perioden="2024KW05"), ["rij 3: ongeldige periodecode '2024KW05'"]),
    (lambda d: _obs(d)[3].update(RegioS="GM9999"), ["rij 4: onbekende gemeentecode 'GM9999'"]),
    (lambda d: _obs(d)[4].update(Value="veel"), ["rij 5: waarde 'veel' is geen getal"]),
    (lambda d: _obs(d)[5].pop("SoortMisdrijf"), ["rij 6: kolom(men) ontbreken: SoortMisdrijf"]),
    (lambda d: _obs(d).append(dict(_obs(d)[2], Id=99)), ["rij 9: dubbele waarneming", "ook in waarneming 3"]),
    (lambda d: _obs(d).append("geen object"), ["rij 9: waarneming is geen JSON-object"]),
])
def test_odata4_malformed(db, fixture_bytes, change, fragments):
    _assert_rejected(lambda: import_file("statline-odata4", _v4(fixture_bytes, change), file_name="x.json"),
                     fragments)


def test_odata4_not_json(db):
    _assert_rejected(lambda: import_file("statline-odata4", b"<html>", file_name="x.json"), ["geen geldige JSON"])
    _assert_rejected(lambda: import_file("statline-odata4", b"[]", file_name="x.json"), ["verwacht een JSON-object"])


def test_odata4_rejects_all_errors_at_once_and_keeps_the_old_table(db, fixture_bytes):
    import_file("statline-odata4", fixture_bytes("odata4_47013NED.json"), file_name="goed.json")
    sha = StatisticsTable.objects.get(table_id="47013NED").source.sha256

    def two_errors(d):
        _obs(d)[0].update(Perioden="2024")
        _obs(d)[1].update(Value="x1")

    with pytest.raises(StatisticsImportError) as info:
        import_file("statline-odata4", _v4(fixture_bytes, two_errors), file_name="slecht.json")
    assert len(info.value.errors) == 2
    assert StatisticsTable.objects.get(table_id="47013NED").source.sha256 == sha
    assert Observation.objects.count() == 8


def test_provenance_lives_in_one_data_source(police_statistics):
    from veiliglokaal.core.models import DataSource

    table = StatisticsTable.objects.select_related("source").get(table_id="47013NED")
    source = DataSource.objects.get(key="statistiek-47013NED")
    assert table.source == source and source.file_name == "politie_misdrijven_totaal_gemeente_2022_2024.csv"
    assert source.rows == Observation.objects.count() and len(source.sha256) == 64
    assert not {"file_name", "sha256", "rows", "publisher", "licence"} & {f.name for f in StatisticsTable._meta.fields}
