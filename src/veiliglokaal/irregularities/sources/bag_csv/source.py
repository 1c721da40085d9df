"""A CSV extract of BAG addresses, in the format of PDOK's address extract (as in the shipped Amsterdam sample),
optionally with the verblijfsobject id and its gebruiksdoel, oppervlakte, bouwjaar and pand."""

from __future__ import annotations

from typing import Iterator

from django.utils.translation import gettext_lazy

from veiliglokaal.irregularities.models import AddressKind

from .. import values
from ..base import MB, Column, ImportContext, ParsedRow, Register, RowError, Skipped, SourceType
from ..checks import OutsideNetherlands, address_row
from ..csvfile import count_data_lines, read_rows
from ..registry import register
from ..writers import upsert_addresses

# Our Address field <- the column of the CSV
FIELDS = {
    "number_designation_id": "nummeraanduiding_id", "building_id": "pand_id", "street": "straatnaam",
    "house_number": "huisnummer", "house_letter": "huisletter", "addition": "toevoeging", "postcode": "postcode",
    "city": "woonplaats", "purposes": "gebruiksdoel", "floor_area": "oppervlakte",
    "construction_year": "bouwjaar", "bag_status": "status", "rd_x": "rd_x", "rd_y": "rd_y",
    "latitude": "lat", "longitude": "lon",
}
# The objecttype column -> our kind. PDOK's extract spells it out, NLExtract's bagadres CSV abbreviates.
KINDS = {"verblijfsobject": AddressKind.VERBLIJFSOBJECT, "vbo": AddressKind.VERBLIJFSOBJECT,
         "ligplaats": AddressKind.LIGPLAATS, "lig": AddressKind.LIGPLAATS,
         "standplaats": AddressKind.STANDPLAATS, "sta": AddressKind.STANDPLAATS}
OBJECT_TYPES = {AddressKind.VERBLIJFSOBJECT: "01", AddressKind.LIGPLAATS: "02", AddressKind.STANDPLAATS: "03"}
KIND_OF_TYPE = {digits: kind for kind, digits in OBJECT_TYPES.items()}


