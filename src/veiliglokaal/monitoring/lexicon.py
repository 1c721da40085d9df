"""The default Dutch mobilisation lexicon, as data. Each municipality gets a copy it can extend or switch off
(`TopicTerm`). Topics are what an alert is about; terms are normalised and matched by `matching.Matcher`
(topic terms of 5+ letters also match as head or tail of a compound: "vuurwerk" in "vuurwerkbommen").

Sources of the choice: the Handreiking online monitoring openbare orde (2023) describes online-driven disorder as
calls to gather at a time and place, calls to riot, and (around New Year) fireworks; the terms below are the words
such calls use. Terms that are ordinary words in other senses (e.g. "me" for the riot police) are left out.
"""

DEFAULT_LEXICON: dict[str, list[str]] = {
    "oproep tot verzamelen": [
        "verzamelen", "verzamel", "iedereen naar", "allemaal naar", "allen naar", "kom allemaal", "komt allen",
        "kom ook", "zeg het voort", "zegt het voort", "delen delen", "massaal", "opkomen", "opkomst",
        "samenkomen", "afspreken bij", "we zien elkaar", "laat je zien", "mobiliseren", "wees erbij",
    ],
    "tijdstip": [
        "vanavond", "vannacht", "morgenavond", "morgennacht", "zaterdagavond", "vrijdagavond", "om middernacht",
        "na de wedstrijd", "oudejaarsavond", "oud en nieuw", "jaarwisseling",
    ],
    "rellen": [
        "rellen", "rel", "relschoppers", "ongeregeldheden", "rammen", "slopen", "stenen gooien", "molotov",
        "in de fik", "fik erin", "brand stichten", "politie aanvallen", "mobiele eenheid", "herrie schoppen",
        "plunderen", "bekogelen", "opstootje", "knokken",
    ],
    "vuurwerk": [
        "vuurwerk", "cobra", "nitraat", "knalvuurwerk", "carbid", "mortier", "mortieren", "shells", "strijker",
        "strijkers", "vuurwerkbom", "explosief", "explosieven", "lawinepijl",
    ],
    "protest": [
        "demonstratie", "demonstreren", "protest", "protesteren", "blokkade", "blokkeren", "betoging", "spandoek",
    ],
}


def default_terms() -> list[tuple[str, str]]:
    return [(topic, term) for topic, terms in DEFAULT_LEXICON.items() for term in terms]
