"""What a municipality starts with: the platforms list (copied into its own `Platform` rows the first time the meldpunt
is used there, then the municipality's to change) and the fixed kinds of harmful content with the Dutch criminal
provisions a notice names as its legal ground (DSA art. 16(2)(a): why the content is illegal)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# (code, label, address of the platform's DSA notice form). The addresses start empty on purpose: platforms move
# their forms, so the functioneel beheerder fills in the current one per municipality (shown to the handler).
PLATFORMS = [
    ("x", "X (Twitter)", ""),
    ("facebook", "Facebook", ""),
    ("instagram", "Instagram", ""),
    ("tiktok", "TikTok", ""),
    ("youtube", "YouTube", ""),
    ("telegram", "Telegram", ""),
    ("mastodon", "Mastodon (instantie van de account)", ""),
    ("website", "Website of forum", ""),
    ("overig", "Overig", ""),
]


class ContentKind(models.TextChoices):
    THREAT = "bedreiging", _("Bedreiging")
    CALL_TO_DISORDER = "oproep-ordeverstoring", _("Oproep tot ordeverstoring")
    DOXING = "doxing", _("Doxing (persoonsgegevens verspreiden om te intimideren)")
    INTIMIDATION = "intimidatie", _("Intimidatie")
    DISCRIMINATION = "discriminatie", _("Discriminatie")
    DISINFORMATION = "desinformatie", _("Desinformatie over een persoon (smaad of laster)")


# The legal ground a notice names for each kind (Wetboek van Strafrecht, Sr).
LEGAL_PROVISIONS = {
    ContentKind.THREAT: ["artikel 285 Wetboek van Strafrecht (bedreiging)"],
    ContentKind.CALL_TO_DISORDER: ["artikel 131 Wetboek van Strafrecht (opruiing)"],
    ContentKind.DOXING: ["artikel 285d Wetboek van Strafrecht (doxing)"],
    ContentKind.INTIMIDATION: ["artikel 284 Wetboek van Strafrecht (dwang)",
                               "artikel 285b Wetboek van Strafrecht (belaging)"],
    ContentKind.DISCRIMINATION: ["artikel 137c Wetboek van Strafrecht (groepsbelediging)",
                                 "artikel 137d Wetboek van Strafrecht (aanzetten tot haat, discriminatie of geweld)"],
    ContentKind.DISINFORMATION: ["artikel 261 Wetboek van Strafrecht (smaad)",
                                 "artikel 262 Wetboek van Strafrecht (laster)"],
}

# Kinds that are also an incident of aggression against the person (GIR): threat, doxing, intimidation.
THREAT_KINDS = {ContentKind.THREAT, ContentKind.DOXING, ContentKind.INTIMIDATION}
GIR_TYPE_FOR_KIND = {
    ContentKind.THREAT: "bedreiging",
    ContentKind.DOXING: "overige-intimidatie",
    ContentKind.INTIMIDATION: "overige-intimidatie",
}
