"""Shared fixtures: the real registry, two municipalities, and a user per role in each."""

import os

import pytest
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiliglokaal.accounts.models import Membership, User
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.services import load_registry

MUNICIPALITY_A = "GM0233"  # Ermelo
MUNICIPALITY_B = "GM0243"  # Harderwijk
PASSWORD = "Test-wachtwoord-123!"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real registry once per test session (342 municipalities from the shipped open data)."""
    with django_db_blocker.unblock():
        load_registry()


@pytest.fixture
def municipality_a(db):
    return Municipality.objects.get(code=MUNICIPALITY_A)


@pytest.fixture
def municipality_b(db):
    return Municipality.objects.get(code=MUNICIPALITY_B)


def make_user(username: str, municipality: Municipality, role: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title())
    Membership.objects.create(user=user, municipality=municipality, role=role)
    return user


def logged_in_client(user: User, municipality: Municipality | None = None) -> Client:
    """A client that is logged in with MFA passed (as after the TOTP step) and a chosen municipality."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    if municipality is not None:
        session["active_municipality_id"] = municipality.pk
    session.save()
    return client


@pytest.fixture
def users_a(municipality_a):
    return {role: make_user(f"a-{role}", municipality_a, role) for role in Role.values}


@pytest.fixture
def users_b(municipality_b):
    return {role: make_user(f"b-{role}", municipality_b, role) for role in Role.values}


@pytest.fixture
def tenant_of():
    def _tenant(user, municipality):
        return tenant_for(user, municipality.pk)

    return _tenant


def ensure_registry() -> None:
    """Load the registry if a transactional test's flush removed it (cheap when it is there)."""
    if not Municipality.objects.exists():
        load_registry()


def _flushes_database(item) -> bool:
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return ("live_server" in names or "transactional_db" in names
            or bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Live-server and other transactional tests end with a flush of every table: restore the registry after it,
    so the tests that follow still see the 342 municipalities loaded by `django_db_setup`."""
    result = yield
    if nextitem is not None and _flushes_database(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            ensure_registry()
    return result


def _engine() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def pytest_report_header(config):
    return f"database engine: {_engine()} ({connection.settings_dict['ENGINE']})"


def pytest_sessionstart(session):
    """CI names the engine each pass must run on (VL_EXPECT_DB): a pass on the wrong database fails at once."""
    expected = os.environ.get("VL_EXPECT_DB")
    if expected and _engine() != expected:
        raise pytest.UsageError(f"expected database engine {expected!r}, but the tests would run on {_engine()!r}")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if hasattr(config, "workerinput"):
        return
    terminalreporter.write_line(f"database engine: {_engine()}", bold=True)
    if os.environ.get("VL_SKIP_BROWSER") == "1":
        terminalreporter.write_line("WAARSCHUWING / WARNING: VL_SKIP_BROWSER=1 — browser tests were skipped, "
                                    "this run does not cover the browser flows", yellow=True, bold=True)
