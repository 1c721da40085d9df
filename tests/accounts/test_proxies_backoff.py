"""Behind a reverse proxy: the real client address only from trusted proxies, lock-out per (account, real
address), a growing per-account delay instead of a lock anyone can trigger, and traceparent only from a trusted
proxy."""

import datetime

import pytest
from django.test import Client, RequestFactory

from veiliglokaal.accounts import backoff
from veiliglokaal.accounts.models import LoginBackoff
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import ProcessingLogEntry, SecurityAction, SecurityEvent
from veiliglokaal.core.proxies import client_ip

from tests.conftest import PASSWORD, logged_in_client, make_user

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def _login(username, password, client_address, peer=PROXY):
    return Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=f"{client_address}, {peer}" if peer == PROXY else client_address
                  ).post("/inloggen", {"username": username, "password": password})


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(behind_proxy):
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")) == "203.0.113.9"
    # a client's own fake entries left of the real one are ignored: the right-most untrusted address counts
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(factory.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "198.51.100.1"
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="geen-adres")) == PROXY


def test_attacker_behind_the_same_proxy_does_not_lock_the_victim_out(behind_proxy, municipality_a, settings):
    settings.LOGIN_BACKOFF_AFTER = 100  # look at the axes lock alone here
    victim = make_user("slachtoffer", municipality_a, Role.EMPLOYEE)
    for attempt in range(6):
        _login(victim.username, f"fout-{attempt}", "203.0.113.66")
    assert _login(victim.username, "fout", "203.0.113.66").status_code == 429  # the attacker's address is locked
    assert _login(victim.username, PASSWORD, "198.51.100.7").status_code == 302  # the victim's is not
    lock = SecurityEvent.objects.filter(action=SecurityAction.LOCKED_OUT).first()
    assert lock.origin == "203.0.113.66"


def test_per_account_delay_grows_and_refuses_inside_the_delay(behind_proxy, municipality_a, settings):
    settings.LOGIN_BACKOFF_AFTER = 3
    user = make_user("gebruiker", municipality_a, Role.EMPLOYEE)
    for attempt in range(3):  # three addresses: axes (per address) never locks
        assert _login(user.username, "fout", f"203.0.113.{attempt + 1}").status_code == 200
    assert backoff.seconds_to_wait(user.username) == 1
    refused = _login(user.username, PASSWORD, "198.51.100.7")  # even the right password waits
    assert refused.status_code == 200 and "Wacht 1 seconden" in refused.content.decode()
    assert LoginBackoff.objects.get().failures == 3  # a refused attempt does not count
    assert SecurityEvent.objects.filter(action=SecurityAction.LOGIN_FAILED, detail__reden="wachttijd").exists()
    assert [backoff.delay_for(n) for n in (2, 3, 4, 5, 20)] == [0, 1, 2, 4, settings.LOGIN_BACKOFF_MAX_SECONDS]

    LoginBackoff.objects.update(last_failure_at=LoginBackoff.objects.get().last_failure_at - datetime.timedelta(seconds=2))
    assert _login(user.username, PASSWORD, "198.51.100.7").status_code == 302
    assert not LoginBackoff.objects.exists()  # a successful log-in clears the delay


def test_traceparent_is_continued_only_from_a_trusted_proxy(behind_proxy, municipality_a):
    admin = make_user("beheer", municipality_a, Role.ADMIN)
    member = make_user("lid", municipality_a, Role.EMPLOYEE)
    client = logged_in_client(admin, municipality_a)
    trace = "ab" * 16
    header = f"00-{trace}-{'cd' * 8}-01"
    direct = client.get(f"/beheer/gebruikers/{member.pk}", HTTP_TRACEPARENT=header, REMOTE_ADDR="198.51.100.1")
    assert not direct["traceparent"].startswith(f"00-{trace}-")
    assert ProcessingLogEntry.objects.get(name="gebruiker bekeken").trace_id != trace
    proxied = client.get(f"/beheer/gebruikers/{member.pk}", HTTP_TRACEPARENT=header, REMOTE_ADDR=PROXY,
                         HTTP_X_FORWARDED_FOR="203.0.113.4")
    assert proxied["traceparent"].startswith(f"00-{trace}-")
