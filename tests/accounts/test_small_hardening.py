"""Usernames from a safe character set, a neutral answer for a taken name, and `next` kept through the TOTP step
(same-site paths only)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiliglokaal.accounts import services
from veiliglokaal.accounts.models import User
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import SecurityAction, SecurityEvent, SecurityResult

from tests.conftest import PASSWORD, logged_in_client, make_user

pytestmark = pytest.mark.django_db
NEW = {"first_name": "N", "last_name": "W", "email": "n@example.org", "department": "", "role": Role.EMPLOYEE}


@pytest.mark.parametrize("name", ["<script>x</script>", "a<b", 'x"onmouseover=1', "naam met spatie", "ünïcode", "-begin"])
def test_usernames_outside_the_safe_set_are_refused(municipality_a, tenant_of, name):
    admin = make_user("beheer", municipality_a, Role.ADMIN)
    response = logged_in_client(admin, municipality_a).post("/beheer/gebruikers/nieuw", {**NEW, "username": name})
    assert response.status_code == 200 and "Gebruik alleen letters" in response.content.decode()
    with pytest.raises(ValidationError):
        services.create_user(tenant_of(admin, municipality_a), username=name, **NEW)
    assert not User.objects.filter(username=name).exists()


def test_taken_name_of_another_municipality_gets_a_neutral_answer(municipality_a, municipality_b):
    make_user("elders", municipality_b, Role.EMPLOYEE)
    admin = make_user("beheer", municipality_a, Role.ADMIN)
    text = logged_in_client(admin, municipality_a).post("/beheer/gebruikers/nieuw", {**NEW, "username": "elders"}
                                                        ).content.decode()
    assert "kan niet worden gebruikt" in text and "in gebruik" not in text
    assert SecurityEvent.objects.filter(action=SecurityAction.USER_CREATED, result=SecurityResult.DENIED,
                                        actor_id=admin.pk).exists()


def _code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def test_next_survives_the_totp_step(municipality_a):
    user = make_user("analist", municipality_a, Role.ANALYST)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    first = client.get("/api-sleutels")
    assert first["Location"].startswith("/inloggen?next=/api-sleutels")
    after_password = client.post(first["Location"], {"username": user.username, "password": PASSWORD})
    assert after_password["Location"] == "/api-sleutels"
    to_mfa = client.get(after_password["Location"])
    assert to_mfa["Location"] == "/inloggen/tweede-factor?next=%2Fapi-sleutels"
    done = client.post(to_mfa["Location"], {"token": _code(device)})
    assert done.status_code == 302 and done["Location"] == "/api-sleutels"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_next_after_totp_only_follows_same_site_paths(municipality_a, target):
    user = make_user("analist", municipality_a, Role.ANALYST)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    client.post("/inloggen", {"username": user.username, "password": PASSWORD})
    done = client.post("/inloggen/tweede-factor?" + __import__("urllib.parse").parse.urlencode({"next": target}),
                       {"token": _code(device)})
    assert done.status_code == 302 and done["Location"] == "/"
