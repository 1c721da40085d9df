"""Core's own processing: shares and per-object roles of the collaboration model (ADR 13). The registry of
municipalities and data sources is open data; users are registered by `accounts`, the logs by `audit`."""

ACTIVITIES = [
    {
        "key": "core.delen",
        "module": "core",
        "name": "Delen van gegevens binnen samenwerkingen en toekennen van rollen per object",
        "purpose": "Gegevens van één object (dossier, casus, noodsteunpunt) delen met een gemeente, partnerorganisatie "
                   "of samenwerkingsverband, of een persoon een rol geven bij één object, met vastgelegd doel, "
                   "grondslag en einddatum.",
        "legal_basis": "De grondslag die bij elke deling is vastgelegd, o.a. Wet gegevensverwerking "
                       "samenwerkingsverbanden (WGS), AVG art. 6 lid 1 sub e, Wet veiligheidsregio's",
        "data_subjects": "Personen over wie het gedeelde object gegevens bevat; deelnemers aan een casus",
        "data_categories": "De gegevens van het gedeelde object; naam en rol van deelnemers",
        "recipients": "De gemeente, organisatie of samenwerking waarmee gedeeld is; deelnemers met een rol bij het object",
        "retention": "Als het gedeelde object; de registratie van de deling zelf blijft bewaard (nooit verwijderd)",
        "security_measures": "Eén SQL-filter per verzoek, einddatum en intrekking, verwerkingslog en beveiligingslog",
    },
]