@register
class BagCsv(SourceType):
    key = "bag_csv"
    label = gettext_lazy("BAG (CSV-uittreksel)")
    description = gettext_lazy(
        "Adressen uit de BAG als CSV, in de indeling van het PDOK-adresuittreksel. Met een kolom "
        "verblijfsobject_id en de kolommen gebruiksdoel, oppervlakte, bouwjaar en pand_id als u die heeft. "
        "Ligplaatsen (woonboten) en standplaatsen (woonwagens) worden ook ingelezen.")
    register = Register.BAG
    extensions = (".csv", ".xlsx")
    max_bytes = 500 * MB
    columns = (
        Column("verblijfsobject_id", gettext_lazy("BAG-id van het verblijfsobject, de ligplaats of de standplaats "
                                                  "(16 cijfers); zonder deze kolom dient het nummeraanduiding-id "
                                                  "als sleutel"),
               aliases=("identificatie", "verblijfsobject_identificatie", "vbo_id", "object_id",
                        "adresseerbaarobject_id", "adresseerbaar_object_identificatie", "adresseerbaarobject",
                        "adresseerbaar_object")),
        Column("nummeraanduiding_id", gettext_lazy("nummeraanduiding-id (16 cijfers)"),
               aliases=("nummeraanduiding_identificatie", "nummeraanduiding", "num_id",
                        "nummeraanduiding_hoofdadres_identificatie", "hoofdadres_identificatie")),
        Column("objecttype", gettext_lazy("Verblijfsobject (VBO), Ligplaats (LIG) of Standplaats (STA)"),
               aliases=("object_type", "type_adresseerbaar_object")),
        Column("straatnaam", gettext_lazy("straatnaam"), True,
               aliases=("openbare_ruimte_naam", "openbareruimte", "openbareruimtenaam", "straat")),
        Column("huisnummer", gettext_lazy("huisnummer"), True, aliases=("huisnr",)),
        Column("huisletter", gettext_lazy("huisletter")),
        Column("toevoeging", gettext_lazy("huisnummertoevoeging"), aliases=("huisnummertoevoeging",)),
        Column("postcode", gettext_lazy("postcode (1234AB)")),
        Column("woonplaats", gettext_lazy("woonplaats"), True, aliases=("woonplaats_naam", "woonplaatsnaam")),
        Column("status", gettext_lazy("status in de BAG"), aliases=("verblijfsobjectstatus", "verblijfsobject_status")),
        Column("datum_begin", gettext_lazy("begindatum geldigheid (jjjj-mm-dd)"),
               aliases=("begin_geldigheid", "begingeldigheid", "documentdatum")),
        Column("gebruiksdoel", gettext_lazy("gebruiksdoelen, komma-gescheiden"),
               aliases=("verblijfsobjectgebruiksdoel", "gebruiksdoelen", "gebruiksdoel_verblijfsobject")),
        Column("oppervlakte", gettext_lazy("oppervlakte in m²"),
               aliases=("oppervlakteverblijfsobject", "oppervlakte_verblijfsobject", "gebruiksoppervlakte")),
        Column("bouwjaar", gettext_lazy("bouwjaar"), aliases=("pandbouwjaar", "oorspronkelijk_bouwjaar",
                                                            "oorspronkelijkbouwjaar", "pand_bouwjaar")),
        Column("pand_id", gettext_lazy("pand-id (16 cijfers)"), aliases=("pand_identificatie", "pandid")),
        Column("lon", gettext_lazy("lengtegraad WGS84 (wordt anders berekend uit RD)"), aliases=("longitude",)),
        Column("lat", gettext_lazy("breedtegraad WGS84 (wordt anders berekend uit RD)"), aliases=("latitude",)),
        Column("rd_x", gettext_lazy("RD x in meters (EPSG:28992)"), True,
               aliases=("x", "x_coordinaat", "rijksdriehoek_x", "rijksdriehoekX")),
        Column("rd_y", gettext_lazy("RD y in meters (EPSG:28992)"), True,
               aliases=("y", "y_coordinaat", "rijksdriehoek_y", "rijksdriehoekY")),
    )
    unique_field = "bag_id"
    unique_column = "verblijfsobject_id"
    one_of = (("verblijfsobject_id", "nummeraanduiding_id"),)
    tabular = True

    def count_rows(self, path: str) -> int:
        return count_data_lines(path)

    def parse(self, path: str, context: ImportContext) -> Iterator[ParsedRow | RowError | Skipped]:
        id_column = None
        outside = OutsideNetherlands()
        for item in read_rows(path, self.schema(), context):
            if isinstance(item, RowError):
                yield item
                continue
            number, record = item
            if id_column is None:
                id_column = "verblijfsobject_id" if "verblijfsobject_id" in record else "nummeraanduiding_id"
            yield from self._row(number, record, id_column, context, outside)
        summary = outside.summary()
        if summary:
            yield summary

    def _row(self, number: int, record: dict, id_column: str, context: ImportContext, outside: OutsideNetherlands):
        object_type = record.get("objecttype", "").strip().lower()
        kind = KINDS.get(object_type)
        if object_type and kind is None:  # not an addressable object (e.g. a pand row in a mixed export)
            yield Skipped(number, object_type)
            return
        if record.get("datum_begin"):
            try:
                values.date(record["datum_begin"])
            except values.ValueProblem as problem:
                yield RowError(number, "datum_begin", str(problem), record["datum_begin"])
                return
        raw = {field: record.get(column) for field, column in FIELDS.items()}
        raw["bag_id"] = record.get(id_column)
        if id_column != "verblijfsobject_id":
            id_types = ("20",)  # the nummeraanduiding id is the key; the objecttype column says what it designates
        elif kind is not None:
            id_types = (OBJECT_TYPES[kind],)  # the id must be of the object the row says it is
        else:  # no objecttype column: the id's digits 5-6 say it
            id_types = tuple(OBJECT_TYPES.values())
            kind = KIND_OF_TYPE.get(str(raw["bag_id"] or "").strip()[4:6])
        raw["kind"] = kind or AddressKind.VERBLIJFSOBJECT
        result = address_row(number, raw, context, id_column=id_column, id_types=id_types, columns=FIELDS,
                             outside=outside)
        if isinstance(result, list):
            yield from result
        else:
            yield result

    def write(self, rows: list[ParsedRow], context: ImportContext) -> int:
        return upsert_addresses(rows, context)
