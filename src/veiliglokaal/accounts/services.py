"""The only write path for users, memberships, MFA enrolment and API tokens."""

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from veiliglokaal.audit.models import SecurityAction
from veiliglokaal.audit.services import log_processing, log_security
from veiliglokaal.core.tenancy import Tenant

from .models import ApiToken, Membership, User
from .scopes import Role, Scope

USER_ADMIN_ACTIVITY = "accounts.gebruikersbeheer"


def _require(tenant: Tenant, scope: str) -> None:
    if tenant is None or not tenant.has_scope(scope):
        raise PermissionDenied(_("U heeft geen recht op deze handeling."))


def _log_user_processing(tenant: Tenant, name: str, user: User) -> None:
    log_processing(activity=USER_ADMIN_ACTIVITY, name=name, subject_type="gebruiker", subject_id=user.pk,
                   municipality_id=tenant.municipality_id, actor_id=tenant.user_id)


@transaction.atomic
def create_user(tenant: Tenant, *, username: str, first_name: str, last_name: str, email: str,
                department: str, role: str, invite_base_url: str = "") -> User:
    """Create a user in the admin's own municipality and mail them a link to set their password."""
    _require(tenant, Scope.MEMBERS_MANAGE)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Deze gebruikersnaam is al in gebruik. Kies een andere.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, department=department)
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, municipality_id=tenant.municipality_id, role=role, created_by_id=tenant.user_id)
    _log_user_processing(tenant, "gebruiker aangemaakt", user)
    log_security(SecurityAction.USER_CREATED, user=User(pk=tenant.user_id), object_type="gebruiker",
                 object_id=user.pk, municipality_id=tenant.municipality_id, detail={"rol": role})
    if email:
        transaction.on_commit(lambda: _send_invitation(user, invite_base_url))
    return user


def _send_invitation(user: User, base_url: str) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = base_url.rstrip("/") + reverse("accounts:set-password", args=[uid, token])
    send_mail(
        _("Uw account voor Veilig Lokaal"),
        _("Er is een account voor u aangemaakt. Stel uw wachtwoord in via: %(link)s") % {"link": link},
        None, [user.email],
    )


@transaction.atomic
def grant_role(tenant: Tenant, user: User, role: str) -> Membership:
    _require(tenant, Scope.MEMBERS_MANAGE)
    if role not in Role.values:
        raise ValidationError({"role": _("Onbekende rol.")})
    if not Membership.objects.for_tenant(tenant).filter(user=user).exists():
        # Only users who already belong to this municipality; others are not visible here.
        raise PermissionDenied(_("Deze gebruiker hoort niet bij uw gemeente."))
    membership, created = Membership.objects.get_or_create(
        user=user, municipality_id=tenant.municipality_id, role=role,
        defaults={"created_by_id": tenant.user_id},
    )
    if not created and not membership.is_active:
        Membership.objects.filter(pk=membership.pk).update(is_active=True)
    _log_user_processing(tenant, "rol toegekend", user)
    log_security(SecurityAction.PERMISSION_CHANGED, user=User(pk=tenant.user_id), object_type="gebruiker",
                 object_id=user.pk, municipality_id=tenant.municipality_id, detail={"rol": role, "wijziging": "toegekend"})
    return membership


@transaction.atomic
def revoke_role(tenant: Tenant, membership_id: int) -> None:
    _require(tenant, Scope.MEMBERS_MANAGE)
    membership = Membership.objects.for_tenant(tenant).select_related("user").get(pk=membership_id)
    if membership.user_id == tenant.user_id and membership.role == Role.ADMIN:
        raise ValidationError(_("U kunt uw eigen beheerdersrol niet intrekken; vraag een andere beheerder."))
    membership.delete()
    _log_user_processing(tenant, "rol ingetrokken", membership.user)
    log_security(SecurityAction.PERMISSION_CHANGED, user=User(pk=tenant.user_id), object_type="gebruiker",
                 object_id=membership.user_id, municipality_id=tenant.municipality_id,
                 detail={"rol": membership.role, "wijziging": "ingetrokken"})


@dataclass
class IssuedToken:
    token: ApiToken
    key: str  # shown once, never stored


@transaction.atomic
def issue_api_token(tenant: Tenant, user: User, name: str, days_valid: int = 90) -> IssuedToken:
    _require(tenant, Scope.API_TOKENS)
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, municipality_id=tenant.municipality_id, name=name, prefix=key[:8],
        key_hash=ApiToken.hash_key(key), expires_at=timezone.now() + timezone.timedelta(days=days_valid),
    )
    log_security(SecurityAction.TOKEN_CREATED, user=user, object_type="api-sleutel", object_id=token.pk,
                 municipality_id=tenant.municipality_id)
    return IssuedToken(token=token, key=key)


@transaction.atomic
def revoke_api_token(tenant: Tenant, user: User, token_id: int) -> None:
    token = ApiToken.objects.for_tenant(tenant).get(pk=token_id, user=user)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    log_security(SecurityAction.TOKEN_REVOKED, user=user, object_type="api-sleutel", object_id=token.pk,
                 municipality_id=tenant.municipality_id)


def confirm_mfa_device(user: User, device) -> None:
    """The first right code confirms the pending TOTP device: MFA enrolment, a security-log event."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_security(SecurityAction.MFA_ENROLLED, user=user, object_type="gebruiker", object_id=user.pk)
