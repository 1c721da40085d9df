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

from .models import ApiToken, GrantStatus, Membership, RoleGrantRequest, User
from .scopes import Role, Scope, grantable_roles, needs_four_eyes

USER_ADMIN_ACTIVITY = "accounts.gebruikersbeheer"


def _require(tenant: Tenant, scope: str) -> None:
    if tenant is None or not tenant.has_scope(scope):
        raise PermissionDenied(_("U heeft geen recht op deze handeling."))


def _log_user_processing(tenant: Tenant, name: str, user: User) -> None:
    log_processing(activity=USER_ADMIN_ACTIVITY, name=name, subject_type="gebruiker", subject_id=user.pk,
                   municipality_id=tenant.municipality_id, actor_id=tenant.user_id)


def create_user(tenant: Tenant, *, username: str, first_name: str, last_name: str, email: str,
                department: str, role: str, invite_base_url: str = "") -> User:
    """Create a user in the admin's own municipality and mail them a link to set their password."""
    _require(tenant, Scope.MEMBERS_MANAGE)
    if role not in grantable_roles(tenant.roles) or needs_four_eyes(role):
        raise ValidationError({"role": _("Geef een nieuwe gebruiker eerst een gewone rol; deze rol vraagt u daarna "
                                         "aan, waarna een tweede beheerder goedkeurt.")})
    from .forms import username_validator

    try:
        username_validator(username)  # also for callers other than the form: no markup or control characters
    except ValidationError as error:
        raise ValidationError({"username": error.messages}) from None
    if User.objects.filter(username__iexact=username).exists():
        # Neutral: the name is global, so "in use" would tell an admin which names other municipalities have.
        # The refusal is logged, so probing for names shows up in the security log.
        from veiliglokaal.audit.models import SecurityResult

        log_security(SecurityAction.USER_CREATED, result=SecurityResult.DENIED, user=User(pk=tenant.user_id),
                     object_type="gebruiker", municipality_id=tenant.municipality_id,
                     detail={"reden": "gebruikersnaam niet beschikbaar"})
        raise ValidationError({"username": _("Deze gebruikersnaam kan niet worden gebruikt. Kies een andere.")})
    with transaction.atomic():
        return _create_user(tenant, username=username, first_name=first_name, last_name=last_name, email=email,
                            department=department, role=role, invite_base_url=invite_base_url)


def _create_user(tenant, *, username, first_name, last_name, email, department, role, invite_base_url) -> User:
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


def _log_grant(tenant: Tenant, user_id: int, role: str, change: str, result=None, **detail) -> None:
    from veiliglokaal.audit.models import SecurityResult

    log_security(SecurityAction.PERMISSION_CHANGED, result=result or SecurityResult.SUCCESS, user=User(pk=tenant.user_id),
                 object_type="gebruiker", object_id=user_id, municipality_id=tenant.municipality_id,
                 detail={"rol": role, "wijziging": change, **detail})


def _check_grant(tenant: Tenant, user: User, role: str) -> None:
    """The rules every grant and grant request obeys; a refusal is security-logged."""
    from veiliglokaal.audit.models import SecurityResult

    _require(tenant, Scope.MEMBERS_MANAGE)
    if role not in Role.values:
        raise ValidationError({"role": _("Onbekende rol.")})
    if user.pk == tenant.user_id:
        _log_grant(tenant, user.pk, role, "geweigerd: eigen account", SecurityResult.DENIED)
        raise PermissionDenied(_("U kunt uzelf geen rol geven. Vraag een andere beheerder."))
    if role not in grantable_roles(tenant.roles):
        _log_grant(tenant, user.pk, role, "geweigerd: rol niet toekenbaar", SecurityResult.DENIED)
        raise PermissionDenied(_("U mag deze rol niet toekennen."))
    if not Membership.objects.for_tenant(tenant).filter(user=user).exists():
        # Only users who already belong to this municipality; others are not visible here.
        raise PermissionDenied(_("Deze gebruiker hoort niet bij uw gemeente."))


def _add_membership(tenant: Tenant, user: User, role: str, granted_by_id: int) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, municipality_id=tenant.municipality_id, role=role, defaults={"created_by_id": granted_by_id},
    )
    if not created and not membership.is_active:
        Membership.objects.filter(pk=membership.pk).update(is_active=True)
    return membership


def grant_role(tenant: Tenant, user: User, role: str) -> Membership:
    """Grant a role that needs no second person. Roles in `FOUR_EYES_ROLES` go through `request_role_grant`.
    The checks run (and refusals are logged) before the write transaction, so a refusal stays in the log."""
    _check_grant(tenant, user, role)
    if needs_four_eyes(role):
        raise ValidationError({"role": _("Voor deze rol is goedkeuring door een tweede beheerder nodig.")})
    with transaction.atomic():
        membership = _add_membership(tenant, user, role, tenant.user_id)
        _log_user_processing(tenant, "rol toegekend", user)
        _log_grant(tenant, user.pk, role, "toegekend")
    return membership


