"""Processing activities of enforcement cases (handhavingstrajecten)."""

ACTIVITIES = [
    {
        "key": "enforcement.handhaving",
        "module": "enforcement",
        "name": "Handhavingstrajecten (bestuursrechtelijke handhaving)",
        "purpose": "Een mogelijke overtreding onderzoeken en zo nodig handhaven: intake, onderzoek, voornemen met "
                   "zienswijze, besluit en afsluiting, met bewijsstukken en termijnen.",
        "legal_basis": "AVG art. 6 lid 1 sub e (taak van algemeen belang: handhaving, Awb titel 5.1 en de "
                       "grondslag die het traject noemt, bijv. Woningwet, Huisvestingswet, Gemeentewet art. 125)",
        "data_subjects": "Bewoners, eigenaren en gebruikers van het betrokken adres of object",
        "data_categories": "Adres, onderbouwing, aantekeningen en bewijsstukken (foto's, PDF), status, termijnen, "
                           "eigenaar, gekoppelde signalen",
        "recipients": "Handhavers en analisten van de eigen gemeente met het recht op handhavingstrajecten",
        "retention": "Volgens de selectielijst gemeenten (handhavingsdossiers): in de regel 10 jaar na afsluiting",
        "security_measures": "MFA, rechten per rol, alleen eigen gemeente (één SQL-filter), bewijsstukken privé "
                             "opgeslagen met SHA-256, historie alleen toevoegen, verwerkingslog per inzage",
    },
]
