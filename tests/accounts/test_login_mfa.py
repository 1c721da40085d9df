"""Logging in: password, then the TOTP step (or enrolment); throttling with django-axes; all in the security log."""

import pytest
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import SecurityAction, SecurityEvent, SecurityResult

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

MFA_URL = "/inloggen/tweede-factor"


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _wrong_code(device: TOTPDevice) -> str:
    right = int(_code(device))
    return f"{(right + 500_000) % 1_000_000:06d}"


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/inloggen", {"username": username, "password": password})


@pytest.fixture
def user_with_device(municipality_a):
    user = make_user("met-app", municipality_a, Role.ANALYST)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device


def test_password_then_totp(user_with_device):
    user, device = user_with_device
    client = Client()
    response = _login(client, user.username)
    assert response.status_code == 302
    # Logged in with the password only: every page leads to the second step.
    for path in ["/", "/mijn-gemeente", "/beheer/gebruikers", "/api-sleutels", "/gemeente-kiezen"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].split("?")[0] == MFA_URL, path  # (+ ?next=)
    # The API does not accept a half-finished session either.
    api = client.get("/api/v1/me")
    assert api.status_code in (401, 403)
    assert api["Content-Type"].startswith("application/problem+json")

    page = client.get(MFA_URL)
    assert page.status_code == 200 and page.context["enrolling"] is False
    response = client.post(MFA_URL, {"token": _code(device)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/mijn-gemeente").status_code == 200
    assert client.get("/api/v1/me").json()["username"] == user.username
    actions = list(SecurityEvent.objects.filter(actor_id=user.pk).order_by("sequence").values_list("action", flat=True))
    assert actions == [SecurityAction.LOGIN, SecurityAction.MFA_VERIFIED]


def test_wrong_code_is_refused_in_dutch_and_logged(user_with_device):
    user, device = user_with_device
    client = Client()
    _login(client, user.username)
    response = client.post(MFA_URL, {"token": _wrong_code(device)})
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in response.content.decode()
    assert client.get("/").status_code == 302  # still not through
    event = SecurityEvent.objects.get(action=SecurityAction.MFA_FAILED)
    assert event.actor_id == user.pk and event.result == SecurityResult.FAILURE
    assert not SecurityEvent.objects.filter(action=SecurityAction.MFA_VERIFIED).exists()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_right_code_after_a_wrong_one_works(user_with_device):
    user, device = user_with_device
    client = Client()
    _login(client, user.username)
    client.post(MFA_URL, {"token": _wrong_code(device)})
    response = client.post(MFA_URL, {"token": _code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_mfa_step_throttles_repeated_wrong_codes(user_with_device):
    """django-otp throttling: right after a wrong code, even the right code is refused for a moment."""
    user, device = user_with_device
    client = Client()
    _login(client, user.username)
    client.post(MFA_URL, {"token": _wrong_code(device)})
    response = client.post(MFA_URL, {"token": _code(device)})
    assert response.status_code == 200
    content = response.content.decode()
    assert "even wachten" in content and "klopt niet" not in content  # says why, does not call it wrong
    assert client.get("/").status_code == 302


def test_mfa_step_does_not_redirect_off_site(user_with_device):
    user, device = user_with_device
    client = Client()
    _login(client, user.username)
    response = client.post(f"{MFA_URL}?next=https://kwaadwillend.example/", {"token": _code(device)})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://kwaadwillend.example")
    assert client.get("/").status_code == 200


def test_mfa_step_keeps_a_local_next(user_with_device):
    user, device = user_with_device
    client = Client()
    _login(client, user.username)
    response = client.post(f"{MFA_URL}?next=/mijn-gemeente", {"token": _code(device)})
    assert response["Location"] == "/mijn-gemeente"


def test_enrolment_for_a_user_without_a_device(municipality_a):
    user = make_user("nieuw-in-dienst", municipality_a, Role.EMPLOYEE)
    client = Client()
    _login(client, user.username)
    assert client.get("/").status_code == 302
    page = client.get(MFA_URL)
    assert page.status_code == 200 and page.context["enrolling"] is True
    text = page.content.decode()
    assert "<svg" in text  # the QR code, inline, no external service
    assert page.context["secret"] in text
    pending = TOTPDevice.objects.get(user=user)
    assert pending.confirmed is False
    assert client.get(MFA_URL).context["secret"] == page.context["secret"]  # same pending device on reload
    assert TOTPDevice.objects.filter(user=user).count() == 1

    response = client.post(MFA_URL, {"token": _code(pending)})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.confirmed is True
    assert client.get("/").status_code == 200
    actions = set(SecurityEvent.objects.filter(actor_id=user.pk).values_list("action", flat=True))
    assert {SecurityAction.MFA_ENROLLED, SecurityAction.MFA_VERIFIED} <= actions


def test_enrolment_with_a_wrong_code_does_not_confirm(municipality_a):
    user = make_user("typt-verkeerd", municipality_a, Role.EMPLOYEE)
    client = Client()
    _login(client, user.username)
    client.get(MFA_URL)
    pending = TOTPDevice.objects.get(user=user)
    response = client.post(MFA_URL, {"token": _wrong_code(pending)})
    assert response.status_code == 200 and response.context["enrolling"] is True
    pending.refresh_from_db()
    assert pending.confirmed is False


@override_settings(MFA_REQUIRED_ROLES=["admin", "privacy_officer"])
def test_role_not_in_mfa_required_roles_needs_no_second_factor(municipality_a):
    user = make_user("alleen-wachtwoord", municipality_a, Role.OFFICIAL)
    client = Client()
    _login(client, user.username)
    assert client.get("/").status_code == 200
    assert client.get("/mijn-gemeente").status_code == 200
    assert client.get(MFA_URL).status_code == 302  # nothing to do there


@override_settings(MFA_REQUIRED_ROLES=["admin"])
def test_mfa_is_required_if_any_role_needs_it(municipality_a, municipality_b):
    user = make_user("twee-petten", municipality_a, Role.OFFICIAL)
    from veiliglokaal.accounts.models import Membership

    Membership.objects.create(user=user, municipality=municipality_b, role=Role.ADMIN)
    client = Client()
    _login(client, user.username)
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_in_dutch_and_logged(user_with_device):
    user, _ = user_with_device
    client = Client()
    response = _login(client, user.username, "helemaal-fout-123")
    assert response.status_code == 200
    assert "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet" in response.content.decode()
    event = SecurityEvent.objects.get(action=SecurityAction.LOGIN_FAILED)
    assert event.actor_name == user.username and event.result == SecurityResult.FAILURE
    assert "helemaal-fout" not in str(event.detail)  # never the password


def test_axes_locks_out_after_five_failures(user_with_device):
    user, device = user_with_device
    client = Client()
    for attempt in range(4):
        assert _login(client, user.username, f"fout-{attempt}").status_code == 200
    locked = _login(client, user.username, "fout-5")
    assert locked.status_code == 429
    assert "Account tijdelijk geblokkeerd" in locked.content.decode()
    # Now even the right password is refused.
    again = _login(client, user.username, PASSWORD)
    assert again.status_code == 429
    assert "Account tijdelijk geblokkeerd" in again.content.decode()
    assert client.get("/").status_code == 302 and client.get("/")["Location"].startswith("/inloggen")
    assert SecurityEvent.objects.filter(action=SecurityAction.LOGIN_FAILED).count() >= 5
    locks = SecurityEvent.objects.filter(action=SecurityAction.LOCKED_OUT)
    assert locks.exists()  # one at the lock, and one for every refused attempt while locked
    assert all(lock.actor_name == user.username and lock.result == SecurityResult.DENIED for lock in locks)


def test_failed_logins_and_lockouts_show_in_the_own_municipality_security_log(user_with_device, municipality_a,
                                                                               municipality_b):
    """Failed attempts precede choosing a municipality; they must still reach the log of the user's municipality,
    and only that one."""
    from tests.conftest import logged_in_client

    user, _ = user_with_device
    for attempt in range(5):
        _login(Client(), user.username, f"fout-{attempt}")
    _login(Client(), "bestaat-niet", "fout")
    admin_a = make_user("beheer-a", municipality_a, Role.ADMIN)
    admin_b = make_user("beheer-b", municipality_b, Role.ADMIN)
    page_a = logged_in_client(admin_a, municipality_a).get("/verantwoording/beveiligingslog")
    shown = {(e.action, e.actor_name) for e in page_a.context["page"].object_list}
    assert (SecurityAction.LOGIN_FAILED, user.username) in shown
    assert (SecurityAction.LOCKED_OUT, user.username) in shown
    assert not any(name == "bestaat-niet" for _, name in shown)
    page_b = logged_in_client(admin_b, municipality_b).get("/verantwoording/beveiligingslog")
    assert not any(e.actor_name == user.username for e in page_b.context["page"].object_list)


def test_lockout_of_one_account_does_not_lock_another(user_with_device, municipality_a):
    user, _ = user_with_device
    other = make_user("collega", municipality_a, Role.ANALYST)
    client = Client()
    for attempt in range(5):
        _login(client, user.username, f"fout-{attempt}")
    assert _login(Client(), other.username).status_code == 302


def test_logout_is_logged(user_with_device):
    user, device = user_with_device
    client = Client()
    _login(client, user.username)
    client.post(MFA_URL, {"token": _code(device)})
    response = client.post("/uitloggen")
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(action=SecurityAction.LOGOUT, actor_id=user.pk).exists()
    assert client.get("/").status_code == 302

