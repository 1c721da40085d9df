"""Real StatLine layouts in (issue 13): OData v3 typed and untyped with non-municipal regions, OData v4 with the
Properties singleton, paged downloads, the CSV download with periods as columns, and the merge that never erases.

The fixtures are written in the published layouts; each says in `_toelichting` (JSON) or its second line (CSV)
which figures are real and which are made up.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veiliglokaal.indicators.importers import StatisticsImportError, paging
from veiliglokaal.indicators.importers.base import RegionKind, region_kind
from veiliglokaal.indicators.models import Measure, Observation, StatisticsTable
from veiliglokaal.indicators.services import (
    import_file,
    import_files,
    parse_file,
    parse_files,
    preview_import,
)

from .conftest import FIXTURES


def _state():
    return sorted(
        Observation.objects.values_list(
            "measure__code",
            "measure__category_code",
            "region_code",
            "period_code",
            "value",
            "provisional",
        )
    )


def _rejected(action, *fragments):
    before = (StatisticsTable.objects.count(), Measure.objects.count(), _state())
    with pytest.raises(StatisticsImportError) as info:
        action()
    assert (
        StatisticsTable.objects.count(),
        Measure.objects.count(),
        _state(),
    ) == before
    report = info.value.report()
    for fragment in fragments:
        assert fragment in report, report
    return report


def test_region_kinds():
    assert region_kind("GM0233") == RegionKind.GEMEENTE
    assert (
        region_kind("GM0998") == region_kind("GM0999") == RegionKind.NIET_GEMEENTELIJK
    )
    assert (
        region_kind("RE01")
        == region_kind("RE99")
        == region_kind("RE:Oost-Nederland")
        == "politie-eenheid"
    )
    assert (
        region_kind("LD02") == "landsdeel"
        and region_kind("PV25") == "provincie"
        and region_kind("NL01") == "land"
    )
    assert region_kind("BU02680840") == "buurt" and region_kind("WK026808") == "wijk"


@pytest.mark.parametrize(
    "fixture",
    ["odata3_47013NED_niet_gemeentelijk.json", "odata3_47013NED_untyped.json"],
)
def test_odata3_keeps_non_municipal_regions(db, fixture_bytes, fixture):
    result = import_file("statline-odata3", fixture_bytes(fixture), file_name=fixture)
    assert result.table_id == "47013NED" and result.observations == 10
    rows = {
        o.region_code: o for o in Observation.objects.filter(period_code="2024JJ00")
    }
    assert {
        code: rows[code].region_kind
        for code in ["GM0998", "GM0999", "RE02", "RE99", "LD02", "PV25", "NL01"]
    } == {
        "GM0998": "niet-gemeentelijk",
        "GM0999": "niet-gemeentelijk",
        "RE02": "politie-eenheid",
        "RE99": "politie-eenheid",
        "LD02": "landsdeel",
        "PV25": "provincie",
        "NL01": "land",
    }
    assert all(
        rows[code].municipality_id is None
        for code in ["GM0998", "GM0999", "RE02", "NL01"]
    )
    assert rows["GM0233"].municipality.code == "GM0233" and rows["GM0233"].value == 970
    assert rows["GM0233"].provisional  # Perioden Status "Voorlopig"
    assert rows["GM0999"].value == 15400
    assert (
        Observation.objects.get(
            region_code="GM0233", period_code="2023JJ00"
        ).provisional
        is False
    )
    if "untyped" in fixture:
        assert rows["RE99"].value is None  # "         ." is no value
    else:
        assert rows["RE99"].value == 1200


def test_odata3_typed_and_untyped_give_the_same_figures(db, fixture_bytes):
    typed = parse_file(
        "statline-odata3", fixture_bytes("odata3_47013NED_niet_gemeentelijk.json")
    )
    untyped = parse_file(
        "statline-odata3", fixture_bytes("odata3_47013NED_untyped.json")
    )
    pairs = {(o.region_code, o.period_code): o.value for o in typed.observations}
    assert {(o.region_code, o.period_code): o.value for o in untyped.observations} == {
        **pairs,
        ("RE99", "2024JJ00"): None,
    }


def test_unknown_municipality_code_is_still_refused(db, fixture_bytes):
    content = fixture_bytes("odata3_47013NED_niet_gemeentelijk.json").replace(
        b'"GM0243    "', b'"GM9123    "'
    )
    _rejected(
        lambda: import_file("statline-odata3", content, file_name="x.json"),
        "onbekende gemeentecode 'GM9123'",
    )


def test_odata4_reads_the_properties_singleton(db, fixture_bytes):
    result = import_file(
        "statline-odata4",
        fixture_bytes("odata4_47018NED_buurten.json"),
        file_name="47018NED.json",
    )
    assert result.table_id == "47018NED" and result.observations == 15
    table = StatisticsTable.objects.get(table_id="47018NED")
    assert table.title == "Geregistreerde misdrijven; soort misdrijf, wijk en buurt"
    acker = Observation.objects.get(
        region_code="BU02680840", period_code="2024JJ00", measure__category_code="0.0.0"
    )
    assert (
        acker.value == 167
        and acker.provisional
        and acker.region_kind == "buurt"
        and acker.municipality is None
    )
    assert (
        acker.measure.title == "Totaal geregistreerde misdrijven"
        and acker.measure.code == "M004200_2"
    )
    nijmegen = Observation.objects.get(region_code="GM0268", period_code="2023JJ00")
    assert (
        nijmegen.value == 297
        and nijmegen.municipality.code == "GM0268"
        and not nijmegen.provisional
    )
    assert nijmegen.measure.category_title == "1.1.1 Diefstal/inbraak woning"
    abroad = Observation.objects.get(region_code="GM0998")
    assert abroad.value is None and abroad.region_kind == "niet-gemeentelijk"


def test_odata4_without_properties_needs_a_table_id(db, fixture_bytes):
    import json

    document = json.loads(fixture_bytes("odata4_47018NED_buurten.json"))
    del document["Properties"]
    content = json.dumps(document).encode()
    _rejected(
        lambda: import_file("statline-odata4", content, file_name="x.json"),
        "tabel-id onbekend",
    )
    assert (
        import_file(
            "statline-odata4", content, file_name="x.json", table_id="47018NED"
        ).observations
        == 15
    )


V3_PAGES = [
    "odata3_47013NED_pagina1.json",
    "odata3_47013NED_pagina2.json",
    "odata3_47013NED_pagina3.json",
]


def _files(*names):
    return [(name, (FIXTURES / name).read_bytes()) for name in names]


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1], [1, 2, 0]])
def test_paged_v3_download_is_read_whole_in_any_order(db, order):
    result = import_files(None, _files(*[V3_PAGES[i] for i in order]))
    assert result.table_id == "47013NED" and result.observations == 10
    single = parse_file(
        "statline-odata3",
        (FIXTURES / "odata3_47013NED_niet_gemeentelijk.json").read_bytes(),
    )
    assert sorted(
        (o.region_code, o.period_code, o.value) for o in single.observations
    ) == sorted(Observation.objects.values_list("region_code", "period_code", "value"))
    assert StatisticsTable.objects.get().source.file_name.endswith("(+2 pagina's)")


def test_incomplete_paged_download_is_refused_naming_the_missing_page(db):
    _rejected(
        lambda: import_files(None, _files(V3_PAGES[0])),
        "de pagina vanaf rij 4 ($skip=4) ontbreekt",
        "TypedDataSet?$skip=4",
    )
    _rejected(
        lambda: import_files(None, _files(V3_PAGES[0], V3_PAGES[2])),
        "de pagina vanaf rij 4 ($skip=4) ontbreekt (na odata3_47013NED_pagina1.json)",
    )
    _rejected(
        lambda: import_files(None, _files(V3_PAGES[0], V3_PAGES[1])),
        "de pagina vanaf rij 8 ($skip=8) ontbreekt (na odata3_47013NED_pagina2.json)",
    )
    _rejected(
        lambda: import_files(
            None, _files(V3_PAGES[0], V3_PAGES[1], V3_PAGES[1], V3_PAGES[2])
        ),
        "overlapt",
    )
    assert not Observation.objects.exists()


def test_a_single_file_with_a_next_link_is_never_imported_as_complete(
    db, fixture_bytes
):
    _rejected(
        lambda: import_file(
            "statline-odata3", fixture_bytes(V3_PAGES[0]), file_name="p1.json"
        ),
        "onvolledig",
        "$skip=4",
    )
    _rejected(
        lambda: import_file(
            "statline-odata4",
            fixture_bytes("odata4_47018NED_pagina1.json"),
            file_name="p.json",
        ),
        "onvolledig",
        "Observations?$skip=8",
    )


def test_paged_v4_download(db):
    result = import_files(
        None, _files("odata4_47018NED_pagina2.json", "odata4_47018NED_pagina1.json")
    )
    assert result.table_id == "47018NED" and result.observations == 15
    assert (
        Observation.objects.get(
            region_code="BU02680101",
            period_code="2023JJ00",
            measure__category_code="0.0.0",
        ).value
        == 3237
    )


def test_pages_of_different_tables_are_refused(db, fixture_bytes):
    _rejected(
        lambda: paging.combine(_files(V3_PAGES[0], "odata4_47018NED_pagina2.json")),
        "verschillende tabellen",
    )


def test_csv_with_periods_as_columns_and_region_suffixes(db, fixture_bytes):
    result = import_file(
        "statline-csv",
        fixture_bytes("statline_47013NED_perioden_als_kolommen.csv"),
        file_name="47013NED.csv",
        table_id="47013NED",
    )
    assert result.observations == 16
    rows = {
        o.region_code: o for o in Observation.objects.filter(period_code="2024JJ00")
    }
    assert set(rows) == {
        "NL01",
        "LD:Oost-Nederland",
        "PV:Gelderland",
        "RE:Oost-Nederland",
        "GM0233",
        "GM0243",
        "GM0998",
        "GM0999",
    }
    assert (
        rows["GM0233"].value == 970
        and rows["GM0233"].provisional
        and rows["GM0233"].municipality.code == "GM0233"
    )
    assert (
        rows["RE:Oost-Nederland"].region_kind == "politie-eenheid"
        and rows["PV:Gelderland"].region_kind == "provincie"
    )
    assert (
        rows["GM0998"].region_kind == "niet-gemeentelijk"
        and rows["GM0998"].municipality is None
    )
    ermelo_2023 = Observation.objects.get(region_code="GM0233", period_code="2023JJ00")
    assert ermelo_2023.value == 837 and not ermelo_2023.provisional
    measure = ermelo_2023.measure
    assert (measure.title, measure.unit, measure.category_code) == (
        "Geregistreerde misdrijven",
        "aantal",
        "Totaal misdrijven",
    )


def test_csv_with_the_topic_above_the_periods(db, fixture_bytes):
    result = import_file(
        "statline-csv",
        fixture_bytes("statline_47018NED_onderwerp_boven_perioden.csv"),
        file_name="47018NED.csv",
        table_id="47018NED",
    )
    assert result.observations == 8
    nijmegen = Observation.objects.get(region_code="GM0268", period_code="2024JJ00")
    assert nijmegen.value == 216 and nijmegen.provisional
    assert (
        nijmegen.measure.title == "Totaal geregistreerde misdrijven"
        and nijmegen.measure.unit == "aantal"
    )
    assert nijmegen.measure.category_code == "1.1.1 Diefstal/inbraak woning"


@pytest.mark.parametrize(
    "change, fragment",
    [
        (("Ermelo (gemeente)", "Atlantis (gemeente)"), "onbekende gemeente 'Atlantis'"),
        (("Gelderland (PV)", "Gelderland (XX)"), "onbekende regio 'Gelderland (XX)'"),
        (('"2023";"2024*"', '"2023";"totaal"'), "geen periode: totaal"),
        (('"837"', '"veel"'), "waarde 'veel' is geen getal"),
    ],
)
def test_malformed_wide_csv_changes_nothing(db, fixture_bytes, change, fragment):
    import_file(
        "statline-odata3",
        fixture_bytes("odata3_47013NED_niet_gemeentelijk.json"),
        file_name="a.json",
    )
    content = (
        fixture_bytes("statline_47013NED_perioden_als_kolommen.csv")
        .decode()
        .replace(*change)
        .encode()
    )
    _rejected(
        lambda: import_file(
            "statline-csv", content, file_name="x.csv", table_id="47013NED"
        ),
        fragment,
    )


def test_merge_never_erases_what_the_file_lacks(db, fixture_bytes):
    import_file(
        "statline-odata4",
        fixture_bytes("odata4_47018NED_buurten.json"),
        file_name="full.json",
    )
    before = _state()
    # a later download of one buurt and one category only
    import json

    document = json.loads(fixture_bytes("odata4_47018NED_buurten.json"))
    document["Observations"]["value"] = [
        o
        for o in document["Observations"]["value"]
        if o["WijkenEnBuurten"] == "BU02680840" and o["SoortMisdrijf"] == "1.1.1"
    ]
    partial = json.dumps(document).encode()
    preview = preview_import(parse_file("statline-odata4", partial))
    assert (preview.added, preview.changed, preview.kept, preview.untouched) == (
        0,
        0,
        2,
        13,
    )
    result = import_file("statline-odata4", partial, file_name="partial.json")
    assert result.unchanged and _state() == before
    assert StatisticsTable.objects.get().source.rows == 15


def test_file_without_a_measure_never_erases_it(db, fixture_bytes):
    import_file(
        "statline-csv",
        fixture_bytes("statline_47013NED.csv"),
        file_name="two-measures.csv",
        table_id="47013NED",
    )
    aangiften = Observation.objects.filter(measure__code="Aangiften").count()
    assert aangiften == 6
    import_file(
        "statline-csv",
        fixture_bytes("statline_47013NED_perioden_als_kolommen.csv"),
        file_name="one.csv",
        table_id="47013NED",
    )
    assert Observation.objects.filter(measure__code="Aangiften").count() == aangiften
    assert Measure.objects.filter(code="Aangiften").exists()


def test_provisional_replaced_by_definitive_never_the_reverse(db, fixture_bytes):
    content = fixture_bytes("odata3_47013NED_niet_gemeentelijk.json")
    import_file("statline-odata3", content, file_name="voorlopig.json")
    assert Observation.objects.get(
        region_code="GM0233", period_code="2024JJ00"
    ).provisional
    # the definitive release: 2024 no longer provisional, Ermelo revised
    definitive = (
        content.replace(b'"Title": "2024*"', b'"Title": "2024"')
        .replace(b'"Status": "Voorlopig"', b'"Status": "Definitief"')
        .replace(
            b'"GeregistreerdeMisdrijven_1": 970', b'"GeregistreerdeMisdrijven_1": 972'
        )
    )
    preview = preview_import(parse_file("statline-odata3", definitive))
    assert (preview.added, preview.changed, preview.kept, preview.untouched) == (
        0,
        9,
        1,
        0,
    )
    import_file("statline-odata3", definitive, file_name="definitief.json")
    ermelo = Observation.objects.get(region_code="GM0233", period_code="2024JJ00")
    assert (ermelo.value, ermelo.provisional) == (Decimal(972), False)
    assert not Observation.objects.filter(provisional=True).exists()
    # an older provisional file imported again does not overwrite the definitive figures
    preview = preview_import(parse_file("statline-odata3", content))
    assert (preview.changed, preview.kept, preview.kept_definitive) == (0, 10, 9)
    import_file("statline-odata3", content, file_name="voorlopig-opnieuw.json")
    ermelo.refresh_from_db()
    assert (ermelo.value, ermelo.provisional) == (Decimal(972), False)


def test_other_tables_are_generic(db, fixture_bytes):
    content = fixture_bytes("odata3_47013NED_niet_gemeentelijk.json").replace(
        b"47013NED", b"83648NED"
    )
    assert (
        import_file("statline-odata3", content, file_name="x.json").table_id
        == "83648NED"
    )
    assert (
        parse_files(
            None, [("x.csv", fixture_bytes("statline_halt.csv"))], table_id="HALT"
        ).table_id
        == "HALT"
    )


def test_command_dry_run_then_import(db):
    out = StringIO()
    names = [str(FIXTURES / name) for name in V3_PAGES]
    call_command("import_statistics", *names, "--dry-run", stdout=out)
    assert "10 toegevoegd" in out.getvalue() and "proefimport" in out.getvalue()
    assert not Observation.objects.exists()
    out = StringIO()
    call_command("import_statistics", *names, stdout=out)
    assert (
        "10 toegevoegd, 0 gewijzigd" in out.getvalue()
        and "niet-gemeentelijk 2" in out.getvalue()
    )
    assert Observation.objects.count() == 10
    out = StringIO()
    call_command(
        "import_statistics",
        str(FIXTURES / "statline_47013NED_perioden_als_kolommen.csv"),
        "--table-id",
        "47013NED",
        "--publisher",
        "Politie en CBS",
        stdout=out,
    )
    assert StatisticsTable.objects.get().source.publisher == "Politie en CBS"


def test_command_refuses_with_the_dutch_report(db):
    with pytest.raises(CommandError, match=r"\$skip=4"):
        call_command(
            "import_statistics", str(FIXTURES / V3_PAGES[0]), stdout=StringIO()
        )
    with pytest.raises(CommandError, match="tabel-id"):
        call_command(
            "import_statistics",
            str(FIXTURES / "statline_47013NED.csv"),
            stdout=StringIO(),
        )
    assert not Observation.objects.exists()


def test_duplicate_rows_across_pages_are_refused(db, fixture_bytes):
    content = fixture_bytes("odata3_47013NED_niet_gemeentelijk.json").replace(b'"RegioS": "GM0243    "',
                                                                              b'"RegioS": "GM0233    "')
    _rejected(lambda: import_file("statline-odata3", content, file_name="x.json"),
              "dubbele waarneming voor GeregistreerdeMisdrijven_1 0.0.0 GM0233 2024JJ00")
