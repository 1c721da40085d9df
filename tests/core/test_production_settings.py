"""Production settings refuse to start without MFA for every role, PostgreSQL, HTTPS and separate keys.

Each case imports `veiliglokaal.settings.production` with importlib under a patched environment (base settings
reloaded so they read it); afterwards base is reloaded again with the real environment."""

import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from veiliglokaal.accounts.scopes import Role

PROPER = {
    "SECRET_KEY": "s" * 50,
    "DATABASE_URL": "postgres://veiliglokaal:geheim@localhost:5432/veiliglokaal",
    "AUDIT_CHAIN_KEY": "a" * 40,
    "PSEUDONYMISATION_KEY": "p" * 40,
    "MONITORING_AUTHOR_KEY": "m" * 40,
}
CLEARED = ["DEMO_MODE", "DEBUG", "MFA_REQUIRED_ROLES", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
           "TLS_TERMINATING_PROXY", *PROPER]


@pytest.fixture
def load_production(monkeypatch):
    def _load(**overrides):
        for name in CLEARED:
            monkeypatch.delenv(name, raising=False)
        for name, value in {**PROPER, **overrides}.items():
            if value is not None:
                monkeypatch.setenv(name, value)
        import veiliglokaal.settings.base as base

        importlib.reload(base)
        sys.modules.pop("veiliglokaal.settings.production", None)
        return importlib.import_module("veiliglokaal.settings.production")

    yield _load
    monkeypatch.undo()
    import veiliglokaal.settings.base as base

    importlib.reload(base)
    sys.modules.pop("veiliglokaal.settings.production", None)


def test_proper_production_settings_load(load_production):
    production = load_production()
    assert production.SECURE_HSTS_SECONDS > 0 and production.SECURE_SSL_REDIRECT
    assert set(production.MFA_REQUIRED_ROLES) == set(Role.values)


def test_every_role_is_a_personal_or_national_data_role():
    from veiliglokaal.settings.base import PERSONAL_OR_NATIONAL_DATA_ROLES

    assert set(PERSONAL_OR_NATIONAL_DATA_ROLES) == set(Role.values)


def test_national_analyst_needs_mfa_by_default(db, municipality_a):
    from tests.conftest import make_user
    from veiliglokaal.accounts.selectors import mfa_required

    assert mfa_required(make_user("landelijk", municipality_a, Role.NATIONAL_ANALYST))


@pytest.mark.parametrize("overrides, message", [
    ({"MFA_REQUIRED_ROLES": "employee,manager,coordinator,analyst,enforcer,official,admin,privacy_officer"},
     "missing: national_analyst"),
    ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "PostgreSQL"),
    ({"DATABASE_URL": None}, "PostgreSQL"),
    ({"SECURE_HSTS_SECONDS": "0"}, "SECURE_HSTS_SECONDS"),
    ({"SECURE_SSL_REDIRECT": "false"}, "TLS_TERMINATING_PROXY"),
    ({"AUDIT_CHAIN_KEY": None}, "AUDIT_CHAIN_KEY must be its own"),
    ({"PSEUDONYMISATION_KEY": "s" * 50}, "PSEUDONYMISATION_KEY must be its own"),
    ({"MONITORING_AUTHOR_KEY": "kort"}, "MONITORING_AUTHOR_KEY must be its own"),
    ({"MONITORING_AUTHOR_KEY": "a" * 40}, "must all differ"),
])
def test_production_refuses(load_production, overrides, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_production(**overrides)


def test_ssl_redirect_may_be_off_behind_a_tls_terminating_proxy(load_production):
    production = load_production(SECURE_SSL_REDIRECT="false", TLS_TERMINATING_PROXY="true")
    assert production.SECURE_SSL_REDIRECT is False
