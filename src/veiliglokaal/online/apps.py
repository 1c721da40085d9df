from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineConfig(AppConfig):
    name = "veiliglokaal.online"
    label = "online"
    verbose_name = _("Meldpunt schadelijke online inhoud")

    def ready(self):
        from veiliglokaal.audit import seals

        from . import notifications  # noqa: F401  (connect the workflow signal receiver)
        from .notice import verify_sent

        seals.register("verstuurde DSA-notices", verify_sent)
