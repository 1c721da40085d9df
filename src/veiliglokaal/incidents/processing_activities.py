_COMMON = {
    "module": "incidents",
    "legal_basis": "AVG art. 6 lid 1 sub c (Arbowet art. 3 lid 2: beleid tegen agressie en geweld) en sub e; "
                   "gezondheidsgegevens (letsel, verzuim): AVG art. 9 lid 2 sub b",
    "security_measures": "MFA, zichtbaarheid per rol (eigen, afdeling, coördinator), omschrijving desgewenst "
                         "afgeschermd voor de leidinggevende, bijlagen privé opgeslagen met SHA-256, verwerkingslog",
}

ACTIVITIES = [
    {
        **_COMMON,
        "key": "incidents.registratie",
        "name": "Registratie van incidenten van agressie en geweld (GIR)",
        "purpose": "Incidenten tegen medewerkers en ambtsdragers registreren als startsignaal voor nazorg en "
                   "maatregelen, en voor beleid op basis van aard en omvang.",
        "data_subjects": "Medewerkers en ambtsdragers die een incident meemaakten, melders, getuigen",
        "data_categories": "Naam, functie, afdeling, tijdstip en plaats, omschrijving, letsel en verzuim, schade, "
                           "getuigen, bijlagen (foto's, schermafbeeldingen)",
        "recipients": "De getroffene en melder, de leidinggevende van de afdeling, de coördinator agressie en geweld",
        "retention": "Standaard 5 jaar na het incident (per gemeente in te stellen), daarna geanonimiseerd",
    },
    {
        **_COMMON,
        "key": "incidents.nazorg",
        "name": "Nazorg en maatregelen na agressie en geweld",
        "purpose": "De getroffene nazorg bieden en maatregelen tegen de veroorzaker nemen (gesprek, "
                   "waarschuwingsbrief, toegangsverbod, aangifte, schadeverhaal).",
        "data_subjects": "Getroffenen, eigenaren van nazorg en maatregelen",
        "data_categories": "Status, eigenaar, termijnen, uitkomst en toelichting van elke stap",
        "recipients": "Leidinggevende van de afdeling, coördinator agressie en geweld; politie bij aangifte",
        "retention": "Zolang de melding bewaard wordt",
    },
    {
        **_COMMON,
        "key": "incidents.veroorzakers",
        "name": "Gegevens van veroorzakers van agressie en geweld",
        "purpose": "Maatregelen tegen de veroorzaker nemen en herhaling herkennen (sanctiebeleid).",
        "legal_basis": "AVG art. 6 lid 1 sub e en f; strafrechtelijke gegevens: UAVG art. 33 lid 2 (eigen "
                       "organisatie beschermen), alleen onder voorwaarden en alleen zichtbaar voor de coördinator",
        "data_subjects": "Veroorzakers (burgers, klanten, bezoekers)",
        "data_categories": "Naam, kenmerk (bijv. klantnummer), signalement",
        "recipients": "Alleen de coördinator agressie en geweld; politie bij aangifte",
        "retention": "Zolang de melding bewaard wordt",
    },
]
