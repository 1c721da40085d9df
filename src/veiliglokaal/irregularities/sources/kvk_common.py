"""One Handelsregister establishment (vestiging), from either the Vestigingsprofiel JSON or its flattened CSV."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import values
from .base import Column, ImportContext, ParsedRow, RowError
from .checks import RowCheck

# The flattened field names (the CSV's columns), documented once for both formats.
COLUMNS = (
    Column("vestigingsnummer", gettext_lazy("vestigingsnummer (12 cijfers)"), True),
    Column("kvkNummer", gettext_lazy("KvK-nummer (8 cijfers)"), True),
    Column("eersteHandelsnaam", gettext_lazy("eerste handelsnaam"), True),
    Column("indHoofdvestiging", gettext_lazy("Ja of Nee")),
    Column("datumAanvang", gettext_lazy("materiële registratie: datum aanvang (jjjjmmdd of jjjj-mm-dd)")),
    Column("datumEinde", gettext_lazy("materiële registratie: datum einde")),
    Column("straatnaam", gettext_lazy("bezoekadres: straat (ter controle)")),
    Column("huisnummer", gettext_lazy("bezoekadres: huisnummer (ter controle)")),
    Column("postcode", gettext_lazy("bezoekadres: postcode (ter controle)")),
    Column("plaats", gettext_lazy("bezoekadres: plaats (ter controle)")),
    Column("addresseerbaarObjectId", gettext_lazy("bezoekadres: verblijfsobject-id (KvK's spelling)")),
    Column("nummerAanduidingId", gettext_lazy("bezoekadres: nummeraanduiding-id")),
    Column("rijksdriehoekX", gettext_lazy("bezoekadres: RD x")),
    Column("rijksdriehoekY", gettext_lazy("bezoekadres: RD y")),
    Column("sbiCode", gettext_lazy("SBI-code van de hoofdactiviteit"), True),
    Column("sbiOmschrijving", gettext_lazy("omschrijving van de hoofdactiviteit")),
)


def establishment(number: int, flat: dict, context: ImportContext) -> ParsedRow | list[RowError]:
    check = RowCheck(number)
    data = {
        "establishment_number": check.take("vestigingsnummer", values.digits, flat.get("vestigingsnummer"), 12,
                                           _("Het vestigingsnummer")),
        "kvk_number": check.take("kvkNummer", values.digits, flat.get("kvkNummer"), 8, _("Het KvK-nummer")),
        "trade_name": check.take("eersteHandelsnaam", values.text, flat.get("eersteHandelsnaam"), 200, required=True),
        "sbi_code": check.take("sbiCode", values.sbi_code, flat.get("sbiCode")),
        "is_main_establishment": check.take("indHoofdvestiging", values.yes_no, flat.get("indHoofdvestiging")),
        "started_on": check.take("datumAanvang", values.date, flat.get("datumAanvang")),
        "ended_on": check.take("datumEinde", values.date, flat.get("datumEinde")),
    }
    object_id = str(flat.get("addresseerbaarObjectId") or "").strip()
    designation = str(flat.get("nummerAanduidingId") or "").strip()
    if object_id:
        column, key = "addresseerbaarObjectId", check.take("addresseerbaarObjectId", values.bag_id, object_id,
                                                           object_types=("01", "02", "03"))
    elif designation:
        column, key = "nummerAanduidingId", check.take("nummerAanduidingId", values.bag_id, designation,
                                                       object_types=("20",))
    else:
        check.fail("addresseerbaarObjectId", _("Geen BAG-id van het bezoekadres: vul addresseerbaarObjectId of "
                                               "nummerAanduidingId in."))
        column, key = "", None
    if check.errors:
        return check.errors
    if data["started_on"] and data["ended_on"] and data["ended_on"] < data["started_on"]:
        return [RowError(number, "datumEinde", _("De datum einde ligt vóór de datum aanvang."), flat.get("datumEinde"))]
    return ParsedRow(number, data, address_key=key, address_column=column)
