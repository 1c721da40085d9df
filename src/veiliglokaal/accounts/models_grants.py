"""Four-eyes role grants: a request recorded by one admin, decided by another admin of the same municipality.

Kept apart from `models.py` (users, memberships) so the grant machinery stays one section; `models.py` imports it
so Django finds the model. Which roles need a request is declared in `scopes.FOUR_EYES_ROLES`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiliglokaal.core.models import Municipality
from veiliglokaal.core.tenancy import TenantQuerySet

from .scopes import Role


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("wacht op goedkeuring")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")


class RoleGrantRequest(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="role_grant_requests",
                             verbose_name=_("gebruiker"))
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    reason = models.TextField(_("reden"), blank=True)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("aangevraagd door"))
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("beslist door"))
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user", "role"], condition=models.Q(status="pending"),
                                    name="role_grant_one_pending"),
        ]
        verbose_name = _("aanvraag voor een rol")
        verbose_name_plural = _("aanvragen voor rollen")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.get_status_display()})"
