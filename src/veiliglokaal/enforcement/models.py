"""Enforcement cases (handhavingstrajecten): the shared case machinery other modules reuse.

A case follows the declared workflow in `workflows.py`, names its legal basis, owner and deadlines, keeps an
append-only history, evidence (private files with SHA-256, or notes) and links to the objects that led to it.
Links are generic (content type + id), so DOOK signals today and, later, boa reports can be linked alike.
"""


from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from veiliglokaal.core.append_only import AppendOnlyModel, AppendOnlyTenantQuerySet
from veiliglokaal.core.storage import PrivateStorage, UploadPath
from veiliglokaal.core.tenancy import TenantQuerySet
from veiliglokaal.workflow.models import StateChange, WorkflowCase

from .legal_bases import LegalBasis
from .workflows import ENFORCEMENT


class EnforcementCase(WorkflowCase):
    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("onderwerp"), max_length=200)
    legal_basis = models.CharField(_("grondslag"), max_length=40, choices=LegalBasis.choices)
    legal_basis_detail = models.CharField(_("artikel of toelichting grondslag"), max_length=200, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("eigenaar"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)

    WORKFLOW = ENFORCEMENT
    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["deadline_at", "pk"]
        verbose_name = _("handhavingstraject")
        verbose_name_plural = _("handhavingstrajecten")

    @property
    def reference(self) -> str:
        return f"HH-{self.pk:06d}"

    def __str__(self):
        return self.reference


class EnforcementChange(StateChange):
    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="history")

    class Meta(StateChange.Meta):
        verbose_name = _("stap in handhavingstraject")


class CaseLink(models.Model):
    """An object that led to the case or belongs to it (a DOOK signal, later a boa report), by content type + id."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "content_type", "object_id"],
                                               name="enf_link_unique")]


def _evidence_storage():
    return PrivateStorage("handhaving")



class Evidence(AppendOnlyModel):
    """A file (photo, PDF) or a note added to a case. Append-only, like the history."""

    APPEND_ONLY_MESSAGE = "Bewijsstukken worden nooit gewijzigd of verwijderd."

    municipality = models.ForeignKey("core.Municipality", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(_("aantekening"), blank=True)
    file = models.FileField(storage=_evidence_storage, upload_to=UploadPath("bewijs"), max_length=200, blank=True)
    original_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    content_type = models.CharField(_("soort bestand"), max_length=50, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    objects = AppendOnlyTenantQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    @property
    def is_file(self) -> bool:
        return bool(self.file)

