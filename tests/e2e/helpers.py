"""Steps shared by the browser tests: logging in (password + TOTP) and running axe-core."""

import re

from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from veiliglokaal.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_KEY

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def totp_code(hex_key: str = DEMO_TOTP_KEY) -> str:
    """The current code, computed from the key the way an authenticator app does (not read from the page)."""
    return f"{TOTP(bytes.fromhex(hex_key)).token():06d}"


def submit_password(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def submit_totp(page: Page, hex_key: str = DEMO_TOTP_KEY) -> None:
    expect(page).to_have_url(re.compile(r"/inloggen/tweede-factor"))
    page.get_by_label("Code uit uw authenticator-app").fill(totp_code(hex_key))
    page.get_by_role("button", name="Controleren").click()


def log_in(page: Page, username: str) -> None:
    submit_password(page, username)
    submit_totp(page)
    expect(page).not_to_have_url(re.compile(r"/inloggen"))


def serious_violations(page: Page) -> list[dict]:
    results = _axe.run(page, options=AXE_OPTIONS)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> None:
    page.wait_for_load_state("load")
    violations = serious_violations(page)
    assert not violations, f"axe-core: serious/critical WCAG 2.1 AA violations on {name} ({page.url}):\n" + describe(violations)


def menu_link(page: Page, name: str, exact: bool = False):
    """The main-menu link `name`, after opening what hides it: on a phone the Menu button, then the link's group."""
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    toggle = nav.get_by_role("button", name="Menu", exact=True)
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    hidden_link = page.get_by_role("link", name=name, exact=exact, include_hidden=True)
    button = nav.locator(".vl-nav__group").filter(has=hidden_link).locator(".vl-nav__button")
    if button.get_attribute("aria-expanded") == "false":
        button.click()
    return nav.get_by_role("link", name=name, exact=exact)
