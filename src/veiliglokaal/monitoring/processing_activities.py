_COMMON = {
    "module": "monitoring",
    "legal_basis": "Gemeentewet art. 172 (handhaving openbare orde) en AVG art. 6 lid 1 sub e; alleen ongericht "
                   "monitoren van openbare bronnen onder een vastgelegd protocol, geen stelselmatig volgen van personen",
    "security_measures": "Protocol vooraf (vraag, grondslag, looptijd, bronnen, zoektermen, bewaartermijn, wie "
                         "resultaten ziet); afzenders alleen als sleutel-hash (HMAC), nergens getoond of doorzoekbaar; "
                         "geen zoekfunctie op personen; elke inzage in berichten in het verwerkingslog; verwijdering "
                         "na de bewaartermijn met verwijderverslag",
}

ACTIVITIES = [
    {
        **_COMMON,
        "key": "monitoring.verzamelen",
        "name": "Monitoring van openbare online bronnen (ordeverstoringen)",
        "purpose": "Een algemeen beeld vormen van online aangejaagde ordeverstoringen in de gemeente (oproepen tot "
                   "verzamelen, rellen, vuurwerk) om de openbare orde te handhaven.",
        "data_subjects": "Afzenders van openbare berichten op gemonitorde bronnen (RSS, Mastodon, Telegram, uploads)",
        "data_categories": "Tekst, tijdstip, adres en taal van openbare berichten; afzender alleen als pseudoniem",
        "recipients": "De rollen die het protocol noemt (standaard de OOV-adviseur / analist)",
        "retention": "Berichten standaard 30 dagen (per protocol, hoogstens 90), daarna verwijderd; alerts bevatten "
                     "alleen aantallen, plaats en onderwerp; een geüpload bestand wordt na verwerking verwijderd "
                     "(alleen naam, grootte en SHA-256 blijven)",
    },
    {
        **_COMMON,
        "key": "monitoring.inzien",
        "name": "Inzage in openbare berichten bij een alert",
        "purpose": "Een alert beoordelen (relevant of niet) aan de hand van de berichten die het veroorzaakten.",
        "data_subjects": "Afzenders van de getoonde berichten",
        "data_categories": "Tekst, tijdstip en adres van het bericht",
        "recipients": "De analist die de alert beoordeelt",
        "retention": "Zolang het bericht bewaard wordt (bewaartermijn van het protocol)",
    },
]
