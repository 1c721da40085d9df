"""Benchmark: import of a full national year of table 47018NED (registered crime per buurt) in the real StatLine
OData layouts, through the real path (`services.import_files`: paging, parse, merge, write).

The data are SYNTHETIC (labelled so in the table title and the data source): 342 registry municipalities x 41
buurten (14,022 buurten, codes BU<gm><nnnn>) plus the 342 gemeenten, x the first 57 real SoortMisdrijf codes of
the Politie code list (`src/veiliglokaal/indicators/data/politie_47022NED_SoortMisdrijf_codelijst.csv`, shipped with its source), x one measure, one
year: 817,452 observations. Values are random counts (seed 42).

Measured in one run on a fresh database:

  * OData v4 (`datasets.cbs.nl/odata/v1/CBS/47018NED`: Properties singleton, Dimensions, MeasureCodes,
    <Dim>Codes, Observations) delivered as the service pages it: 9 page files of 100,000 observations with
    `@odata.nextLink`, first import into an empty table;
  * the same files imported again (a merge where every observation is kept: the diff path without writes);
  * OData v3 (`opendata.cbs.nl/ODataApi/odata/47018NED`: TableInfos, DataProperties, dimension lists,
    TypedDataSet) as one bundle, first import into another empty database table (after deleting the v4 table).

Each import is checked against the generated figures (count, and the sum of all values). Target: a full year
within 60 s on the 2-core machine. There is no baseline: the replaced importer deleted and rewrote the whole table
and refused this table (no Properties read), so it gives no like-for-like answer to compare with.

    DJANGO_SETTINGS_MODULE=veiliglokaal.settings.test .venv/bin/python benchmarks/statistics_import.py
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/statistics_import.py
"""

import csv
import json
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src"), str(REPO / "benchmarks")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiliglokaal.settings.test")

import django  # noqa: E402

django.setup()

from _result import emit, peak_rss_mb  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

CODE_LIST = Path(
    os.environ.get(
        "BENCH_CODE_LIST",
        str(Path(__file__).resolve().parents[1] / "src" / "veiliglokaal" / "indicators" / "data"
            / "politie_47022NED_SoortMisdrijf_codelijst.csv"),
    )
)
BUURTEN_PER_GEMEENTE = int(os.environ.get("BENCH_BUURTEN_PER_GEMEENTE", "41"))
TYPES = 57
PAGE = 100_000
V4 = "https://datasets.cbs.nl/odata/v1/CBS/47018NED"
V3 = "https://opendata.cbs.nl/ODataApi/odata/47018NED"
TITLE = "SYNTHETISCH: Geregistreerde misdrijven; soort misdrijf, wijk en buurt (benchmarkgegevens)"


def crime_types() -> list[tuple[str, str]]:
    with CODE_LIST.open(encoding="utf-8") as handle:
        rows = [
            (row["Key"].strip(), row["Title"].strip()) for row in csv.DictReader(handle)
        ]
    return rows[:TYPES]


def regions(municipalities: list[tuple[str, str]]) -> list[tuple[str, str]]:
    result = []
    for code, name in municipalities:
        result.append((code, name))
        result += [
            (f"BU{code[2:]}{n:04d}", f"{name} buurt {n}")
            for n in range(1, BUURTEN_PER_GEMEENTE + 1)
        ]
    return result


def values(regions_, types, rng) -> list[tuple[str, str, int]]:
    return [
        (region, kind, rng.randint(0, 60))
        for region, _ in regions_
        for kind, _ in types
    ]


