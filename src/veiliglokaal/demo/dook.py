"""The DOOK demo: synthetic register data on real geography, loaded through the real importers.

- Ermelo (GM0233): addresses generated inside the real CBS buurten (core.Neighbourhood), written as a
  GeoPackage in PDOK's bag-light layout; KvK as Vestigingsprofiel JSON; BRP counts and WOZ as CSV.
- Amsterdam (GM0363): the real BAG addresses of the shipped PDOK sample (core/data), through the CSV importer;
  KvK as flat CSV; BRP counts and WOZ as CSV.

Irregularities of each kind are planted and recorded as ground truth (PlantedIrregularity). Every demo import
is marked synthetic. Deterministic (seeded) and idempotent (a loaded municipality is left alone unless reset).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction

from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.models import Municipality

from veiliglokaal.irregularities.services import sources as services
from veiliglokaal.demo.dook_geography import neighbourhood_boxes, points_in_neighbourhood, streets_of
from veiliglokaal.demo.dook_registers import DemoAddress, RegisterBuilder
from veiliglokaal.irregularities.models import (Address, Establishment, PlantedIrregularity, PropertyValue, RegistrationCount,
                     SourceImport)
from veiliglokaal.irregularities.sources.bag_geopackage.gpkg import write_verblijfsobjecten
from veiliglokaal.core.geo import rd_to_wgs84

SEED = 20250101
REFERENCE_DATE = dt.date(2025, 1, 1)
ERMELO, AMSTERDAM = "GM0233", "GM0363"
AMSTERDAM_SAMPLE = settings.PACKAGE_DIR / "core" / "data" / "bag_adressen_amsterdam_sample.csv"
ERMELO_RD_BOX = (160000.0, 465000.0, 185000.0, 490000.0)  # searched on a 250 m grid for the buurten
ADDRESSES_PER_PERSON = 1 / 2.2 * 0.3  # households at 30 % scale: a demo, not a census

ZONES = {"BU02330000": "centre", "BU02330002": "business", "BU02330003": "care"}
RURAL_PREFIX = ("BU02330005", "BU02330007", "BU02330008", "BU02330009", "BU023301")
STREET_STEMS = ("Beuken", "Eiken", "Heide", "Zand", "Stations", "Molen", "Kerk", "Dorps", "Veld", "Bos", "Horster",
                "Telgter", "Putter", "Harderwijker", "Speulder", "Leuvenumse", "Staverdense", "Schaapskooi", "Jonker",
                "Linden", "Berken", "Sparren", "Wilgen", "Vlinder", "Merel", "Lijster", "Kievit", "Zwaluw", "Hazel",
                "Hulst", "Brem", "Varen", "Klaver", "Akker", "Esdoorn", "Kastanje", "Iepen", "Populier", "Vogel",
                "Roggen", "Haver", "Tarwe", "Gersten", "Boekweit", "Schapen", "Koe", "Paarden", "Smids", "Bakkers")
STREET_SUFFIXES = ("laan", "weg", "straat", "pad", "hof", "erf", "dreef")


def _population_by_buurt() -> dict[str, int]:
    path = settings.PACKAGE_DIR / "core" / "data" / "buurten_ermelo_2021.geojson"
    features = json.loads(path.read_text())["features"]
    return {f["properties"]["buurtcode"]: max(0, (f["properties"]["mannen"] or 0) + (f["properties"]["vrouwen"] or 0))
            for f in features}


def _zone(code: str) -> str:
    return ZONES.get(code) or ("rural" if code.startswith(RURAL_PREFIX) else "residential")


def _use(rng: np.random.Generator, zone: str) -> tuple[str, int, int, str]:
    """(gebruiksdoel, area m², construction year, zone of the address) for a zone of the municipality."""
    draw = rng.random()
    if zone == "centre" and draw < 0.14:
        return "winkelfunctie", int(rng.integers(50, 260)), int(rng.integers(1900, 1990)), "shop"
    if zone == "centre" and draw < 0.18:
        return "kantoorfunctie", int(rng.integers(60, 400)), int(rng.integers(1950, 2010)), "business"
    if zone == "business" and draw < 0.16:
        purpose = "industriefunctie" if rng.random() < 0.6 else "kantoorfunctie"
        return purpose, int(rng.integers(150, 2500)), int(rng.integers(1965, 2020)), "business"
    if zone == "care" and draw < 0.15:
        return "gezondheidszorgfunctie", int(rng.integers(80, 900)), int(rng.integers(1920, 2000)), "care"
    if zone == "rural" and draw < 0.08:
        return "logiesfunctie", int(rng.integers(30, 70)), int(rng.integers(1965, 2015)), "rural"
    if zone == "rural" and draw < 0.12:
        return "industriefunctie", int(rng.integers(200, 1200)), int(rng.integers(1950, 2010)), "business"
    area = int(rng.integers(130, 260)) if zone == "rural" else int(np.clip(rng.normal(112, 30), 38, 240))
    year = int(rng.integers(1900, 2000)) if zone == "rural" else int(rng.integers(1925, 2023))
    return "woonfunctie", area, year, zone


class _Numbering:
    def __init__(self, code: str):
        self.code, self.vbo, self.pand, self.streets = code, 0, 0, 0

    def ids(self) -> tuple[str, str]:
        self.vbo += 1
        return f"{self.code}01{self.vbo:010d}", f"{self.code}20{self.vbo:010d}"

    def building(self) -> str:
        self.pand += 1
        return f"{self.code}10{self.pand:010d}"

    def street(self, rng) -> str:
        self.streets += 1
        stem = STREET_STEMS[(self.streets - 1) % len(STREET_STEMS)]
        suffix = STREET_SUFFIXES[(self.streets - 1) // len(STREET_STEMS) % len(STREET_SUFFIXES)]
        return f"{stem}{suffix}"


def ermelo_addresses(municipality: Municipality, seed: int = SEED) -> list[DemoAddress]:
    """Residential majority, shops in the centre, a business park and garage boxes, care in Veldwijk."""
    rng = np.random.default_rng(seed)
    population = _population_by_buurt()
    numbering = _Numbering(municipality.code[2:])
    addresses: list[DemoAddress] = []
    for index, (code, _name, polygon, box) in enumerate(neighbourhood_boxes(municipality.pk, ERMELO_RD_BOX)):
        count = int(round(population.get(code, 0) * ADDRESSES_PER_PERSON))
        if count < 3:
            continue
        points = points_in_neighbourhood(rng, polygon, box, count)
        for street_index, group in enumerate(streets_of(points, rng)):
            street = numbering.street(rng)
            postcode = f"{3850 + index % 4}{chr(65 + street_index // 26 % 26)}{chr(65 + street_index % 26)}"
            for number, point_index in enumerate(group, start=1):
                purpose, area, year, zone = _use(rng, _zone(code))
                vbo, designation = numbering.ids()
                addresses.append(DemoAddress(vbo, designation, street, number, "", postcode, "Ermelo",
                                             float(points[point_index, 0]), float(points[point_index, 1]), purpose,
                                             area, year, numbering.building(), zone))
            if _zone(code) == "business" and street_index % 3 == 0:
                addresses += _garage_boxes(rng, numbering, street, len(group) + 1, postcode, points[group[0]])
    return addresses


def _garage_boxes(rng, numbering: _Numbering, street: str, number: int, postcode: str, near) -> list[DemoAddress]:
    """A complex of garage boxes: one pand, one number, letters A, B, C …, "overige gebruiksfunctie"."""
    building = numbering.building()
    boxes = []
    for i in range(int(rng.integers(6, 13))):
        vbo, designation = numbering.ids()
        boxes.append(DemoAddress(vbo, designation, street, number, chr(65 + i), postcode, "Ermelo",
                                 float(near[0]) + 0.3 * i, float(near[1]), "overige gebruiksfunctie",
                                 int(rng.integers(14, 24)), 1985, building, "business"))
    return boxes


def amsterdam_addresses(path: Path = AMSTERDAM_SAMPLE) -> list[DemoAddress]:
    """The real verblijfsobjecten of the PDOK sample, keyed as the CSV importer keys them (nummeraanduiding id)."""
    addresses = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["objecttype"] != "Verblijfsobject":
                continue
            addresses.append(DemoAddress(row["nummeraanduiding_id"], row["nummeraanduiding_id"], row["straatnaam"],
                                         int(row["huisnummer"]), row["huisletter"], row["postcode"],
                                         row["woonplaats"], float(row["rd_x"]), float(row["rd_y"])))
    return addresses


# -- the registers as files in their real formats ------------------------------------------------------------

def write_bag_geopackage(path: Path, addresses: list[DemoAddress]) -> None:
    write_verblijfsobjecten(str(path), [{
        "identificatie": a.bag_id, "oppervlakte": a.area, "status": "Verblijfsobject in gebruik",
        "gebruiksdoel": a.purposes, "openbare_ruimte_naam": a.street, "huisnummer": a.number,
        "huisletter": a.letter or None, "toevoeging": None, "postcode": a.postcode, "woonplaats_naam": a.city,
        "bouwjaar": a.year, "pand_identificatie": a.building_id,
        "nummeraanduiding_hoofdadres_identificatie": a.designation_id, "x": a.x, "y": a.y} for a in addresses])


def _kvk_profile(item) -> dict:
    a = item.address
    lat, lon = rd_to_wgs84(a.x, a.y)
    return {
        "vestigingsnummer": item.number, "kvkNummer": item.kvk, "eersteHandelsnaam": item.name,
        "indHoofdvestiging": "Ja" if item.main else "Nee", "indCommercieleVestiging": "Ja",
        "materieleRegistratie": {"datumAanvang": item.started.strftime("%Y%m%d")},
        "adressen": [{
            "type": "bezoekadres", "indAfgeschermd": "Nee",
            "volledigAdres": f"{a.street} {a.number}{a.letter} {a.postcode} {a.city}",
            "straatnaam": a.street, "huisnummer": a.number, "huisletter": a.letter, "postcode": a.postcode,
            "plaats": a.city, "land": "Nederland",
            "geoData": {"addresseerbaarObjectId": a.bag_id if a.bag_id[4:6] == "01" else "",
                        "nummerAanduidingId": a.designation_id, "gpsLatitude": round(lat, 7),
                        "gpsLongitude": round(lon, 7), "rijksdriehoekX": a.x, "rijksdriehoekY": a.y,
                        "rijksdriehoekZ": 0.0}}],
        "sbiActiviteiten": [{"sbiCode": item.sbi, "sbiOmschrijving": item.sbi_text, "indHoofdactiviteit": "Ja"}],
    }


def write_kvk_json(path: Path, establishments) -> None:
    path.write_text(json.dumps([_kvk_profile(e) for e in establishments], ensure_ascii=False, indent=1),
                    encoding="utf-8")


def write_kvk_csv(path: Path, establishments) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["vestigingsnummer", "kvkNummer", "eersteHandelsnaam", "indHoofdvestiging", "datumAanvang",
                         "straatnaam", "huisnummer", "postcode", "plaats", "nummerAanduidingId", "rijksdriehoekX",
                         "rijksdriehoekY", "sbiCode", "sbiOmschrijving"])
        for e in establishments:
            a = e.address
            writer.writerow([e.number, e.kvk, e.name, "Ja" if e.main else "Nee", e.started.isoformat(), a.street,
                             a.number, a.postcode, a.city, a.designation_id, a.x, a.y, e.sbi, e.sbi_text])


def _key_column(keys) -> str:
    """The real Amsterdam extract has only nummeraanduiding ids; the generated Ermelo BAG has verblijfsobject ids."""
    return "nummeraanduiding_id" if keys and next(iter(keys))[4:6] == "20" else "verblijfsobject_id"


def write_brp_csv(path: Path, brp: dict) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([_key_column(brp), "ingeschreven_personen", "verhuizingen_in_12m", "verhuizingen_uit_12m"])
        for bag_id, (persons, moves_in, moves_out) in sorted(brp.items()):
            writer.writerow([bag_id, persons, moves_in, moves_out])


def write_woz_csv(path: Path, woz: dict) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([_key_column(woz), "woz_waarde", "waardepeildatum"])
        for bag_id, value in sorted(woz.items()):
            writer.writerow([bag_id, value, REFERENCE_DATE.isoformat()])


# -- loading ----------------------------------------------------------------------------------------------------

def is_loaded(municipality: Municipality) -> bool:
    return PlantedIrregularity.objects.filter(municipality=municipality).exists()


def reset(municipality: Municipality) -> None:
    """Remove the demo data of one municipality (only synthetic imports and what came from them)."""
    with transaction.atomic():
        synthetic = SourceImport.objects.filter(municipality=municipality, is_synthetic=True)
        PlantedIrregularity.objects.filter(municipality=municipality).delete()
        for model in (Establishment, RegistrationCount, PropertyValue):
            model.objects.filter(municipality=municipality, source_import__in=synthetic).delete()
        Address.objects.filter(municipality=municipality, source_import__in=synthetic).delete()
        for source_import in synthetic:
            source_import.file.delete(save=False)
        synthetic.delete()


def _import(municipality, source_type: str, path: Path) -> SourceImport:
    source_import = services.offer_path(municipality, source_type, path, REFERENCE_DATE, is_synthetic=True,
                                        run_now=True)
    if source_import.status != JobStatus.SUCCEEDED:
        raise RuntimeError(f"Demo-inlezing {source_type} afgewezen: {source_import.error_report[:5]}")
    return source_import


def _build_registers(addresses, seed: int, code: str, *, with_bag_attributes: bool):
    builder = RegisterBuilder(addresses, seed, code)
    builder.baseline()
    if with_bag_attributes:
        builder.plant_overcrowding()
        builder.plant_persons_at_business_address()
        builder.plant_activity_not_allowed()
    builder.plant_many_moves()
    builder.plant_many_companies()
    builder.plant_high_risk_cluster()
    builder.plant_woz_outliers()
    return builder.registers


def _record_ground_truth(municipality, registers, seed: int) -> int:
    ids = dict(Address.objects.filter(municipality=municipality).values_list("bag_id", "pk"))
    planted = [PlantedIrregularity(municipality=municipality, address_id=ids[bag_id], kind=kind, detail=detail[:255],
                                   seed=seed) for bag_id, kind, detail in registers.planted]
    PlantedIrregularity.objects.bulk_create(planted)
    return len(planted)


def load_municipality(code: str, *, seed: int = SEED) -> dict:
    municipality = Municipality.objects.get(code=code)
    ermelo = code == ERMELO
    addresses = ermelo_addresses(municipality, seed) if ermelo else amsterdam_addresses()
    registers = _build_registers(addresses, seed, code[2:], with_bag_attributes=ermelo)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        if ermelo:
            write_bag_geopackage(folder / "demo-bag-ermelo.gpkg", addresses)
            _import(municipality, "bag_geopackage", folder / "demo-bag-ermelo.gpkg")
            write_kvk_json(folder / "demo-kvk-ermelo.json", registers.establishments)
            _import(municipality, "kvk_json", folder / "demo-kvk-ermelo.json")
        else:
            _import(municipality, "bag_csv", AMSTERDAM_SAMPLE)
            write_kvk_csv(folder / "demo-kvk-amsterdam.csv", registers.establishments)
            _import(municipality, "kvk_csv", folder / "demo-kvk-amsterdam.csv")
        name = municipality.name.lower()
        write_brp_csv(folder / f"demo-brp-{name}.csv", registers.brp)
        _import(municipality, "brp_counts_csv", folder / f"demo-brp-{name}.csv")
        write_woz_csv(folder / f"demo-woz-{name}.csv", registers.woz)
        _import(municipality, "woz_csv", folder / f"demo-woz-{name}.csv")
    planted = _record_ground_truth(municipality, registers, seed)
    return {"municipality": code, "addresses": len(addresses), "establishments": len(registers.establishments),
            "brp_rows": len(registers.brp), "woz_rows": len(registers.woz), "planted": planted}


def load_dook_demo(*, codes=(ERMELO, AMSTERDAM), reset_first: bool = False, seed: int = SEED) -> list[dict]:
    if not settings.DEMO_MODE:
        raise RuntimeError("De DOOK-demo kan alleen in demomodus worden geladen (DEMO_MODE=true).")
    results = []
    for code in codes:
        municipality = Municipality.objects.get(code=code)
        if reset_first:
            reset(municipality)
        elif is_loaded(municipality):
            results.append({"municipality": code, "skipped": True})
            continue
        results.append(load_municipality(code, seed=seed))
    return results
