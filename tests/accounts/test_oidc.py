"""OIDC log-in against a fake identity provider over real HTTP.

A tiny IdP runs on 127.0.0.1 (ephemeral port): a token endpoint that checks the code and client, a JWKS endpoint
with an RSA key generated here, and a userinfo endpoint. The Django test client goes through the real
mozilla-django-oidc views (`/oidc/authenticate/` → the IdP's authorisation URL → `/oidc/callback/`), so state,
nonce, signature, claims and our rules are all exercised: users are matched only on a verified e-mail address, and
the provider's MFA counts only when the ID token's `amr`/`acr` says so.
"""

import json
import time
import urllib.parse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.conftest import make_user
from tests.local_http import LocalServer
from veiliglokaal.accounts.mfa import IDP_MFA_SESSION_KEY
from veiliglokaal.accounts.oidc import MembershipOIDCBackend
from veiliglokaal.audit.models import SecurityAction, SecurityEvent, SecurityResult

pytestmark = pytest.mark.django_db

CLIENT_ID = "veiliglokaal-test"
CLIENT_SECRET = "test-secret"
CODE = "authorisation-code-1"
EMAIL = "Analist@Ermelo.example"


class FakeIdP:
    """Serves token, JWKS and userinfo; `id_claims` and `userinfo` are what the next log-in returns."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.signing_key = self.key  # a test may sign with another key than the one the JWKS publishes
        self.kid = "test-key-1"
        self.nonce = None
        self.id_claims: dict = {}
        self.userinfo: dict = {}
        self.server = LocalServer({"/token": self._token, "/jwks": self._jwks, "/userinfo": self._userinfo})

    def url(self, path):
        return self.server.url(path)

    def _json(self, status, data):
        return status, {"Content-Type": "application/json"}, json.dumps(data).encode()

    def _token(self, handler):
        form = urllib.parse.parse_qs(self.server.requests[-1]["body"].decode())
        if form.get("code") != [CODE] or form.get("client_id") != [CLIENT_ID] \
                or form.get("client_secret") != [CLIENT_SECRET] or form.get("grant_type") != ["authorization_code"]:
            return self._json(400, {"error": "invalid_grant"})
        now = int(time.time())
        claims = {"iss": self.url(""), "aud": CLIENT_ID, "sub": "idp-user-1", "iat": now, "exp": now + 300,
                  "nonce": self.nonce, **self.id_claims}
        id_token = jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": self.kid})
        return self._json(200, {"access_token": "access-1", "token_type": "Bearer", "expires_in": 300,
                                "id_token": id_token})

    def _jwks(self, handler):
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return self._json(200, {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]})

    def _userinfo(self, handler):
        if handler.headers.get("Authorization") != "Bearer access-1":
            return self._json(401, {"error": "invalid_token"})
        return self._json(200, {"sub": "idp-user-1", **self.userinfo})


@pytest.fixture
def idp(settings):
    provider = FakeIdP()
    with provider.server:
        settings.ROOT_URLCONF = "tests.accounts.oidc_urls"
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS,
                                            "veiliglokaal.accounts.oidc.MembershipOIDCBackend"]
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.url("/authorize")
        settings.OIDC_OP_TOKEN_ENDPOINT = provider.url("/token")
        settings.OIDC_OP_JWKS_ENDPOINT = provider.url("/jwks")
        settings.OIDC_OP_USER_ENDPOINT = provider.url("/userinfo")
        settings.OIDC_RP_SIGN_ALGO = "RS256"
        settings.OIDC_MFA_BY_PROVIDER = True
        settings.OIDC_ACCEPTED_AMR = ["mfa", "otp", "hwk"]
        settings.OIDC_ACCEPTED_ACR = ["urn:example:loa:substantial"]
        yield provider


@pytest.fixture
def analyst(municipality_a):
    user = make_user("oidc-analist", municipality_a, "analyst")  # an MFA role
    user.email = EMAIL
    user.save()
    return user


def _log_in(client, idp, *, id_claims=None, userinfo=None):
    """The browser's part of the code flow: start, 'log in at the IdP', come back with code and state."""
    idp.id_claims = id_claims or {}
    idp.userinfo = {"email": EMAIL.lower(), "email_verified": True} if userinfo is None else userinfo
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302 and start["Location"].startswith(idp.url("/authorize"))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    idp.nonce = query["nonce"][0]
    return client.get("/oidc/callback/", {"code": CODE, "state": query["state"][0]})


