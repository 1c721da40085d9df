"""WOZ values per address (verblijfsobject), with the waardepeildatum per row or for the whole file."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .. import values
from ..address_csv import AddressKeyedCsv, key_columns
from ..base import MB, Column, ImportContext, ParsedRow, Register
from ..checks import RowCheck
from ..registry import register
from ..writers import replace_snapshot


@register
class WozCsv(AddressKeyedCsv):
    key = "woz_csv"
    label = gettext_lazy("WOZ-waarden (CSV)")
    description = gettext_lazy(
        "Per verblijfsobject de WOZ-waarde in euro's, met de waardepeildatum per regel of (zonder die kolom) de "
        "peildatum van de inlezing. Vervangt de vorige stand.")
    register = Register.WOZ
    extensions = (".csv", ".xlsx")
    max_bytes = 100 * MB
    columns = (
        *key_columns(),
        Column("woz_waarde", gettext_lazy("WOZ-waarde in hele euro's (250000, 250.000 of € 250.000)"), True,
               aliases=("vastgestelde_waarde", "woz_vastgestelde_waarde", "vastgestelde_woz_waarde", "wozwaarde",
                        "waarde")),
        Column("waardepeildatum", gettext_lazy("waardepeildatum (jjjj-mm-dd)"), aliases=("waarde_peildatum", "peildatum", "waardepeildatum_woz")),
    )

    def values_of(self, check: RowCheck, record: dict, context: ImportContext) -> dict:
        data = {"value_eur": check.take("woz_waarde", values.euros, record.get("woz_waarde"), required=True)}
        peildatum = check.take("waardepeildatum", values.date, record.get("waardepeildatum"))
        if peildatum:
            data["reference_date"] = peildatum
        return data

    def write(self, rows: list[ParsedRow], context: ImportContext) -> int:
        from veiliglokaal.irregularities.models import PropertyValue

        return replace_snapshot(PropertyValue, rows, context)
