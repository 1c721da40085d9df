"""BRP counts per address: how many persons are registered there and how many moved in or out in 12 months.

Never names, birth dates, BSN or nationality: the header check refuses such columns outright.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .. import values
from ..address_csv import AddressKeyedCsv, key_columns
from ..base import MB, Column, ImportContext, ParsedRow, Register
from ..checks import RowCheck
from ..registry import register
from ..writers import replace_snapshot


@register
class BrpCountsCsv(AddressKeyedCsv):
    key = "brp_counts_csv"
    label = gettext_lazy("BRP-aantallen per adres (CSV)")
    description = gettext_lazy(
        "Per verblijfsobject het aantal ingeschreven personen en het aantal verhuizingen naar en van het adres in "
        "de afgelopen 12 maanden. Alleen aantallen: kolommen met namen, geboortedata, BSN of nationaliteit worden "
        "geweigerd. Vervangt de vorige stand.")
    register = Register.BRP
    extensions = (".csv", ".xlsx")
    max_bytes = 100 * MB
    columns = (
        *key_columns(),
        Column("ingeschreven_personen", gettext_lazy("aantal ingeschreven personen op de peildatum"), True,
               aliases=("aantal_ingeschreven", "aantal_ingeschreven_personen", "aantal_ingeschrevenen",
                        "aantal_personen", "aantal_bewoners", "bewoners", "personen")),
        Column("verhuizingen_in_12m", gettext_lazy("verhuizingen naar het adres in de 12 maanden voor de peildatum"),
               aliases=("verhuizingen_in", "aantal_verhuizingen_in", "vestigingen_12m", "instroom_12m")),
        Column("verhuizingen_uit_12m", gettext_lazy("verhuizingen van het adres in de 12 maanden voor de peildatum"),
               aliases=("verhuizingen_uit", "aantal_verhuizingen_uit", "vertrekken_12m", "uitstroom_12m")),
    )

    def values_of(self, check: RowCheck, record: dict, context: ImportContext) -> dict:
        return {
            "persons": check.take("ingeschreven_personen", values.integer, record.get("ingeschreven_personen"),
                                  required=True, maximum=10000),
            "moves_in_12m": check.take("verhuizingen_in_12m", values.integer, record.get("verhuizingen_in_12m"),
                                       maximum=10000) or 0,
            "moves_out_12m": check.take("verhuizingen_uit_12m", values.integer, record.get("verhuizingen_uit_12m"),
                                        maximum=10000) or 0,
        }

    def write(self, rows: list[ParsedRow], context: ImportContext) -> int:
        from veiliglokaal.irregularities.models import RegistrationCount

        return replace_snapshot(RegistrationCount, rows, context)


