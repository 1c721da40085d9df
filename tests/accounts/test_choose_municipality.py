"""A user with roles in several municipalities (the demo-regio pattern) chooses which one they work for."""

import pytest
from django.test import Client

from veiliglokaal.accounts.models import Membership
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import SecurityAction, SecurityEvent
from veiliglokaal.core.models import Municipality

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional_user(municipality_a, municipality_b):
    """Admin in Ermelo, employee in Harderwijk."""
    user = make_user("regio-medewerker", municipality_a, Role.ADMIN)
    Membership.objects.create(user=user, municipality=municipality_b, role=Role.EMPLOYEE)
    return user


def test_user_with_two_memberships_must_choose(regional_user, municipality_a, municipality_b):
    client = logged_in_client(regional_user)  # MFA passed, nothing chosen yet
    for path in ["/", "/mijn-gemeente", "/beheer/gebruikers"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/gemeente-kiezen", path
    page = client.get("/gemeente-kiezen")
    assert [m.code for m in page.context["municipalities"]] == ["GM0233", "GM0243"]  # by name: Ermelo, Harderwijk


def test_the_active_municipality_changes_what_they_see(regional_user, municipality_a, municipality_b):
    a_colleague = make_user("ermelo-collega", municipality_a, Role.ANALYST)
    b_colleague = make_user("harderwijk-collega", municipality_b, Role.ANALYST)
    client = logged_in_client(regional_user)

    response = client.post("/gemeente-kiezen", {"municipality": municipality_a.pk})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Ermelo" in client.get("/").content.decode()
    members = client.get("/beheer/gebruikers").content.decode()
    assert a_colleague.username in members and b_colleague.username not in members
    assert client.get("/api/v1/me").json() == {
        "username": regional_user.username, "fullName": regional_user.display_name, "municipality": "GM0233",
        "roles": [Role.ADMIN], "scopes": sorted(client.get("/api/v1/me").json()["scopes"])}

    client.post("/gemeente-kiezen", {"municipality": municipality_b.pk})
    assert "Harderwijk" in client.get("/").content.decode()
    assert client.get("/beheer/gebruikers").status_code == 403  # only an employee in Harderwijk
    assert client.get("/api/v1/memberships").status_code == 403
    me = client.get("/api/v1/me").json()
    assert me["municipality"] == "GM0243" and me["roles"] == [Role.EMPLOYEE]

    switches = SecurityEvent.objects.filter(action=SecurityAction.MUNICIPALITY_SWITCHED, actor_id=regional_user.pk)
    assert list(switches.order_by("sequence").values_list("object_id", flat=True)) == ["GM0233", "GM0243"]


def test_cannot_choose_a_municipality_without_a_role(regional_user, municipality_a):
    amsterdam = Municipality.objects.get(code="GM0363")
    client = logged_in_client(regional_user, municipality_a)
    for value in [amsterdam.pk, "niet-een-getal", "", 10**9]:
        response = client.post("/gemeente-kiezen", {"municipality": value}, follow=True)
        assert response.status_code == 200
        assert "Kies een gemeente waarvoor u een rol heeft." in response.content.decode()
    assert client.get("/api/v1/me").json()["municipality"] == "GM0233"  # unchanged
    assert client.session["active_municipality_id"] == municipality_a.pk


def test_inactive_or_expired_membership_does_not_count(regional_user, municipality_a, municipality_b):
    import datetime

    Membership.objects.filter(user=regional_user, municipality=municipality_b).update(
        valid_until=datetime.date(2000, 1, 1))
    client = logged_in_client(regional_user)
    response = client.post("/gemeente-kiezen", {"municipality": municipality_b.pk}, follow=True)
    assert "Kies een gemeente waarvoor u een rol heeft." in response.content.decode()
    # With one municipality left there is nothing to choose.
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").json()["municipality"] == "GM0233"


def test_role_revoked_in_the_active_municipality_ends_access_there(regional_user, municipality_a, municipality_b):
    client = logged_in_client(regional_user, municipality_b)
    assert client.get("/").status_code == 200
    Membership.objects.filter(user=regional_user, municipality=municipality_b).delete()
    # Only Ermelo is left: the session's Harderwijk no longer counts.
    assert "Ermelo" in client.get("/").content.decode()
    assert client.get("/api/v1/me").json()["municipality"] == "GM0233"


def test_single_membership_needs_no_choice(municipality_a):
    user = make_user("een-gemeente", municipality_a, Role.ANALYST)
    client = logged_in_client(user)
    assert client.get("/").status_code == 200
    assert client.session["active_municipality_id"] == municipality_a.pk


def test_user_without_any_role_sees_nothing(db):
    from veiliglokaal.accounts.models import User

    user = User.objects.create_user(username="zonder-rol", password="x")
    client = logged_in_client(user)
    assert client.get("/").status_code == 302
    page = client.get("/gemeente-kiezen")
    assert page.status_code == 200 and list(page.context["municipalities"]) == []
    assert client.get("/beheer/gebruikers").status_code == 302
    assert client.get("/api/v1/me").status_code == 403


def test_anonymous_is_sent_to_log_in(db):
    client = Client()
    for path in ["/", "/gemeente-kiezen", "/beheer/gebruikers", "/verantwoording/verwerkingslog", "/api-sleutels"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen"), path
