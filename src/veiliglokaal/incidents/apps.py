from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "veiliglokaal.incidents"
    label = "incidents"
    verbose_name = _("Agressie en geweld (GIR)")

    def ready(self):
        from . import notifications  # noqa: F401  (connects the workflow signal receivers)
