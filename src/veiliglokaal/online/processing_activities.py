_COMMON = {
    "module": "online",
    "legal_basis": "AVG art. 6 lid 1 sub e (publieke taak: bescherming van ambtsdragers en medewerkers, "
                   "Gemeentewet art. 172 openbare orde) en sub c (Arbowet art. 3 lid 2); strafrechtelijke gegevens "
                   "(bedreiging, doxing): UAVG art. 33 lid 2 (eigen organisatie en medewerkers beschermen)",
    "security_measures": "MFA, zichtbaarheid per rol (melder en betrokkene zien hun eigen meldingen, behandelaars "
                         "alle meldingen van de gemeente), bewijs privé opgeslagen met SHA-256 en een "
                         "bewijsketen (elke upload, download en kopie vastgelegd), notices onveranderlijk bewaard, "
                         "verwerkingslog",
}

ACTIVITIES = [
    {
        **_COMMON,
        "key": "online.meldpunt",
        "name": "Meldpunt schadelijke online inhoud tegen ambtsdragers",
        "purpose": "Schadelijke of onrechtmatige online inhoud (bedreiging, oproep tot ordeverstoring, doxing, "
                   "intimidatie, discriminatie, desinformatie over een persoon) tegen ambtsdragers en medewerkers "
                   "registreren, beoordelen en laten verwijderen; bij bedreiging ook registreren als incident (GIR).",
        "data_subjects": "Ambtsdragers en medewerkers tegen wie de inhoud gericht is, melders, de plaatsers van de "
                         "inhoud (zoals zichtbaar in URL's en bewijs)",
        "data_categories": "Naam en functie van de betrokkene, URL's, platform, soort inhoud, toelichting, "
                           "beoordeling, bewijs (schermafbeeldingen, PDF, opgeslagen webpagina's) met SHA-256 en "
                           "tijdstippen, bewijsketen",
        "recipients": "Melder en betrokkene, behandelaars van het meldpunt (OOV-adviseur, coördinator); GIR bij "
                      "bedreiging",
        "retention": "Tot 24 maanden na afsluiten (instelling ONLINE_RETENTION_MONTHS), daarna verwijderd met "
                     "verwijderverslag",
    },
    {
        **_COMMON,
        "key": "online.notices",
        "name": "Notices aan platforms (art. 16 Digital Services Act)",
        "purpose": "Het platform verzoeken illegale inhoud te verwijderen of ontoegankelijk te maken, met de "
                   "elementen die art. 16 lid 2 DSA vraagt.",
        "data_subjects": "Behandelaar die de notice verstuurt (naam, e-mail), betrokkene (alleen functie)",
        "data_categories": "Naam en e-mailadres van de melder namens de gemeente, URL's, onderbouwing, hashes van "
                           "het bewijs",
        "recipients": "Het platform (hostingdienst) waarop de inhoud staat",
        "retention": "Zolang de melding bewaard wordt",
    },
]
