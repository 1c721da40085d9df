"""One Handelsregister establishment (vestiging), from either the Vestigingsprofiel JSON or its flattened CSV."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import values
from .base import Column, ImportContext, ParsedRow, RowError
from .checks import RowCheck

# The flattened field names (the CSV's columns), documented once for both formats.
COLUMNS = (
    Column("vestigingsnummer", gettext_lazy("vestigingsnummer (12 cijfers)"), True,
           aliases=("vestigingsnr", "vestiging_nummer")),
    Column("kvkNummer", gettext_lazy("KvK-nummer (8 cijfers)"), True,
           aliases=("kvk_nummer", "kvknr", "kvk", "dossiernummer", "inschrijvingsnummer")),
    Column("eersteHandelsnaam", gettext_lazy("eerste handelsnaam"), True,
           aliases=("eerste_handelsnaam", "handelsnaam", "bedrijfsnaam", "naam")),
    Column("indHoofdvestiging", gettext_lazy("Ja of Nee"), aliases=("hoofdvestiging", "ind_hoofdvestiging")),
    Column("datumAanvang", gettext_lazy("materiële registratie: datum aanvang (jjjjmmdd of jjjj-mm-dd)"),
           aliases=("materieleRegistratie.datumAanvang", "datum_aanvang", "datum_vestiging", "startdatum",
                    "datum_oprichting")),
    Column("datumEinde", gettext_lazy("materiële registratie: datum einde"),
           aliases=("materieleRegistratie.datumEinde", "datum_einde", "einddatum", "datum_opheffing")),
    Column("straatnaam", gettext_lazy("bezoekadres: straat (ter controle)"),
           aliases=("straat", "bezoekadres_straat", "bezoekadres.straatnaam", "adressen.straatnaam")),
    Column("huisnummer", gettext_lazy("bezoekadres: huisnummer (ter controle)"),
           aliases=("huisnr", "bezoekadres.huisnummer", "adressen.huisnummer")),
    Column("postcode", gettext_lazy("bezoekadres: postcode (ter controle)"),
           aliases=("bezoekadres_postcode", "bezoekadres.postcode", "adressen.postcode")),
    Column("plaats", gettext_lazy("bezoekadres: plaats (ter controle)"),
           aliases=("woonplaats", "vestigingsplaats", "bezoekadres.plaats", "adressen.plaats")),
    Column("addresseerbaarObjectId", gettext_lazy("bezoekadres: verblijfsobject-id (KvK's spelling)"),
           aliases=("geoData.addresseerbaarObjectId", "adressen.geoData.addresseerbaarObjectId",
                    "bezoekadres.geoData.addresseerbaarObjectId", "adresseerbaarObjectId",
                    "geoData.adresseerbaarObjectId", "adresseerbaar_object_id", "verblijfsobject_id",
                    "verblijfsobject_identificatie", "vbo_id", "bag_id")),
    Column("nummerAanduidingId", gettext_lazy("bezoekadres: nummeraanduiding-id"),
           aliases=("geoData.nummerAanduidingId", "adressen.geoData.nummerAanduidingId",
                    "bezoekadres.geoData.nummerAanduidingId", "nummeraanduiding_id",
                    "nummeraanduiding_identificatie")),
    Column("rijksdriehoekX", gettext_lazy("bezoekadres: RD x"), aliases=("geoData.rijksdriehoekX", "rd_x", "x")),
    Column("rijksdriehoekY", gettext_lazy("bezoekadres: RD y"), aliases=("geoData.rijksdriehoekY", "rd_y", "y")),
    Column("sbiCode", gettext_lazy("SBI-code van de hoofdactiviteit"), True,
           aliases=("sbiHoofdActiviteit", "sbiActiviteiten.sbiCode", "sbi_code", "sbi", "hoofdactiviteit",
                    "sbi_hoofdactiviteit", "hoofd_sbi", "sbicode_hoofdactiviteit", "sbi_code_hoofdactiviteit")),
    Column("sbiOmschrijving", gettext_lazy("omschrijving van de hoofdactiviteit"),
           aliases=("sbiActiviteiten.sbiOmschrijving", "sbi_omschrijving", "omschrijving_hoofdactiviteit",
                    "activiteit")),
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
