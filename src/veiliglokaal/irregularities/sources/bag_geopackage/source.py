"""PDOK `bag-light.gpkg`: the table `verblijfsobject` (POINT, EPSG:28992) with its address fields on each row."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import MB, Column, ImportContext, ParsedRow, Register, RowError, SourceType
from ..checks import address_row
from ..registry import register
from ..values import ValueProblem
from ..writers import upsert_addresses
from . import gpkg

TABLE = "verblijfsobject"
RD_SRS = 28992
# Our Address field <- the column of bag-light.gpkg
FIELDS = {
    "bag_id": "identificatie", "number_designation_id": "nummeraanduiding_hoofdadres_identificatie",
    "building_id": "pand_identificatie", "street": "openbare_ruimte_naam", "house_number": "huisnummer",
    "house_letter": "huisletter", "addition": "toevoeging", "postcode": "postcode", "city": "woonplaats_naam",
    "purposes": "gebruiksdoel", "floor_area": "oppervlakte", "construction_year": "bouwjaar", "bag_status": "status",
}
REQUIRED = ("identificatie", "openbare_ruimte_naam", "huisnummer", "woonplaats_naam")


@register
class BagGeoPackage(SourceType):
    key = "bag_geopackage"
    label = gettext_lazy("BAG (GeoPackage van PDOK)")
    description = gettext_lazy(
        "Het bestand bag-light.gpkg van PDOK (of een uitsnede met dezelfde indeling): de tabel verblijfsobject met "
        "gebruiksdoel, oppervlakte, bouwjaar, pand en hoofdadres. Nieuwe verblijfsobjecten worden toegevoegd, "
        "bekende bijgewerkt.")
    register = Register.BAG
    extensions = (".gpkg",)
    max_bytes = 2048 * MB
    columns = (
        Column("identificatie", gettext_lazy("verblijfsobject-id (16 cijfers)"), True),
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
        Column("geom", gettext_lazy("punt in RD New (EPSG:28992)"), True),
    )
    unique_field = "bag_id"
    unique_column = "identificatie"

    def count_rows(self, path: str) -> int:
        declared = gpkg.declared_size(path)
        if declared is not None and declared > self.max_bytes:
            return 0
        try:
            with closing(_connect(path)) as db:
                return db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
        except sqlite3.DatabaseError:
            return 0

    def parse(self, path: str, context: ImportContext) -> Iterator[ParsedRow | RowError]:
        declared = gpkg.declared_size(path)
        if declared is not None and declared > self.max_bytes:  # checked before SQLite opens it
            yield RowError(0, "", _("Het bestand is geweigerd: volgens de kop bevat het %(mb)s MB, meer dan de "
                                    "toegestane %(max)s MB.") % {"mb": declared // MB, "max": self.max_bytes // MB})
            return
        try:
            with closing(_connect(path)) as db:
                problems, geometry_column, present = _layout(db)
                if problems:
                    yield from problems
                    return
                yield from self._rows(db, geometry_column, present, context)
        except sqlite3.DatabaseError:
            yield RowError(0, "", _("Dit is geen GeoPackage (SQLite-bestand). Gebruik bag-light.gpkg van PDOK."))

    def _rows(self, db, geometry_column: str, present: set[str], context: ImportContext):
        wanted = [(field, column) for field, column in FIELDS.items() if column in present]
        select = ", ".join([column for _field, column in wanted] + [geometry_column])
        for number, record in enumerate(db.execute(f"SELECT {select} FROM {TABLE} ORDER BY rowid"), start=1):
            raw = {field: record[i] for i, (field, _column) in enumerate(wanted)}
            try:
                raw["rd_x"], raw["rd_y"] = gpkg.point(record[-1])
            except ValueProblem as problem:
                yield RowError(number, geometry_column, str(problem))
                continue
            result = address_row(number, raw, context, id_column="identificatie", id_types=("01",),
                                 columns={**FIELDS, "rd_x": geometry_column, "rd_y": geometry_column})
            if isinstance(result, list):
                yield from result
            else:
                yield result

    def write(self, rows: list[ParsedRow], context: ImportContext) -> int:
        return upsert_addresses(rows, context)


def _connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _layout(db) -> tuple[list[RowError], str, set[str]]:
    """Check that the file is a GeoPackage with a verblijfsobject point layer in RD; return its geometry column."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "gpkg_contents" not in tables or "gpkg_geometry_columns" not in tables:
        return [RowError(0, "", _("Dit SQLite-bestand is geen GeoPackage: de tabellen gpkg_contents en "
                                  "gpkg_geometry_columns ontbreken."))], "", set()
    if TABLE not in tables:
        return [RowError(0, TABLE, _("De tabel verblijfsobject ontbreekt. Gebruik bag-light.gpkg van PDOK."))], "", set()
    geometry = db.execute("SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns "
                          "WHERE table_name = ?", (TABLE,)).fetchone()
    if geometry is None:
        return [RowError(0, TABLE, _("De tabel verblijfsobject heeft geen geometriekolom in gpkg_geometry_columns."))], "", set()
    column, geometry_type, srs_id = geometry
    errors = []
    if str(geometry_type).upper() not in {"POINT", "MULTIPOINT"}:
        errors.append(RowError(0, column, _("Verwacht punten (POINT), gevonden: %(t)s.") % {"t": geometry_type}))
    if srs_id != RD_SRS:
        errors.append(RowError(0, column, _("Verwacht coördinaten in RD New (EPSG:28992), gevonden: EPSG:%(s)s.")
                               % {"s": srs_id}))
    present = {row[1] for row in db.execute(f"PRAGMA table_info({TABLE})")}
    errors += [RowError(1, name, _("Verplichte kolom ontbreekt in de tabel verblijfsobject."))
               for name in REQUIRED if name not in present]
    return errors, column, present