def request_role_grant(tenant: Tenant, user: User, role: str, reason: str = "") -> RoleGrantRequest:
    """Record a request for a four-eyes role; another admin of the municipality must approve it."""
    _check_grant(tenant, user, role)
    with transaction.atomic():
        return _record_request(tenant, user, role, reason)


def _record_request(tenant: Tenant, user: User, role: str, reason: str) -> RoleGrantRequest:
    if not needs_four_eyes(role):
        raise ValidationError({"role": _("Deze rol kunt u direct toekennen.")})
    if Membership.objects.for_tenant(tenant).active().filter(user=user, role=role).exists():
        raise ValidationError({"role": _("Deze gebruiker heeft deze rol al.")})
    if RoleGrantRequest.objects.for_tenant(tenant).filter(user=user, role=role, status=GrantStatus.PENDING).exists():
        raise ValidationError({"role": _("Er is al een aanvraag voor deze rol die op goedkeuring wacht.")})
    grant_request = RoleGrantRequest.objects.create(municipality_id=tenant.municipality_id, user=user, role=role,
                                                    reason=reason, requested_by_id=tenant.user_id)
    _log_user_processing(tenant, "rol aangevraagd", user)
    _log_grant(tenant, user.pk, role, "aangevraagd", aanvraag=grant_request.pk)
    return grant_request


class ReauthenticationFailed(ValidationError):
    pass


def _reauthenticate(approver: User, password: str, token: str) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not password or not approver.check_password(password):
        return False
    digits = "".join(ch for ch in (token or "") if ch.isdigit())
    device = TOTPDevice.objects.devices_for_user(approver, confirmed=True).first()
    return bool(device and digits and device.verify_token(digits))


def decide_role_grant(tenant: Tenant, request_id: int, *, approve: bool, password: str = "",
                      token: str = "") -> RoleGrantRequest:
    """Approve (with password and current TOTP code) or reject a pending request of the same municipality.
    Neither the requester nor the subject of the request may decide it."""
    from veiliglokaal.audit.models import SecurityResult

    _require(tenant, Scope.MEMBERS_MANAGE)
    with transaction.atomic():
        grant_request = (RoleGrantRequest.objects.for_tenant(tenant).select_for_update()
                         .select_related("user").get(pk=request_id))
        if grant_request.status != GrantStatus.PENDING:
            raise ValidationError(_("Over deze aanvraag is al beslist."))
        if tenant.user_id in (grant_request.requested_by_id, grant_request.user_id):
            denied = "geweigerd: eigen aanvraag"
        elif grant_request.role not in grantable_roles(tenant.roles):
            denied = "geweigerd: rol niet toekenbaar"
        else:
            denied = ""
        failed = bool(not denied and approve
                      and not _reauthenticate(User.objects.get(pk=tenant.user_id), password, token))
        if not denied and not failed:
            grant_request.status = GrantStatus.APPROVED if approve else GrantStatus.REJECTED
            grant_request.decided_by_id, grant_request.decided_at = tenant.user_id, timezone.now()
            grant_request.save(update_fields=["status", "decided_by", "decided_at"])
            if approve:
                _add_membership(tenant, grant_request.user, grant_request.role, grant_request.requested_by_id)
                _log_user_processing(tenant, "rol toegekend", grant_request.user)
            _log_grant(tenant, grant_request.user_id, grant_request.role,
                       "goedgekeurd en toegekend" if approve else "afgewezen", aanvraag=grant_request.pk,
                       aangevraagd_door=grant_request.requested_by_id)
    if denied:  # logged outside the block above, so the refusal is kept
        _log_grant(tenant, grant_request.user_id, grant_request.role, denied, SecurityResult.DENIED,
                   aanvraag=grant_request.pk)
        if denied == "geweigerd: eigen aanvraag":
            raise PermissionDenied(_("Een aanvraag die u zelf deed of die over uzelf gaat, beoordeelt een andere beheerder."))
        raise PermissionDenied(_("U mag deze rol niet toekennen."))
    if failed:  # logged in its own transaction, so the failure is kept
        _log_grant(tenant, grant_request.user_id, grant_request.role, "goedkeuring mislukt: herauthenticatie",
                   SecurityResult.FAILURE, aanvraag=grant_request.pk)
        raise ReauthenticationFailed(_("Wachtwoord of code klopt niet. Probeer het opnieuw met een nieuwe code."))
    return grant_request


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
