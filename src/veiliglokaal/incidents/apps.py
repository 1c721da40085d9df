from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "veiliglokaal.incidents"
    label = "incidents"
    verbose_name = _("Agressie en geweld (GIR)")

    def ready(self):
        from . import notifications, reminders  # noqa: F401  (connect the workflow signal receivers)
