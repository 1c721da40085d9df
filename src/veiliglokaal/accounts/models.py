"""Users, their memberships (user x municipality|organisation x role) and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiliglokaal.core.models import Municipality, Organisation, _exactly_one
from veiliglokaal.core.tenancy import TenantQuerySet

from .scopes import ORGANISATION_ROLES, Role


class User(AbstractUser):
    """A person who logs in. What they may see depends on their memberships, never on this row."""

    department = models.CharField(_("afdeling"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class MembershipQuerySet(TenantQuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today), is_active=True)


class Membership(models.Model):
    """A role of a user at exactly one municipality or one partner organisation (ADR 2, ADR 13)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="memberships", verbose_name=_("organisatie"))
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("actief"), default=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("aangemaakt door")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality", "role"], name="membership_unique_role"),
            models.UniqueConstraint(fields=["user", "organisation", "role"],
                                    name="membership_unique_organisation_role"),
            models.CheckConstraint(condition=_exactly_one("municipality", "organisation"),
                                   name="membership_exactly_one_of_municipality_or_organisation"),
            # Organisation users hold only the roles declared for organisations (scopes.ORGANISATION_ROLES).
            models.CheckConstraint(condition=Q(organisation__isnull=True) | Q(role__in=sorted(ORGANISATION_ROLES)),
                                   name="membership_organisation_roles"),
        ]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.municipality or self.organisation}"


class ApiTokenQuerySet(TenantQuerySet):
    def visibility_filter(self, tenant):
        return Q(user_id=tenant.user_id)  # a key is personal: only its owner sees it

    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A personal API key, bound to one municipality. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("omschrijving"), max_length=100)
    prefix = models.CharField(_("begin van de sleutel"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return secrets.token_urlsafe(32)


def demo_mode() -> bool:
    return bool(getattr(settings, "DEMO_MODE", False))


from .models_grants import GrantStatus, RoleGrantRequest  # noqa: E402,F401  (four-eyes role grants, own file)
from .models_login import LoginBackoff  # noqa: E402,F401  (per-account log-in back-off, own file)
