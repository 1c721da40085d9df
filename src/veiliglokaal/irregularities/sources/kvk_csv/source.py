"""KvK establishments as a flat CSV: the Vestigingsprofiel field names, flattened (see kvk_common.COLUMNS)."""

from __future__ import annotations

from typing import Iterator

from django.utils.translation import gettext_lazy

from ..base import MB, ImportContext, ParsedRow, Register, RowError, SourceType
from ..csvfile import count_data_lines, read_rows
from ..kvk_common import COLUMNS, establishment
from ..registry import register
from ..writers import replace_snapshot


@register
class KvkCsv(SourceType):
    key = "kvk_csv"
    label = gettext_lazy("Handelsregister (CSV)")
    description = gettext_lazy(
        "Vestigingen als CSV met de veldnamen van het KvK Vestigingsprofiel, platgeslagen (bijvoorbeeld "
        "addresseerbaarObjectId en sbiCode van de hoofdactiviteit). Vervangt de vorige stand van het "
        "Handelsregister.")
    register = Register.KVK
    extensions = (".csv", ".xlsx")
    max_bytes = 200 * MB
    columns = COLUMNS
    unique_field = "establishment_number"
    unique_column = "vestigingsnummer"
    one_of = (("addresseerbaarObjectId", "nummerAanduidingId"),)
    tabular = True

    def count_rows(self, path: str) -> int:
        return count_data_lines(path)

    def parse(self, path: str, context: ImportContext) -> Iterator[ParsedRow | RowError]:
        for item in read_rows(path, self.schema(), context):
            if isinstance(item, RowError):
                yield item
                continue
            number, record = item
            result = establishment(number, record, context)
            yield from (result if isinstance(result, list) else [result])

    def write(self, rows: list[ParsedRow], context: ImportContext) -> int:
        from veiliglokaal.irregularities.models import Establishment

        return replace_snapshot(Establishment, rows, context)
