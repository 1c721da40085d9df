"""After a browser session that logs in, fails, views personal data and issues a key, both hash chains
(processing log and security log) still verify, and the session is actually in them."""

import re

import pytest
from playwright.sync_api import expect

from veiliglokaal.audit.models import ProcessingLogEntry, SecurityEvent

from .conftest import chain_problems
from .helpers import log_in, submit_password

pytestmark = pytest.mark.e2e


def test_audit_chains_verify_after_a_browser_session(demo, new_page):
    page = new_page()
    submit_password(page, "demo-beheerder", "verkeerd-wachtwoord")
    expect(page.get_by_role("alert")).to_be_visible()
    log_in(page, "demo-beheerder")
    page.goto("/beheer/gebruikers")
    page.get_by_role("link", name=re.compile("Mila")).first.click()  # viewing a user is a processing of personal data
    expect(page).to_have_url(re.compile(r"/beheer/gebruikers/\d+$"))
    page.goto("/api-sleutels")
    page.get_by_label("Waarvoor gebruikt u deze sleutel?").fill("Audit-test")
    page.get_by_role("button", name="Sleutel aanmaken").click()
    expect(page.get_by_test_id("new-token")).to_be_visible()
    page.goto("/verantwoording/beveiligingslog")

    assert ProcessingLogEntry.objects.exists(), "viewing a user must be in the processing log"
    actions = set(SecurityEvent.objects.values_list("action", flat=True))
    assert len(actions) >= 3, f"log-in, failed log-in, MFA and key creation must be in the security log: {actions}"
    problems = chain_problems()
    assert problems == {"ProcessingLogEntry": [], "SecurityEvent": []}, problems
