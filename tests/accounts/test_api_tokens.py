"""Personal API keys: shown once, stored as a hash, bound to one municipality, refused once expired or revoked."""

import hashlib

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from veiliglokaal.accounts.models import ApiToken, Membership
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.services import issue_api_token, revoke_api_token
from veiliglokaal.audit.models import SecurityAction, SecurityEvent

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(municipality_a):
    return make_user("analist", municipality_a, Role.ANALYST)


def _api(key: str, path: str = "/api/v1/me"):
    return Client().get(path, HTTP_AUTHORIZATION=f"Token {key}")


def _assert_401(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["API-Version"]
    assert response["WWW-Authenticate"].startswith("Token")
    problem = response.json()
    assert problem["title"] == "Niet ingelogd" and problem["status"] == 401
    return problem


def test_key_is_shown_once_and_only_its_hash_is_stored(analyst, municipality_a):
    client = logged_in_client(analyst, municipality_a)
    response = client.post("/api-sleutels", {"name": "koppeling GIS", "days_valid": 30})
    assert response.status_code == 200
    key = response.context["issued"].key
    assert key in response.content.decode()

    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    assert token.municipality_id == municipality_a.pk and token.user_id == analyst.pk
    assert abs((token.expires_at - timezone.now()).days - 30) <= 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(ApiToken._meta.db_table)}")
        assert not any(key in str(value) for row in cursor.fetchall() for value in row)

    listing = client.get("/api-sleutels").content.decode()
    assert key not in listing and "koppeling GIS" in listing and token.prefix in listing
    assert SecurityEvent.objects.filter(action=SecurityAction.TOKEN_CREATED, object_id=str(token.pk)).exists()

    me = _api(key)
    assert me.status_code == 200 and me.json()["municipality"] == "GM0233"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_form_validates_in_dutch(analyst, municipality_a):
    client = logged_in_client(analyst, municipality_a)
    response = client.post("/api-sleutels", {"name": "", "days_valid": 1000})
    assert response.status_code == 200 and response.context["issued"] is None
    assert not ApiToken.objects.exists()
    text = response.content.decode()
    assert "Dit veld is vereist." in text and "hoogstens 365" in text
    assert 'value="1000"' in text  # what was typed is kept


def test_unknown_key_is_refused(db):
    problem = _assert_401(_api("dit-is-geen-sleutel"))
    assert problem["detail"] == "Ongeldige of verlopen API-sleutel."


def test_expired_key_is_refused(analyst, municipality_a, tenant_of):
    issued = issue_api_token(tenant_of(analyst, municipality_a), analyst, "kort", days_valid=1)
    assert _api(issued.key).status_code == 200
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    _assert_401(_api(issued.key))


def test_revoked_key_is_refused(analyst, municipality_a):
    client = logged_in_client(analyst, municipality_a)
    key = client.post("/api-sleutels", {"name": "weg ermee", "days_valid": 10}).context["issued"].key
    token = ApiToken.objects.get()
    response = client.post(f"/api-sleutels/{token.pk}/intrekken", follow=True)
    assert "API-sleutel ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    _assert_401(_api(key))
    assert SecurityEvent.objects.filter(action=SecurityAction.TOKEN_REVOKED, object_id=str(token.pk)).exists()


def test_key_stops_working_when_the_role_is_gone(analyst, municipality_a, tenant_of):
    issued = issue_api_token(tenant_of(analyst, municipality_a), analyst, "rol weg")
    Membership.objects.filter(user=analyst).delete()
    problem = _assert_401(_api(issued.key))
    assert "geen rol meer" in problem["detail"]


def test_key_of_deactivated_user_is_refused(analyst, municipality_a, tenant_of):
    issued = issue_api_token(tenant_of(analyst, municipality_a), analyst, "uit dienst")
    analyst.is_active = False
    analyst.save()
    _assert_401(_api(issued.key))


def test_key_carries_the_roles_in_its_own_municipality_only(municipality_a, municipality_b, tenant_of):
    user = make_user("twee-gemeenten", municipality_a, Role.EMPLOYEE)
    Membership.objects.create(user=user, municipality=municipality_b, role=Role.ADMIN)
    key = issue_api_token(tenant_of(user, municipality_a), user, "ermelo").key
    me = _api(key).json()
    assert me["municipality"] == "GM0233" and me["roles"] == [Role.EMPLOYEE]
    assert _api(key, "/api/v1/memberships").status_code == 403  # admin only in Harderwijk


def test_key_list_is_personal_and_per_municipality(analyst, municipality_a, municipality_b, tenant_of):
    colleague = make_user("collega", municipality_a, Role.ANALYST)
    issue_api_token(tenant_of(colleague, municipality_a), colleague, "van de collega")
    Membership.objects.create(user=analyst, municipality=municipality_b, role=Role.ANALYST)
    issue_api_token(tenant_of(analyst, municipality_b), analyst, "voor harderwijk")
    own = issue_api_token(tenant_of(analyst, municipality_a), analyst, "voor ermelo")
    text = logged_in_client(analyst, municipality_a).get("/api-sleutels").content.decode()
    assert "voor ermelo" in text
    assert "van de collega" not in text and "voor harderwijk" not in text
    with pytest.raises(ApiToken.DoesNotExist):
        revoke_api_token(tenant_of(colleague, municipality_a), colleague, own.token.pk)


def test_token_requests_need_no_csrf_and_no_session(analyst, municipality_a, tenant_of):
    key = issue_api_token(tenant_of(analyst, municipality_a), analyst, "script").key
    client = Client(enforce_csrf_checks=True)
    assert client.get("/api/v1/municipalities?pageSize=1", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
