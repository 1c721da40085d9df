"""Processing activities of DOOK (irregularities). Each helper keeps its own list; ACTIVITIES joins them."""

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

ACTIVITIES = [*SCORING_ACTIVITIES]
