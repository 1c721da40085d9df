"""Processing activities of the audit module itself."""

ACTIVITIES = [
    {
        "key": "audit.logboek",
        "module": "audit",
        "name": "Verantwoording van verwerkingen en beveiligingsgebeurtenissen",
        "purpose": "Aantonen welke persoonsgegevens door wie, wanneer en waarvoor zijn verwerkt (AVG art. 5 lid 2), "
                   "en beveiligingsincidenten kunnen onderzoeken (BIO).",
        "legal_basis": "AVG art. 6 lid 1 sub c (wettelijke verplichting: AVG art. 5 lid 2, art. 30 en art. 32)",
        "data_subjects": "Medewerkers en andere gebruikers van Veilig Lokaal; betrokkenen in andere verwerkingen "
                         "(alleen gepseudonimiseerd)",
        "data_categories": "Gebruikers-id, gebruikersnaam, IP-adres, tijdstip, handeling, gepseudonimiseerd "
                           "kenmerk van de betrokkene",
        "recipients": "Functioneel beheerder en privacy officer van de eigen gemeente",
        "retention": "Verwerkingslog en beveiligingslog: 7 jaar",
        "security_measures": "Alleen toevoegen; hashketen met sleutel; controle met manage.py verify_audit",
    },
]
