from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Synthetic demo data and generators. Installed by the local and test settings only, never in production."""

    name = "veiliglokaal.demo"
    label = "demo"
    verbose_name = _("Synthetische demodata")
