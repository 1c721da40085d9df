"""The functioneel beheerder manages the users of their own municipality, and only those."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from veiliglokaal.accounts import services
from veiliglokaal.accounts.models import Membership, User
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry, SecurityAction, SecurityEvent
from veiliglokaal.audit.services import pseudonymise

from tests.conftest import PASSWORD, logged_in_client, make_user

pytestmark = pytest.mark.django_db

NEW_USER = {"username": "nieuwe.collega", "first_name": "Nieuwe", "last_name": "Collega",
            "email": "nieuwe.collega@ermelo.example", "department": "OOV", "role": Role.ANALYST}


@pytest.fixture
def admin_a(municipality_a):
    return make_user("beheerder-a", municipality_a, Role.ADMIN)


@pytest.fixture
def admin_client(admin_a, municipality_a):
    return logged_in_client(admin_a, municipality_a)


def test_admin_creates_user_in_own_municipality_and_the_invitation_link_works(
        admin_client, municipality_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/beheer/gebruikers/nieuw", NEW_USER)
    user = User.objects.get(username="nieuwe.collega")
    assert response.status_code == 302 and response["Location"] == f"/beheer/gebruikers/{user.pk}"
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("municipality_id", "role")) == [(municipality_a.pk, Role.ANALYST)]
    assert SecurityEvent.objects.filter(action=SecurityAction.USER_CREATED, object_id=str(user.pk),
                                        municipality=municipality_a).exists()
    assert ProcessingLogEntry.objects.filter(name="gebruiker aangemaakt",
                                             data_subject_id=pseudonymise("gebruiker", user.pk)).exists()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [NEW_USER["email"]]
    assert "Veilig Lokaal" in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)
    path = link.replace("http://testserver", "")
    assert path.startswith("/wachtwoord-instellen/")

    client = Client()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    new_password = "Een-Heel-Sterk-Wachtwoord-42"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302 and done["Location"] == "/inloggen"
    user.refresh_from_db()
    assert user.check_password(new_password)
    # The link works once.
    assert Client().get(path, follow=True).context["validlink"] is False
    # And the new user can log in (first step).
    assert Client().post("/inloggen", {"username": "nieuwe.collega", "password": new_password}).status_code == 302


def test_create_user_with_taken_username_keeps_the_input_and_explains(admin_client, municipality_b):
    make_user("bezet", municipality_b, Role.EMPLOYEE)  # taken in another municipality: the name is global
    response = admin_client.post("/beheer/gebruikers/nieuw", {**NEW_USER, "username": "Bezet"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Deze gebruikersnaam kan niet worden gebruikt" in text and "in gebruik" not in text  # neutral
    assert 'value="Nieuwe"' in text and NEW_USER["email"] in text  # what the admin typed is kept
    assert len(mail.outbox) == 0
    assert User.objects.filter(username__iexact="bezet").count() == 1


def test_create_user_form_errors_are_dutch(admin_client):
    response = admin_client.post("/beheer/gebruikers/nieuw", {**NEW_USER, "email": "geen-adres"})
    assert response.status_code == 200
    assert "geldig e-mailadres" in response.content.decode()
    assert not User.objects.filter(username=NEW_USER["username"]).exists()


def test_grant_and_revoke_roles(admin_client, admin_a, municipality_a):
    member = make_user("medewerker", municipality_a, Role.EMPLOYEE)
    # (coordinator and other four-eyes roles: tests/accounts/test_role_grants.py)
    response = admin_client.post(f"/beheer/gebruikers/{member.pk}/rol-toevoegen", {"role": Role.ANALYST},
                                 follow=True)
    assert response.status_code == 200
    assert "Rol toegevoegd" in response.content.decode()
    assert set(member.memberships.values_list("role", flat=True)) == {Role.EMPLOYEE, Role.ANALYST}
    granted = SecurityEvent.objects.get(action=SecurityAction.PERMISSION_CHANGED, detail__wijziging="toegekend")
    assert granted.actor_id == admin_a.pk and granted.object_id == str(member.pk)
    assert granted.municipality_id == municipality_a.pk

    # Granting a role the user already has changes nothing.
    admin_client.post(f"/beheer/gebruikers/{member.pk}/rol-toevoegen", {"role": Role.ANALYST})
    assert member.memberships.count() == 2

    coordinator = member.memberships.get(role=Role.ANALYST)
    response = admin_client.post(f"/beheer/lidmaatschappen/{coordinator.pk}/intrekken", follow=True)
    assert "Rol ingetrokken" in response.content.decode()
    assert set(member.memberships.values_list("role", flat=True)) == {Role.EMPLOYEE}
    assert SecurityEvent.objects.filter(action=SecurityAction.PERMISSION_CHANGED,
                                        detail__wijziging="ingetrokken").exists()


def test_revoked_role_takes_effect_on_the_next_request(admin_client, municipality_a):
    officer = make_user("privacy", municipality_a, Role.PRIVACY_OFFICER)
    officer_client = logged_in_client(officer, municipality_a)
    assert officer_client.get("/verantwoording/verwerkingslog").status_code == 200
    Membership.objects.create(user=officer, municipality=municipality_a, role=Role.EMPLOYEE)
    membership = officer.memberships.get(role=Role.PRIVACY_OFFICER)
    admin_client.post(f"/beheer/lidmaatschappen/{membership.pk}/intrekken")
    assert officer_client.get("/verantwoording/verwerkingslog").status_code == 403


def test_grant_of_unknown_role_is_refused(admin_client, municipality_a):
    member = make_user("lid", municipality_a, Role.EMPLOYEE)
    admin_client.post(f"/beheer/gebruikers/{member.pk}/rol-toevoegen", {"role": "superheld"})
    assert list(member.memberships.values_list("role", flat=True)) == [Role.EMPLOYEE]


def test_admin_cannot_revoke_own_admin_role(admin_client, admin_a):
    own = admin_a.memberships.get(role=Role.ADMIN)
    response = admin_client.post(f"/beheer/lidmaatschappen/{own.pk}/intrekken", follow=True)
    assert response.status_code == 200
    assert "U kunt uw eigen beheerdersrol niet intrekken" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    assert admin_client.get("/beheer/gebruikers").status_code == 200


def test_admin_can_revoke_another_admins_role(admin_client, municipality_a):
    other = make_user("tweede-beheerder", municipality_a, Role.ADMIN)
    membership = other.memberships.get()
    admin_client.post(f"/beheer/lidmaatschappen/{membership.pk}/intrekken")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_admin_cannot_act_on_users_of_b(admin_client, admin_a, municipality_a, municipality_b, tenant_of):
    b_user = make_user("harderwijker", municipality_b, Role.ANALYST)
    b_membership = b_user.memberships.get()
    assert admin_client.get(f"/beheer/gebruikers/{b_user.pk}").status_code == 404
    assert admin_client.post(f"/beheer/gebruikers/{b_user.pk}/rol-toevoegen",
                             {"role": Role.ADMIN}).status_code == 404
    assert admin_client.post(f"/beheer/lidmaatschappen/{b_membership.pk}/intrekken").status_code == 404
    assert list(b_user.memberships.values_list("municipality_id", "role")) == [(municipality_b.pk, Role.ANALYST)]
    assert "harderwijker" not in admin_client.get("/beheer/gebruikers").content.decode()

    # The services refuse too, whatever a view would do.
    tenant = tenant_of(admin_a, municipality_a)
    with pytest.raises(PermissionDenied):
        services.grant_role(tenant, b_user, Role.ADMIN)
    with pytest.raises(Membership.DoesNotExist):
        services.revoke_role(tenant, b_membership.pk)
    assert Membership.objects.filter(pk=b_membership.pk).exists()


def test_services_require_the_members_scope(municipality_a, tenant_of):
    employee = make_user("gewoon", municipality_a, Role.EMPLOYEE)
    tenant = tenant_of(employee, municipality_a)
    with pytest.raises(PermissionDenied):
        services.create_user(tenant, **NEW_USER)
    with pytest.raises(PermissionDenied):
        services.grant_role(tenant, employee, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.revoke_role(tenant, employee.memberships.get().pk)
    assert not User.objects.filter(username=NEW_USER["username"]).exists()


def test_service_refuses_own_admin_revoke(admin_a, municipality_a, tenant_of):
    with pytest.raises(ValidationError):
        services.revoke_role(tenant_of(admin_a, municipality_a), admin_a.memberships.get().pk)


def test_member_list_shows_own_users_with_their_roles(admin_client, municipality_a, municipality_b):
    make_user("ermelo-lid", municipality_a, Role.ENFORCER)
    make_user("harderwijk-lid", municipality_b, Role.ENFORCER)
    text = admin_client.get("/beheer/gebruikers").content.decode()
    assert "ermelo-lid" in text and "Handhaver / boa" in text
    assert "harderwijk-lid" not in text


def test_password_login_still_needs_password_of_new_user(municipality_a):
    """A user created without setting a password cannot log in at all (unusable password)."""
    user = User.objects.create_user(username="nog-geen-wachtwoord")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, municipality=municipality_a, role=Role.EMPLOYEE)
    assert Client().post("/inloggen", {"username": "nog-geen-wachtwoord", "password": PASSWORD}).status_code == 200
