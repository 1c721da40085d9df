"""The defaults a municipality starts with (Arbocatalogus / Monitor Integriteit en Veiligheid).

They are copied into the municipality's own configuration (`IncidentOption`) the first time GIR is used there;
from then on the municipality changes its own list. Codes are stable keys (used by the API and in overviews).
"""

TYPES = [
    ("verbaal-geweld", "Verbaal geweld (schelden, beledigen)"),
    ("bedreiging", "Bedreiging"),
    ("overige-intimidatie", "Overige intimidatie (waaronder stalking en doxing)"),
    ("fysiek-geweld", "Fysiek geweld (slaan, duwen, spugen, vastgrijpen, gooien met voorwerpen)"),
    ("seksuele-intimidatie", "Seksuele intimidatie"),
    ("discriminatie", "Discriminatie"),
    ("vernieling", "Vernieling of zaakschade"),
]

LOCATIONS = [
    ("balie", "Aan de balie"),
    ("telefoon", "Telefonisch"),
    ("e-mail", "Per e-mail"),
    ("brief", "Per brief"),
    ("sociale-media", "Op sociale media"),
    ("buitendienst", "In het veld of de openbare ruimte"),
    ("thuis", "Thuis (privéadres)"),
    ("raadsvergadering", "Tijdens een raadsvergadering"),
    ("overig", "Elders"),
]

VICTIM_ROLES = [
    ("baliemedewerker", "Baliemedewerker"),
    ("handhaver", "Handhaver / boa"),
    ("sociaal-domein", "Medewerker sociaal domein"),
    ("overige-medewerker", "Overige medewerker"),
    ("raadslid", "Raadslid"),
    ("wethouder", "Wethouder"),
    ("burgemeester", "Burgemeester"),
    ("griffier", "Griffier"),
]

# (code, label, online): an online channel asks for the platform.
CHANNELS = [
    ("face-to-face", "Face-to-face", False),
    ("telefoon", "Telefoon", False),
    ("e-mail", "E-mail", True),
    ("brief", "Brief", False),
    ("sociale-media", "Sociale media", True),
    ("overig-online", "Overig online (website, app, forum)", True),
]

RETENTION_YEARS = 5
