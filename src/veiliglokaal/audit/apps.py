from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "veiliglokaal.audit"
    label = "audit"
    verbose_name = _("Verantwoording: verwerkingslog, beveiligingslog, verwerkingsregister")

    def ready(self):
        from .register import sync_register

        post_migrate.connect(lambda sender, **kw: sync_register(), sender=self, weak=False,
                             dispatch_uid="audit-sync-register")
