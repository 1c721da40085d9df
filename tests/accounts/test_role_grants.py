"""Who may grant which role: declared in `scopes.py`; nobody grants themselves a role; admin-level, national,
privacy and offender-data roles need a second admin of the same municipality (four eyes) who re-authenticates
with password and current TOTP code; every step is in the security log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiliglokaal.accounts import services
from veiliglokaal.accounts.models import GrantStatus, RoleGrantRequest
from veiliglokaal.accounts.scopes import FOUR_EYES_ROLES, GRANTABLE_ROLES, Role, grantable_roles
from veiliglokaal.audit.models import SecurityAction, SecurityEvent, SecurityResult

from tests.conftest import PASSWORD, logged_in_client, make_user

pytestmark = pytest.mark.django_db


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


@pytest.fixture
def admins(municipality_a):
    first, second = make_user("beheerder-1", municipality_a, Role.ADMIN), make_user("beheerder-2", municipality_a, Role.ADMIN)
    return first, second, logged_in_client(first, municipality_a), logged_in_client(second, municipality_a)


@pytest.fixture
def member(municipality_a):
    return make_user("medewerker", municipality_a, Role.EMPLOYEE)


def _grants(change):
    return SecurityEvent.objects.filter(action=SecurityAction.PERMISSION_CHANGED, detail__wijziging=change)


def test_grant_rules_are_declared():
    assert FOUR_EYES_ROLES == {Role.ADMIN, Role.NATIONAL_ANALYST, Role.PRIVACY_OFFICER, Role.COORDINATOR}
    assert set(GRANTABLE_ROLES) == {Role.ADMIN}  # only the functioneel beheerder grants roles
    assert grantable_roles([Role.COORDINATOR, Role.PRIVACY_OFFICER]) == frozenset()


@pytest.mark.parametrize("role", sorted(FOUR_EYES_ROLES))
def test_four_eyes_role_is_not_granted_directly_but_requested(admins, member, role):
    first, _, client, _ = admins
    client.post(f"/beheer/gebruikers/{member.pk}/rol-toevoegen", {"role": role, "reason": "nieuwe taak"})
    assert not member.memberships.filter(role=role).exists()
    request = RoleGrantRequest.objects.get(user=member, role=role)
    assert request.status == GrantStatus.PENDING and request.requested_by == first
    assert _grants("aangevraagd").filter(actor_id=first.pk, object_id=str(member.pk)).exists()
    with pytest.raises(ValidationError):
        services.grant_role(_tenant(first), member, role)


def _tenant(user):
    from veiliglokaal.accounts.selectors import tenant_for

    return tenant_for(user, user.memberships.first().municipality_id)


def test_second_admin_approves_with_password_and_totp(admins, member):
    first, second, client, second_client = admins
    client.post(f"/beheer/gebruikers/{member.pk}/rol-toevoegen", {"role": Role.ADMIN})
    request = RoleGrantRequest.objects.get(user=member)
    page = second_client.get("/beheer/rolaanvragen")
    assert page.status_code == 200 and "Goedkeuren" in page.content.decode()

    wrong = second_client.post(f"/beheer/rolaanvragen/{request.pk}/beslissen",
                               {"besluit": "goedkeuren", "password": "fout", "token": _code(second)})
    assert wrong.status_code == 400 and "klopt niet" in wrong.content.decode()
    assert not member.memberships.filter(role=Role.ADMIN).exists()
    assert _grants("goedkeuring mislukt: herauthenticatie").filter(result=SecurityResult.FAILURE).exists()

    bad_code = second_client.post(f"/beheer/rolaanvragen/{request.pk}/beslissen",
                                  {"besluit": "goedkeuren", "password": PASSWORD, "token": "000000"})
    assert bad_code.status_code == 400
    assert not member.memberships.filter(role=Role.ADMIN).exists()
    TOTPDevice.objects.get(user=second).throttle_reset()  # django-otp slows guessing after a wrong code

    ok = second_client.post(f"/beheer/rolaanvragen/{request.pk}/beslissen",
                            {"besluit": "goedkeuren", "password": PASSWORD, "token": _code(second)})
    assert ok.status_code == 302
    assert member.memberships.filter(role=Role.ADMIN, is_active=True).exists()
    request.refresh_from_db()
    assert request.status == GrantStatus.APPROVED and request.decided_by == second
    event = _grants("goedgekeurd en toegekend").get()
    assert event.actor_id == second.pk and event.detail["aangevraagd_door"] == first.pk


def _request_then_approve(requester_client, subject, role, approver_client, approver) -> RoleGrantRequest:
    """One admin requests `role` for `subject`; `approver` tries to approve with the right password and code."""
    requester_client.post(f"/beheer/gebruikers/{subject.pk}/rol-toevoegen", {"role": role})
    request = RoleGrantRequest.objects.get(user=subject, role=role)
    approver_client.post(f"/beheer/rolaanvragen/{request.pk}/beslissen",
                         {"besluit": "goedkeuren", "password": PASSWORD, "token": _code(approver)})
    return request


def test_requester_cannot_approve_own_request(admins, member):
    first, _, client, _ = admins
    request = _request_then_approve(client, member, Role.COORDINATOR, client, first)
    assert not member.memberships.filter(role=Role.COORDINATOR).exists()
    request.refresh_from_db()
    assert request.status == GrantStatus.PENDING
    assert _grants("geweigerd: eigen aanvraag").filter(actor_id=first.pk, result=SecurityResult.DENIED).exists()


def test_admin_cannot_grant_or_request_a_role_for_themselves(admins, municipality_a):
    first, second, client, _ = admins
    for role in (Role.ANALYST, Role.PRIVACY_OFFICER):
        client.post(f"/beheer/gebruikers/{first.pk}/rol-toevoegen", {"role": role})
        assert not first.memberships.filter(role=role).exists()
    assert not RoleGrantRequest.objects.exists()
    assert _grants("geweigerd: eigen account").count() == 2


def test_subject_cannot_approve_a_request_about_themselves(admins, municipality_a):
    """Admin 1 asks for a privacy-officer role for admin 2; admin 2 may not approve it."""
    first, second, client, second_client = admins
    _request_then_approve(client, second, Role.PRIVACY_OFFICER, second_client, second)
    assert not second.memberships.filter(role=Role.PRIVACY_OFFICER).exists()


def test_admin_of_another_municipality_cannot_decide(admins, member, municipality_b):
    _, _, client, _ = admins
    client.post(f"/beheer/gebruikers/{member.pk}/rol-toevoegen", {"role": Role.ADMIN})
    request = RoleGrantRequest.objects.get(user=member)
    other = make_user("beheerder-b", municipality_b, Role.ADMIN)
    response = logged_in_client(other, municipality_b).post(
        f"/beheer/rolaanvragen/{request.pk}/beslissen", {"besluit": "goedkeuren", "password": PASSWORD, "token": _code(other)})
    assert response.status_code == 404
    assert not member.memberships.filter(role=Role.ADMIN).exists()


def test_rejection_is_logged_and_grants_nothing(admins, member):
    _, second, client, second_client = admins
    client.post(f"/beheer/gebruikers/{member.pk}/rol-toevoegen", {"role": Role.NATIONAL_ANALYST})
    request = RoleGrantRequest.objects.get(user=member)
    second_client.post(f"/beheer/rolaanvragen/{request.pk}/beslissen", {"besluit": "afwijzen"})
    request.refresh_from_db()
    assert request.status == GrantStatus.REJECTED
    assert not member.memberships.filter(role=Role.NATIONAL_ANALYST).exists()
    assert _grants("afgewezen").filter(actor_id=second.pk).exists()


def test_non_admin_roles_cannot_grant(municipality_a, member):
    officer = make_user("fg", municipality_a, Role.PRIVACY_OFFICER)
    with pytest.raises(PermissionDenied):
        services.grant_role(_tenant(officer), member, Role.ANALYST)


def test_new_user_cannot_be_created_with_a_four_eyes_role(admins):
    _, _, client, _ = admins
    response = client.post("/beheer/gebruikers/nieuw", {
        "username": "nieuw", "first_name": "N", "last_name": "W", "email": "n@example.org", "role": Role.ADMIN})
    assert response.status_code == 200
    assert not RoleGrantRequest.objects.exists()
    from veiliglokaal.accounts.models import User

    assert not User.objects.filter(username="nieuw").exists()
