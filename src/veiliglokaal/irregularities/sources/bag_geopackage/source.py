"""PDOK `bag-light.gpkg`: the tables `verblijfsobject` (POINT), `ligplaats` and `standplaats` (POLYGON), all in
EPSG:28992, with the address fields of the main address on each row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from typing import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiliglokaal.irregularities.models import AddressKind

from ..base import MB, Column, ImportContext, ParsedRow, Register, RowError, SourceType
from ..checks import OutsideNetherlands, address_row
from ..registry import register
from ..values import ValueProblem
from ..writers import upsert_addresses
from . import gpkg

RD_SRS = 28992
# Our Address field <- the column of bag-light.gpkg (the same names in its three tables of addressable objects;
# ligplaats and standplaats have no gebruiksdoel, oppervlakte, bouwjaar or pand)
FIELDS = {
    "bag_id": "identificatie", "number_designation_id": "nummeraanduiding_hoofdadres_identificatie",
    "building_id": "pand_identificatie", "street": "openbare_ruimte_naam", "house_number": "huisnummer",
    "house_letter": "huisletter", "addition": "toevoeging", "postcode": "postcode", "city": "woonplaats_naam",
    "purposes": "gebruiksdoel", "floor_area": "oppervlakte", "construction_year": "bouwjaar", "bag_status": "status",
}
REQUIRED = ("identificatie", "openbare_ruimte_naam", "huisnummer", "woonplaats_naam")


@dataclass(frozen=True)
class Layer:
    """One table of addressable objects in bag-light.gpkg."""

    table: str
    kind: str  # AddressKind value
    object_type: str  # digits 5-6 of its BAG ids
    geometry_types: frozenset

    def column(self, name: str) -> str:
        """How a column is named in the error report: bare for verblijfsobject (as before), else table.column."""
        return name if self.table == "verblijfsobject" else f"{self.table}.{name}"


AREAS = frozenset({"POLYGON", "MULTIPOLYGON", "CURVEPOLYGON", "MULTISURFACE", "GEOMETRY", "POINT", "MULTIPOINT"})
# verblijfsobject is required; an extract may lack the other two tables.
LAYERS = (
    Layer("verblijfsobject", AddressKind.VERBLIJFSOBJECT, "01", frozenset({"POINT", "MULTIPOINT"})),
    Layer("ligplaats", AddressKind.LIGPLAATS, "02", AREAS),
    Layer("standplaats", AddressKind.STANDPLAATS, "03", AREAS),
)
TABLE = LAYERS[0].table


def _damaged() -> RowError:
    return RowError(0, "", _("Het GeoPackage-bestand is beschadigd of onvolledig (downloaden afgebroken?). "
                             "Download bag-light.gpkg opnieuw en controleer de bestandsgrootte."))


def _not_a_geopackage() -> RowError:
    return RowError(0, "", _("Dit is geen GeoPackage (SQLite-bestand). Gebruik bag-light.gpkg van PDOK."))


@register
class BagGeoPackage(SourceType):
    key = "bag_geopackage"
    label = gettext_lazy("BAG (GeoPackage van PDOK)")
    description = gettext_lazy(
        "Het bestand bag-light.gpkg van PDOK (of een uitsnede met dezelfde indeling): de tabel verblijfsobject met "
        "gebruiksdoel, oppervlakte, bouwjaar, pand en hoofdadres, en de tabellen ligplaats (woonboten) en "
        "standplaats (woonwagens) als die er zijn. Nieuwe objecten worden toegevoegd, bekende bijgewerkt.")
    register = Register.BAG
    extensions = (".gpkg",)
    max_bytes = 2048 * MB
    columns = (
        Column("identificatie", gettext_lazy("BAG-id van het verblijfsobject, de ligplaats of de standplaats "
                                             "(16 cijfers)"), True),
        Column("openbare_ruimte_naam", gettext_lazy("straatnaam"), True),
        Column("huisnummer", gettext_lazy("huisnummer"), True),
        Column("huisletter", gettext_lazy("huisletter")),
        Column("toevoeging", gettext_lazy("huisnummertoevoeging")),
        Column("postcode", gettext_lazy("postcode")),
        Column("woonplaats_naam", gettext_lazy("woonplaats"), True),
        Column("gebruiksdoel", gettext_lazy("gebruiksdoelen, komma-gescheiden")),
        Column("oppervlakte", gettext_lazy("oppervlakte in m²")),
        Column("bouwjaar", gettext_lazy("bouwjaar van het pand")),
        Column("status", gettext_lazy("status van het verblijfsobject")),
        Column("pand_identificatie", gettext_lazy("pand-id")),
        Column("nummeraanduiding_hoofdadres_identificatie", gettext_lazy("nummeraanduiding-id van het hoofdadres")),
        Column("geom", gettext_lazy("RD New (EPSG:28992): een punt (verblijfsobject) of vlak (ligplaats, "
                                    "standplaats; er wordt een punt binnen het vlak gebruikt)"), True),
    )
    unique_field = "bag_id"
    unique_column = "identificatie"

    def count_rows(self, path: str) -> int:
        declared = gpkg.declared_size(path)
        if declared is not None and declared > self.max_bytes:
            return 0
        if gpkg.file_state(path) != "sqlite":
            return 0
        try:
            with closing(_connect(path)) as db:
                tables = _tables(db)
                return sum(db.execute(f'SELECT count(*) FROM "{layer.table}"').fetchone()[0]
                           for layer in LAYERS if layer.table in tables)
        except sqlite3.DatabaseError:
            return 0

    def parse(self, path: str, context: ImportContext) -> Iterator[ParsedRow | RowError]:
        declared = gpkg.declared_size(path)
        if declared is not None and declared > self.max_bytes:  # checked before SQLite opens it
            yield RowError(0, "", _("Het bestand is geweigerd: volgens de kop bevat het %(mb)s MB, meer dan de "
                                    "toegestane %(max)s MB.") % {"mb": declared // MB, "max": self.max_bytes // MB})
            return
        state = gpkg.file_state(path)
        if state != "sqlite":
            yield _damaged() if state == "truncated" else _not_a_geopackage()
            return
        outside = OutsideNetherlands()
        try:
            with closing(_connect(path)) as db:
                layers, problems = _layout(db)
                if problems:
                    yield from problems
                    return
                for layer, geometry_column, present in layers:
                    yield from self._rows(db, layer, geometry_column, present, context, outside)
        except sqlite3.DatabaseError:  # a valid SQLite header, but pages missing or broken
            yield _damaged()
            return
        summary = outside.summary()
        if summary:
            yield summary

    def _rows(self, db, layer: Layer, geometry_column: str, present: set[str], context: ImportContext,
              outside: OutsideNetherlands):
        wanted = [(field, column) for field, column in FIELDS.items() if column in present]
        select = ", ".join([f'"{column}"' for _field, column in wanted] + [f'"{geometry_column}"'])
        columns = {field: layer.column(column) for field, column in FIELDS.items()}
        columns["rd_x"] = columns["rd_y"] = layer.column(geometry_column)
        read = gpkg.point if layer.kind == AddressKind.VERBLIJFSOBJECT else gpkg.representative_point
        query = f'SELECT {select} FROM "{layer.table}" ORDER BY rowid'
        for number, record in enumerate(db.execute(query), start=1):
            raw = {field: record[i] for i, (field, _column) in enumerate(wanted)}
            raw["kind"] = layer.kind
            try:
                raw["rd_x"], raw["rd_y"] = read(record[-1])
            except ValueProblem as problem:
                yield RowError(number, layer.column(geometry_column), str(problem), str(raw.get("bag_id") or ""))
                continue
            result = address_row(number, raw, context, id_column=layer.column("identificatie"),
                                 id_types=(layer.object_type,), columns=columns, outside=outside)
            if isinstance(result, list):
                yield from result
            else:
                yield result

    def write(self, rows: list[ParsedRow], context: ImportContext) -> int:
        return upsert_addresses(rows, context)


def _connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _tables(db) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def _layout(db) -> tuple[list[tuple[Layer, str, set[str]]], list[RowError]]:
    """Check that the file is a GeoPackage with a verblijfsobject point layer in RD (and, when present, ligplaats
    and standplaats area layers in RD); return each layer present with its geometry column and columns."""
    tables = _tables(db)
    if "gpkg_contents" not in tables or "gpkg_geometry_columns" not in tables:
        return [], [RowError(0, "", _("Dit SQLite-bestand is geen GeoPackage: de tabellen gpkg_contents en "
                                      "gpkg_geometry_columns ontbreken."))]
    if TABLE not in tables:
        return [], [RowError(0, TABLE, _("De tabel verblijfsobject ontbreekt. Gebruik bag-light.gpkg van PDOK."))]
    layers, errors = [], []
    for layer in LAYERS:
        if layer.table not in tables:
            continue
        geometry = db.execute("SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns "
                              "WHERE table_name = ?", (layer.table,)).fetchone()
        if geometry is None:
            errors.append(RowError(0, layer.table, _("De tabel %(t)s heeft geen geometriekolom in "
                                                     "gpkg_geometry_columns.") % {"t": layer.table}))
            continue
        column, geometry_type, srs_id = geometry
        if str(geometry_type).upper() not in layer.geometry_types:
            expected = _("punten (POINT)") if layer.kind == AddressKind.VERBLIJFSOBJECT else _("vlakken (POLYGON)")
            errors.append(RowError(0, layer.column(column), _("Verwacht %(e)s in de tabel %(t)s, gevonden: %(g)s.")
                                   % {"e": expected, "t": layer.table, "g": geometry_type}))
        if srs_id != RD_SRS:
            errors.append(RowError(0, layer.column(column), _(
                "Verwacht coördinaten in RD New (EPSG:28992), gevonden: EPSG:%(s)s.") % {"s": srs_id}))
        present = {row[1] for row in db.execute(f'PRAGMA table_info("{layer.table}")')}
        errors += [RowError(1, layer.column(name), _("Verplichte kolom ontbreekt in de tabel %(t)s.")
                            % {"t": layer.table}) for name in REQUIRED if name not in present]
        layers.append((layer, column, present))
    return layers, errors
