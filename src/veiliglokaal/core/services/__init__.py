"""Writes to the registry. The only place that loads municipalities, regions and neighbourhoods."""

import csv
import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ..models import DataSource, Municipality, Neighbourhood, Province, SafetyRegion, SizeClass

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
POPULATION_REFERENCE_DATE = datetime.date(2024, 1, 1)

# What each shipped file is; the full lines live in data/SOURCES.md.
SOURCES = {
    "gemeenten_2025.geojson": ("Gemeentegrenzen 2025 (gegeneraliseerd)", "CBS/PDOK", "CC BY 4.0"),
    "veiligheidsregios_2023.geojson": ("Grenzen veiligheidsregio's 2023", "CBS/PDOK via Ministerie van VWS", "CC BY 4.0"),
    "provincies_2023_dissolved.geojson": ("Provinciegrenzen (afgeleid uit gemeentegrenzen)", "CBS/PDOK", "CC BY 4.0"),
    "gemeente_veiligheidsregio_2023.csv": ("Indeling gemeenten in veiligheidsregio's", "CBS via Ministerie van VWS", "CC BY 4.0"),
    "gemeente_bevolking_oppervlakte_2024.csv": ("Bevolking en oppervlakte per gemeente, 1-1-2024", "CBS", "CC BY 4.0"),
    "buurten_ermelo_2021.geojson": ("Wijk- en buurtkaart 2021, gemeente Ermelo", "CBS via PDOK", "CC BY 4.0"),
}


@dataclass
class RegistryLoadResult:
    provinces: int
    safety_regions: int
    municipalities: int
    neighbourhoods: int
    created: int


def _read_bytes(name: str) -> bytes:
    return (DATA_DIR / name).read_bytes()


def _record_source(name: str, rows: int) -> None:
    title, publisher, licence = SOURCES[name]
    DataSource.objects.update_or_create(
        key=name,
        defaults=dict(title=title, publisher=publisher, licence=licence, file_name=name,
                      sha256=hashlib.sha256(_read_bytes(name)).hexdigest(), rows=rows),
    )


def _features(name: str) -> list[dict]:
    return json.loads(_read_bytes(name))["features"]


def _csv_rows(name: str) -> list[dict]:
    return list(csv.DictReader(_read_bytes(name).decode("utf-8").splitlines()))


@transaction.atomic
def load_registry(progress=None) -> RegistryLoadResult:
    """Load (or refresh) the registry from the shipped open data. Idempotent: keyed on codes and names."""
    progress = progress or (lambda step, done, total: None)
    created = 0

    province_features = _features("provincies_2023_dissolved.geojson")
    for feature in province_features:
        _, was_created = Province.objects.update_or_create(
            name=feature["properties"]["provincienaam"], defaults={"boundary": feature["geometry"]}
        )
        created += was_created
    _record_source("provincies_2023_dissolved.geojson", len(province_features))

    region_features = _features("veiligheidsregios_2023.geojson")
    for feature in region_features:
        props = feature["properties"]
        _, was_created = SafetyRegion.objects.update_or_create(
            code=props["vr_code"], defaults={"name": props["vr_naam"], "boundary": feature["geometry"]}
        )
        created += was_created
    _record_source("veiligheidsregios_2023.geojson", len(region_features))

    regions = {r.code: r for r in SafetyRegion.objects.all()}
    provinces = {p.name: p for p in Province.objects.all()}
    region_of = {row["gemeentecode"]: row for row in _csv_rows("gemeente_veiligheidsregio_2023.csv")}
    figures_of = {row["gemeentecode"]: row for row in _csv_rows("gemeente_bevolking_oppervlakte_2024.csv")}
    municipality_features = _features("gemeenten_2025.geojson")
    total = len(municipality_features)
    for index, feature in enumerate(municipality_features, start=1):
        code = feature["properties"]["statcode"]
        figures, region = figures_of[code], region_of[code]
        population = int(figures["bevolking"])
        _, was_created = Municipality.objects.update_or_create(
            code=code,
            defaults=dict(
                name=feature["properties"]["statnaam"],
                province=provinces[figures["provincienaam"]],
                safety_region=regions[region["vr_code"]],
                population=population,
                population_reference_date=POPULATION_REFERENCE_DATE,
                land_area_km2=Decimal(figures["oppervlakte_land_km2"]),
                total_area_km2=Decimal(figures["oppervlakte_totaal_km2"]),
                density_per_km2=Decimal(figures["bevolkingsdichtheid_per_km2_land"]),
                size_class=SizeClass.for_population(population),
                boundary=feature["geometry"],
                indeling_year=2025,
            ),
        )
        created += was_created
        progress("gemeenten", index, total)
    for name in ("gemeenten_2025.geojson", "gemeente_veiligheidsregio_2023.csv", "gemeente_bevolking_oppervlakte_2024.csv"):
        _record_source(name, total)

    municipalities = {m.code: m for m in Municipality.objects.without_boundaries()}
    buurt_features = _features("buurten_ermelo_2021.geojson")
    for feature in buurt_features:
        props = feature["properties"]
        _, was_created = Neighbourhood.objects.update_or_create(
            code=props["buurtcode"],
            # The water "buurt" (BU02339997) has no name in the source.
            defaults=dict(name=props["buurtnaam"] or f"Water ({props['buurtcode']})", district_code=props["wijkcode"],
                          municipality=municipalities[props["gemeentecode"]],
                          boundary=feature["geometry"], reference_year=2021),
        )
        created += was_created
    _record_source("buurten_ermelo_2021.geojson", len(buurt_features))

    return RegistryLoadResult(
        provinces=len(province_features), safety_regions=len(region_features),
        municipalities=total, neighbourhoods=len(buurt_features), created=created,
    )


def remember_column_mapping(municipality_id: int, importer: str, mapping: dict, user=None) -> None:
    """Save the column mapping a municipality confirmed for an importer, so its next file starts from it."""
    from ..models import ColumnMapping

    ColumnMapping.objects.update_or_create(
        municipality_id=municipality_id, importer=importer,
        defaults={"mapping": {name: column for name, column in mapping.items() if column},
                  "updated_by": user if getattr(user, "pk", None) else None})
