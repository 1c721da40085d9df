"""Registers delivered as a CSV keyed by the BAG verblijfsobject id (BRP counts, WOZ values): shared reading."""

from __future__ import annotations

from typing import Iterator

from django.utils.translation import gettext_lazy

from . import values
from .base import Column, ImportContext, ParsedRow, RowError, SourceType
from .checks import RowCheck
from .csvfile import FORBIDDEN_WORDS, count_data_lines, read_rows

ADDRESS_COLUMN = "verblijfsobject_id"
ADDRESS_ALIASES = ("adresseerbaarobject_id", "addresseerbaarObjectId", "adresseerbaar_object_identificatie",
                   "verblijfsobject_identificatie", "verblijfsobjectidentificatie", "vbo_id", "identificatie", "bag_id")
DESIGNATION_ALIASES = ("nummeraanduiding_identificatie", "nummeraanduidingidentificatie", "nummeraanduiding",
                       "nummerAanduidingId", "num_id")
DESIGNATION_COLUMN = "nummeraanduiding_id"


def key_columns():
    """The address key: the verblijfsobject id, or (for extracts without it) the nummeraanduiding id."""
    return (
        Column(ADDRESS_COLUMN, gettext_lazy("verblijfsobject-id (16 cijfers); of gebruik nummeraanduiding_id"),
               aliases=ADDRESS_ALIASES),
        Column(DESIGNATION_COLUMN, gettext_lazy("nummeraanduiding-id (16 cijfers), als er geen verblijfsobject-id is"),
               aliases=DESIGNATION_ALIASES),
    )


class AddressKeyedCsv(SourceType):
    """One row per address. Subclasses turn the row's other columns into model fields in `values_of`."""

    unique_field = "address_id"
    unique_column = ADDRESS_COLUMN
    one_of = ((ADDRESS_COLUMN, DESIGNATION_COLUMN),)
    tabular = True

    def count_rows(self, path: str) -> int:
        return count_data_lines(path)

    def values_of(self, check: RowCheck, record: dict, context: ImportContext) -> dict:
        raise NotImplementedError

    def parse(self, path: str, context: ImportContext) -> Iterator[ParsedRow | RowError]:
        for item in read_rows(path, self.schema(), context, FORBIDDEN_WORDS):
            if isinstance(item, RowError):
                yield item
                continue
            number, record = item
            # The adresseerbaar object's id (verblijfsobject, ligplaats or standplaats) when the row has one; a
            # file with both columns may leave it empty (an address the BRP knows only by its nummeraanduiding).
            if str(record.get(ADDRESS_COLUMN) or "").strip() or DESIGNATION_COLUMN not in record:
                key_column, types = ADDRESS_COLUMN, ("01", "02", "03")
            else:
                key_column, types = DESIGNATION_COLUMN, ("20",)
            check = RowCheck(number)
            key = check.take(key_column, values.bag_id, record.get(key_column), object_types=types)
            data = self.values_of(check, record, context)
            if check.errors:
                yield from check.errors
                continue
            yield ParsedRow(number, data, address_key=key, address_column=key_column)
