from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IrregularitiesConfig(AppConfig):
    name = "veiliglokaal.irregularities"
    label = "irregularities"
    verbose_name = _("Onregelmatigheden op de kaart (DOOK)")
