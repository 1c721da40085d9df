"""The column mapping a municipality chose for one importer, reused for its next file of that kind."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import TenantQuerySet


class ColumnMapping(models.Model):
    """Target field → column of the file, per municipality and importer key (e.g. `dook.bag_csv`, `gir`)."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    importer = models.CharField(_("importeur"), max_length=60)
    mapping = models.JSONField(_("koppeling"), default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "importer"], name="core_one_mapping_per_importer")]
        verbose_name = _("kolomkoppeling")
        verbose_name_plural = _("kolomkoppelingen")

    def __str__(self):
        return f"{self.importer} ({self.municipality_id})"
