ACTIVITIES = [
    {
        "key": "accounts.gebruikersbeheer",
        "module": "accounts",
        "name": "Beheer van gebruikers, rollen en toegang",
        "purpose": "Medewerkers en bestuurders toegang geven tot Veilig Lokaal met de rechten die bij hun taak horen.",
        "legal_basis": "AVG art. 6 lid 1 sub e (taak van algemeen belang) en sub c (BIO: toegangsbeheer)",
        "data_subjects": "Medewerkers, bestuurders en andere gebruikers van de gemeente",
        "data_categories": "Naam, gebruikersnaam, e-mailadres, afdeling, rollen, tweede-factorsleutel (versleuteld)",
        "recipients": "Functioneel beheerder van de eigen gemeente",
        "retention": "Tot 1 jaar na beëindiging van het laatste lidmaatschap",
        "security_measures": "MFA, inlogbeperking, sessieverloop, beveiligingslog",
    },
]