def v4_pages(regions_, types, data) -> list[tuple[str, bytes]]:
    meta = {
        "Properties": {
            "@odata.context": f"{V4}/$metadata#Properties",
            "Identifier": "47018NED",
            "Title": TITLE,
            "Language": "nl",
            "Status": "Regulier",
            "Catalog": "Politie",
            "ObservationCount": len(data),
        },
        "Dimensions": {
            "@odata.context": f"{V4}/$metadata#Dimensions",
            "value": [
                {
                    "Identifier": "SoortMisdrijf",
                    "Title": "Soort misdrijf",
                    "Kind": "Dimension",
                },
                {
                    "Identifier": "WijkenEnBuurten",
                    "Title": "Wijken en buurten",
                    "Kind": "GeoDimension",
                },
                {
                    "Identifier": "Perioden",
                    "Title": "Perioden",
                    "Kind": "TimeDimension",
                },
            ],
        },
        "MeasureCodes": {
            "@odata.context": f"{V4}/$metadata#MeasureCodes",
            "value": [
                {
                    "Index": 1,
                    "Identifier": "M004200_2",
                    "Title": "Totaal geregistreerde misdrijven",
                    "Unit": "aantal",
                    "DataType": "Long",
                    "Decimals": 0,
                    "MeasureGroupId": None,
                    "PresentationType": "Absolute",
                }
            ],
        },
        "SoortMisdrijfCodes": {
            "value": [
                {"Index": i, "Identifier": c, "Title": t}
                for i, (c, t) in enumerate(types)
            ]
        },
        "WijkenEnBuurtenCodes": {
            "value": [
                {"Index": i, "Identifier": c, "Title": t}
                for i, (c, t) in enumerate(regions_)
            ]
        },
        "PeriodenCodes": {
            "value": [
                {
                    "Index": 1,
                    "Identifier": "2024JJ00",
                    "Title": "2024",
                    "Status": "Definitief",
                }
            ]
        },
    }
    files = []
    for number, start in enumerate(range(0, len(data), PAGE), start=1):
        rows = [
            {
                "Id": start + i,
                "Measure": "M004200_2",
                "ValueAttribute": "None",
                "Value": v,
                "SoortMisdrijf": k,
                "WijkenEnBuurten": r,
                "Perioden": "2024JJ00",
            }
            for i, (r, k, v) in enumerate(data[start : start + PAGE])
        ]
        page = {"@odata.context": f"{V4}/$metadata#Observations", "value": rows}
        if start + PAGE < len(data):
            page["@odata.nextLink"] = f"{V4}/Observations?$skip={start + PAGE}"
        document = {**meta, "Observations": page} if number == 1 else page
        files.append((f"47018NED_pagina{number}.json", json.dumps(document).encode()))
    return files


def v3_bundle(regions_, types, data) -> list[tuple[str, bytes]]:
    document = {
        "TableInfos": {
            "value": [
                {
                    "ID": 0,
                    "Identifier": "47018NED",
                    "Title": TITLE,
                    "Catalog": "Politie",
                }
            ]
        },
        "DataProperties": {
            "odata.metadata": f"{V3}/$metadata#Cbs.OData.WebAPI.DataProperties",
            "value": [
                {
                    "ID": 0,
                    "Type": "Dimension",
                    "Key": "SoortMisdrijf",
                    "Title": "Soort misdrijf",
                },
                {
                    "ID": 1,
                    "Type": "GeoDimension",
                    "Key": "WijkenEnBuurten",
                    "Title": "Wijken en buurten",
                },
                {
                    "ID": 2,
                    "Type": "TimeDimension",
                    "Key": "Perioden",
                    "Title": "Perioden",
                },
                {
                    "ID": 3,
                    "Type": "Topic",
                    "Key": "TotaalGeregistreerdeMisdrijven_1",
                    "Title": "Totaal geregistreerde misdrijven",
                    "Unit": "aantal",
                    "Datatype": "Long",
                },
            ],
        },
        "SoortMisdrijf": {"value": [{"Key": c.ljust(8), "Title": t} for c, t in types]},
        "Perioden": {
            "value": [{"Key": "2024JJ00", "Title": "2024", "Status": "Definitief"}]
        },
        "TypedDataSet": {
            "odata.metadata": f"{V3}/$metadata#Cbs.OData.WebAPI.TypedDataSet",
            "value": [
                {
                    "ID": i,
                    "SoortMisdrijf": k.ljust(8),
                    "WijkenEnBuurten": r.ljust(10),
                    "Perioden": "2024JJ00",
                    "TotaalGeregistreerdeMisdrijven_1": v,
                }
                for i, (r, k, v) in enumerate(data)
            ],
        },
    }
    return [("47018NED_v3.json", json.dumps(document).encode())]


