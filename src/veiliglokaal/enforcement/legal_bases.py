"""Legal bases an enforcement case can rest on. Declared as data; a case always names one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    HOUSING_ACT = "woningwet", _("Woningwet (o.a. art. 1a, 1b: bouwwerk en gebruik)")
    HOUSING_ALLOCATION = "huisvestingswet", _("Huisvestingswet 2014 (omzetting, woningvorming, kamerverhuur)")
    ENVIRONMENT_ACT = "omgevingswet", _("Omgevingswet (gebruik in strijd met het omgevingsplan)")
    ADMINISTRATIVE_COERCION = "gemeentewet_125", _("Gemeentewet art. 125 (last onder bestuursdwang/dwangsom)")
    OPIUM_ACT = "opiumwet_13b", _("Opiumwet art. 13b (sluiting drugspand)")
    BIBOB = "wet_bibob", _("Wet Bibob (integriteitsbeoordeling)")
    LOCAL_BYLAW = "apv", _("Algemene plaatselijke verordening (APV)")
    BRP_ACT = "wet_brp", _("Wet BRP (adresonderzoek, onjuiste inschrijving)")
