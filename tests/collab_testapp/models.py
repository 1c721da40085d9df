"""Test-only concrete models on `core.ownership.Owned` (installed only in the test settings)."""

from django.db import models
from django.db.models import Q

from veiliglokaal.core.ownership import Owned, OwnedQuerySet


class SharedDossierQuerySet(OwnedQuerySet):
    def visibility_filter(self, tenant):
        """Narrowing by the acting party, as a module would narrow by role: confidential dossiers are never
        shown to a tenant acting for an organisation."""
        return Q() if tenant.organisation_id is None else Q(confidential=False)


class DossierRole(models.TextChoices):
    PARTICIPANT = "participant", "Deelnemer"
    PROCESS_DIRECTOR = "process_director", "Procesregisseur"


class SharedDossier(Owned):
    """Like an unrest dossier or a noodsteunpunt: members of the owner collaboration see it."""

    title = models.CharField(max_length=100)
    confidential = models.BooleanField(default=False)
    object_roles = DossierRole

    objects = SharedDossierQuerySet.as_manager()

    class Meta(Owned.Meta):
        app_label = "collab_testapp"
        ordering = ["title"]


class CaseFile(Owned):
    """Like a case in a Zorg- en Veiligheidshuis: being in the partnership alone grants nothing."""

    collaboration_membership_grants_access = False
    object_roles = DossierRole

    title = models.CharField(max_length=100)

    class Meta(Owned.Meta):
        app_label = "collab_testapp"
        ordering = ["title"]
