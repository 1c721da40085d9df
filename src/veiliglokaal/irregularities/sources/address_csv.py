"""Registers delivered as a CSV keyed by the BAG verblijfsobject id (BRP counts, WOZ values): shared reading."""

from __future__ import annotations

from typing import Iterator

from django.utils.translation import gettext as _

from . import values
from .base import ImportContext, ParsedRow, RowError, SourceType
from .checks import RowCheck
from .csvfile import FORBIDDEN_WORDS, count_data_lines, read_rows

ADDRESS_COLUMN = "verblijfsobject_id"
ADDRESS_ALIASES = ("adresseerbaarobject_id", "addresseerbaarObjectId", "identificatie")


class AddressKeyedCsv(SourceType):
    """One row per address. Subclasses turn the row's other columns into model fields in `values_of`."""

    unique_field = "address_id"
    unique_column = ADDRESS_COLUMN

    def count_rows(self, path: str) -> int:
        return count_data_lines(path)

    def values_of(self, check: RowCheck, record: dict, context: ImportContext) -> dict:
        raise NotImplementedError

    def parse(self, path: str, context: ImportContext) -> Iterator[ParsedRow | RowError]:
        for item in read_rows(path, self.columns, FORBIDDEN_WORDS):
            if isinstance(item, RowError):
                yield item
                continue
            number, record = item
            check = RowCheck(number)
            key = check.take(ADDRESS_COLUMN, values.bag_id, record.get(ADDRESS_COLUMN), object_types=("01", "02", "03"))
            data = self.values_of(check, record, context)
            if check.errors:
                yield from check.errors
                continue
            yield ParsedRow(number, data, address_key=key, address_column=ADDRESS_COLUMN)


