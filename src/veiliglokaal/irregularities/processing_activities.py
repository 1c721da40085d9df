"""Processing activities of DOOK (irregularities). Loading the registers is declared here; scoring and review
add their own entries."""

ACTIVITIES = [
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
