"""OIDC (configuration option): only users the municipality created may log in; the IdP's MFA is trusted."""

import pytest
from django.test import RequestFactory
from django.contrib.sessions.backends.db import SessionStore

from veiliglokaal.accounts.mfa import IDP_MFA_SESSION_KEY
from veiliglokaal.accounts.oidc import MembershipOIDCBackend

from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_matches_existing_users_by_email_and_never_creates_users(municipality_a):
    user = make_user("oidc-user", municipality_a, "analyst")
    user.email = "Analist@Ermelo.example"
    user.save()
    backend = MembershipOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": "analist@ermelo.example"})) == [user]
    assert not backend.filter_users_by_claims({"email": "someone-else@example.org"}).exists()
    assert not backend.filter_users_by_claims({}).exists()
    assert backend.create_user({"email": "new@example.org"}) is None


def test_successful_oidc_login_marks_mfa_done_by_the_identity_provider(monkeypatch, municipality_a):
    user = make_user("oidc-user2", municipality_a, "analyst")
    monkeypatch.setattr("mozilla_django_oidc.auth.OIDCAuthenticationBackend.authenticate",
                        lambda self, request, **kwargs: user)
    request = RequestFactory().get("/oidc/callback/")
    request.session = SessionStore()
    assert MembershipOIDCBackend().authenticate(request) == user
    assert request.session[IDP_MFA_SESSION_KEY] is True
