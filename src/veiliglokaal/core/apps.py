from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "veiliglokaal.core"
    label = "core"
    verbose_name = _("Kern: gemeenten en gebieden")

    def ready(self):
        from django.core import checks

        from .ownership import check_owned_models

        checks.register(check_owned_models)
