"""Processing activities of DOOK. Each part declares its own list; the module's register is their concatenation."""

_REVIEW_COMMON = {
    "module": "irregularities",
    "legal_basis": "AVG art. 6 lid 1 sub e (taak van algemeen belang: toezicht en handhaving, bestrijding van "
                   "ondermijning; Gemeentewet art. 172, Woningwet, Huisvestingswet, Wet BRP art. 2.4)",
    "security_measures": "MFA; adresniveau alleen voor de rol met dat recht en pas na opgave van een doel dat "
                         "4 uur geldt; standaard alleen geaggregeerde kaart met kleine aantallen (< 5) afgeschermd; "
                         "één verwerkingslogregel per getoond adres; geen adressen in URL's; besluiten alleen "
                         "toevoegen",
}

REVIEW_ACTIVITIES = [
    {
        **_REVIEW_COMMON,
        "key": "irregularities.adresinzage",
        "name": "Inzage in onregelmatigheden op adresniveau (DOOK)",
        "purpose": "Signalen van mogelijke onregelmatigheden op een adres bekijken om te beoordelen of nader "
                   "onderzoek, een melding aan de bronhouder of handhaving nodig is. Alleen na opgave van een doel.",
        "data_subjects": "Bewoners, eigenaren en gebruikers van adressen met een signaal",
        "data_categories": "Adres (BAG), aantallen ingeschrevenen en verhuizingen (BRP, geen personen), WOZ-waarde, "
                           "vestigingen (KvK), indicatoren en afwijkingsscore met uitleg",
        "recipients": "Analisten (OOV) van de eigen gemeente met het recht op adresniveau",
        "retention": "Signalen: tot de volgende berekening plus 1 jaar; opgegeven doelen en verwerkingslog: 7 jaar",
    },
    {
        **_REVIEW_COMMON,
        "key": "irregularities.beoordeling",
        "name": "Beoordeling van signalen door een medewerker (DOOK)",
        "purpose": "Een medewerker besluit over elk signaal (geen actie, registratiefout melden, nader onderzoek, "
                   "handhavingstraject) en onderbouwt dat; het algoritme besluit nooit. Besluiten voeden de "
                   "precisie per indicator.",
        "data_subjects": "Bewoners, eigenaren en gebruikers van adressen met een signaal",
        "data_categories": "Adres, besluit, onderbouwing, naam van de beoordelaar",
        "recipients": "Analisten en handhavers van de eigen gemeente; de bronhouder bij een registratiefout",
        "retention": "Zolang het signaal of het handhavingstraject bewaard wordt",
    },
]

SOURCE_ACTIVITIES = [
    {
        "key": "irregularities.bronnen",
        "module": "irregularities",
        "name": "Inlezen van registergegevens per adres voor DOOK (BAG, Handelsregister, BRP-aantallen, WOZ)",
        "purpose": "Onregelmatigheden in het gebruik van adressen opsporen (onrechtmatige bewoning, ondermijning) "
                   "door registers per adres naast elkaar te leggen; een medewerker beoordeelt elk signaal.",
        "legal_basis": "AVG art. 6 lid 1 sub e (publieke taak: toezicht en handhaving, Woningwet, Huisvestingswet, "
                       "Gemeentewet art. 125); BRP-verstrekking op grond van de Wet BRP art. 3.3",
        "data_subjects": "Bewoners en ondernemers op adressen in de gemeente (alleen als aantallen per adres)",
        "data_categories": "Per adres: gebruiksdoel, oppervlakte, bouwjaar (BAG); vestigingen met SBI-code "
                           "(Handelsregister); aantal ingeschreven personen en verhuizingen in 12 maanden (BRP, geen "
                           "namen, geboortedata, BSN of nationaliteit); WOZ-waarde",
        "recipients": "Analisten van de eigen gemeente met de rol analist",
        "retention": "Elke nieuwe stand vervangt de vorige; bronbestanden worden privé bewaard met SHA-256",
        "security_measures": "MFA, toegang per rol, alles-of-niets-inlezing met herkomst (bestand, SHA-256, "
                             "peildatum), kolommen met persoonskenmerken worden geweigerd, verwerkingslog",
    },
]

SCORING_ACTIVITIES = [
    {
        "key": "irregularities.scoring",
        "module": "irregularities",
        "name": "Berekenen van signalen van onregelmatigheden op adressen (DOOK)",
        "purpose": "Adressen aanwijzen waar gegevens uit basisregistraties niet met elkaar kloppen (bijvoorbeeld "
                   "veel ingeschrevenen op weinig woonoppervlak, bewoning van een bedrijfspand), zodat een "
                   "bevoegde medewerker kan beoordelen of nader onderzoek of handhaving nodig is. De berekening "
                   "neemt geen besluit.",
        "legal_basis": "AVG art. 6 lid 1 sub e (publieke taak: toezicht en handhaving op grond van de Woningwet, "
                       "Huisvestingswet, Omgevingswet en de Wet BRP art. 2.34 (adresonderzoek))",
        "data_subjects": "Bewoners en gebruikers van adressen (alleen als aantallen), ondernemers met een vestiging",
        "data_categories": "Per adres: aantallen ingeschreven personen en verhuizingen (geen namen of andere "
                           "persoonsgegevens), oppervlakte en gebruiksdoelen (BAG), WOZ-waarde, SBI-codes van "
                           "vestigingen. Nooit nationaliteit, etniciteit, geboorteland, migratieachtergrond, naam, "
                           "taal of religie (afgedwongen door de lijst van toegestane invoer).",
        "recipients": "OOV-adviseurs/analisten van de eigen gemeente (adresniveau na opgave van een doel); "
                      "handhavers en bestuurders alleen geaggregeerd",
        "retention": "Signalen en berekeningen: zolang het signaal in behandeling is, uiterlijk 2 jaar na de "
                     "berekening; daarna alleen de geaggregeerde kaart",
        "security_measures": "Lijst van toegestane invoer met test, uitleg per kenmerk, menselijke beoordeling "
                             "van elk signaal, tenancy als één SQL-filter, verwerkingslog, algoritmeregister",
    },
]

ACTIVITIES = [*SOURCE_ACTIVITIES, *SCORING_ACTIVITIES, *REVIEW_ACTIVITIES]