def timed(label, files, expected_count, expected_sum):
    from veiliglokaal.indicators.models import Observation
    from veiliglokaal.indicators.services import import_files

    started = time.perf_counter()
    cpu = time.process_time()
    result = import_files(None, files)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    stored = Observation.objects.filter(table__table_id="47018NED")
    count, total = stored.count(), stored.aggregate(total=Sum("value"))["total"]
    assert (count, int(total)) == (expected_count, expected_sum), (
        count,
        total,
        expected_count,
        expected_sum,
    )
    preview = result.preview
    print(
        f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU; added {preview.added:,}, changed {preview.changed:,}, "
        f"kept {preview.kept:,}; stored {count:,}, sum {int(total):,} (checked)"
    )
    return wall, preview


def main():
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.core.services import load_registry
    from veiliglokaal.indicators.models import StatisticsTable

    setup_test_environment()
    vendor = connection.vendor
    if (
        vendor == "sqlite"
    ):  # a file, as in a deployment (the default test database would be in memory)
        connection.settings_dict["TEST"]["NAME"] = str(
            REPO / "var" / "benchmark_statistics.sqlite3"
        )
        (REPO / "var").mkdir(exist_ok=True)
    else:
        connection.settings_dict["TEST"]["NAME"] = (
            f"bench_{connection.settings_dict['NAME']}"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_registry()
        municipalities = list(
            Municipality.objects.order_by("code").values_list("code", "name")
        )
        types = crime_types()
        regions_ = regions(municipalities)
        data = values(regions_, types, random.Random(42))
        expected_sum = sum(v for _, _, v in data)
        started = time.perf_counter()
        pages = v4_pages(regions_, types, data)
        bundle = v3_bundle(regions_, types, data)
        megabytes = sum(len(c) for _, c in pages) / 1e6
        print(
            f"database: {vendor}; SYNTHETIC 47018NED year: {len(regions_):,} regions ({len(municipalities)} "
            f"gemeenten + {len(regions_) - len(municipalities):,} buurten) x {len(types)} soorten = "
            f"{len(data):,} observations; v4 {len(pages)} page files {megabytes:.0f} MB, v3 bundle "
            f"{len(bundle[0][1]) / 1e6:.0f} MB (generated in {time.perf_counter() - started:.1f} s)"
        )

        first, _ = timed(
            "OData v4, 9 pages, first import", pages, len(data), expected_sum
        )
        again, preview = timed(
            "OData v4, same pages again (merge, all kept)",
            pages,
            len(data),
            expected_sum,
        )
        assert preview.kept == len(data) and not (preview.added or preview.changed)
        StatisticsTable.objects.filter(table_id="47018NED").delete()
        v3, _ = timed(
            "OData v3 TypedDataSet bundle, first import",
            bundle,
            len(data),
            expected_sum,
        )
        peak = peak_rss_mb()
        print(
            f"peak RSS {peak:.0f} MB; target full year < 60 s: "
            f"{'met' if max(first, v3) < 60 else 'MISSED'} (v4 {first:.1f} s, v3 {v3:.1f} s)"
        )
        note = f"SYNTHETIC 47018NED buurt year, {len(data):,} observations, {vendor}"
        emit(
            "statistics import 47018NED year, OData v4 9 pages (first import)",
            first,
            peak_mb=peak,
            note=note,
        )
        emit(
            "statistics import 47018NED year, OData v4 re-import (merge, all kept)",
            again,
            peak_mb=peak,
            note=note,
        )
        emit(
            "statistics import 47018NED year, OData v3 TypedDataSet (first import)",
            v3,
            peak_mb=peak,
            note=note,
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