def _logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_a_verified_email_with_provider_mfa_logs_in_without_our_totp_step(client, idp, analyst):
    response = _log_in(client, idp, id_claims={"amr": ["pwd", "otp"]})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert _logged_in_user_id(client) == str(analyst.pk)
    assert client.session[IDP_MFA_SESSION_KEY] is True
    assert client.get(reverse("core:home")).status_code == 200  # not sent to the TOTP step
    assert [r["path"] for r in idp.server.requests] == ["/token", "/jwks", "/userinfo"]
    assert SecurityEvent.objects.filter(action=SecurityAction.LOGIN, actor_id=analyst.pk).exists()


def test_an_accepted_acr_also_counts_as_provider_mfa(client, idp, analyst):
    _log_in(client, idp, id_claims={"acr": "urn:example:loa:substantial", "amr": ["pwd"]})
    assert client.session[IDP_MFA_SESSION_KEY] is True


@pytest.mark.parametrize("id_claims", [{}, {"amr": ["pwd"]}, {"acr": "urn:example:loa:low"}, {"amr": "pwd"}])
def test_without_mfa_in_amr_or_acr_our_totp_step_still_applies(client, idp, analyst, id_claims):
    response = _log_in(client, idp, id_claims=id_claims)
    assert response.status_code == 302 and _logged_in_user_id(client) == str(analyst.pk)
    assert IDP_MFA_SESSION_KEY not in client.session
    page = client.get(reverse("core:home"))
    assert page.status_code == 302 and page["Location"] == reverse("accounts:mfa")


def test_provider_mfa_is_not_trusted_when_switched_off(client, idp, analyst, settings):
    settings.OIDC_MFA_BY_PROVIDER = False
    _log_in(client, idp, id_claims={"amr": ["mfa"]})
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:mfa")


@pytest.mark.parametrize("email_verified", [False, None, "false"])
def test_an_unverified_email_is_refused_with_a_dutch_message_and_security_logged(client, idp, analyst,
                                                                                  email_verified):
    userinfo = {"email": EMAIL.lower()}
    if email_verified is not None:
        userinfo["email_verified"] = email_verified
    response = _log_in(client, idp, id_claims={"amr": ["mfa"]}, userinfo=userinfo)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert _logged_in_user_id(client) is None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Het e-mailadres van uw gemeente-account is niet bevestigd; inloggen is niet mogelijk. "
        "Neem contact op met de beheerder."]
    event = SecurityEvent.objects.get(action=SecurityAction.LOGIN_FAILED, result=SecurityResult.DENIED)
    assert event.detail == {"method": "oidc", "reason": "email_not_verified"}
    assert EMAIL.lower() not in json.dumps(event.detail).lower() and "ermelo.example" not in event.actor_name


def test_an_unknown_verified_email_is_refused_and_no_user_is_created(client, idp, analyst):
    from veiliglokaal.accounts.models import User

    users = User.objects.count()
    response = _log_in(client, idp, id_claims={"amr": ["mfa"]},
                       userinfo={"email": "nieuw@example.org", "email_verified": True})
    assert response["Location"] == reverse("accounts:login") and _logged_in_user_id(client) is None
    assert User.objects.count() == users
    assert SecurityEvent.objects.filter(detail__reason="no_matching_user").count() == 1


def test_a_token_signed_with_another_key_is_refused(client, idp, analyst):
    idp.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = _log_in(client, idp, id_claims={"amr": ["mfa"]})
    assert response.status_code == 400  # SuspiciousOperation: JWS token verification failed
    assert _logged_in_user_id(client) is None
    assert [r["path"] for r in idp.server.requests] == ["/token", "/jwks"]  # no userinfo without a valid token


def test_matching_needs_a_verified_email_claim(analyst):
    backend = MembershipOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": "analist@ermelo.example", "email_verified": True})) == [
        analyst]
    assert not backend.filter_users_by_claims({"email": "analist@ermelo.example"}).exists()
    assert not backend.filter_users_by_claims({"email": "analist@ermelo.example", "email_verified": False}).exists()
    assert not backend.filter_users_by_claims({}).exists()
