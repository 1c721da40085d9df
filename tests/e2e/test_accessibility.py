"""axe-core (WCAG 2.0/2.1 A and AA rules) on every page a user can reach: no serious or critical violations."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import MUNICIPALITY_A, make_user
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core.models import Municipality

from .conftest import PHONE
from .helpers import describe, log_in, serious_violations, submit_password, submit_totp

pytestmark = pytest.mark.e2e
SCREENSHOTS = "/tmp"


class Report:
    """Collects the violations per page, so one run lists everything that needs fixing."""

    def __init__(self):
        self.failures: dict[str, list[dict]] = {}
        self.checked: list[str] = []

    def check(self, page, name: str) -> None:
        page.wait_for_load_state("load")
        self.checked.append(name)
        violations = serious_violations(page)
        if violations:
            self.failures[f"{name} ({page.url})"] = violations

    def assert_clean(self) -> None:
        print(f"axe-core checked {len(self.checked)} pages: {self.checked}")
        assert not self.failures, "axe-core: serious/critical WCAG 2.1 AA violations\n" + "\n".join(
            f"{name}:\n{describe(v)}" for name, v in self.failures.items())


def test_every_page_of_a_functional_administrator(demo, new_page):
    report = Report()
    page = new_page()
    page.goto("/inloggen")
    report.check(page, "inloggen")
    submit_password(page, "demo-beheerder", "fout-wachtwoord")
    expect(page.get_by_role("alert")).to_be_visible()
    report.check(page, "inloggen met foutmelding")
    submit_password(page, "demo-beheerder")
    expect(page).to_have_url(re.compile("/inloggen/tweede-factor"))
    report.check(page, "tweede inlogstap")
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="Controleren").click()
    report.check(page, "tweede inlogstap met foutmelding")
    page.wait_for_timeout(1500)  # django-otp throttles the device for 1 s after a wrong code
    submit_totp(page)
    expect(page).to_have_url(demo.url + "/")
    report.check(page, "overzicht")
    page.screenshot(path=f"{SCREENSHOTS}/vl-overzicht-desktop.png", full_page=True)

    page.goto("/mijn-gemeente")
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    report.check(page, "mijn gemeente")
    page.screenshot(path=f"{SCREENSHOTS}/vl-mijn-gemeente-desktop.png", full_page=True)

    in_page_links: set[str] = set()

    def collect_links():
        for href in page.locator("main a[href^='/']:not([download])").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"):
            path = href.split("#")[0]
            if path and "?" not in path and "/csv/" not in path and not path.startswith(("/api/", "/static/")):
                in_page_links.add(path)

    visited = {"/", "/mijn-gemeente"}
    for path, name in [("/bronnen", "bronnen"), ("/toegankelijkheid", "toegankelijkheid"),
                       ("/beheer/gebruikers", "gebruikers"), ("/verantwoording/verwerkingslog", "verwerkingslog"),
                       ("/verantwoording/beveiligingslog", "beveiligingslog"),
                       ("/verwerkingsregister", "verwerkingsregister"), ("/api-sleutels", "api-sleutels"),
                       ("/api-documentatie", "api-documentatie"), ("/bestaat-niet", "404")]:
        page.goto(path)
        report.check(page, name)
        visited.add(path)
        collect_links()

    # Every page in the main menu (modules added later included), and every page linked from those pages.
    # Every link of every group, also those of closed groups (hidden until their group is opened).
    menu_paths = page.locator("nav.vl-nav a.vl-nav__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    for path in menu_paths:
        if path not in visited:
            page.goto(path)
            report.check(page, f"hoofdmenu {path}")
            visited.add(path)
            collect_links()
    seen_patterns = set()
    for path in sorted(in_page_links - visited):  # HTML pages only: JSON, CSV and static files are not pages
        pattern = re.sub(r"\d+", "<n>", path)  # one user detail page stands for all of them
        if pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        page.goto(path)
        report.check(page, f"gelinkt {path}")
        visited.add(path)

    page.goto("/beheer/gebruikers/nieuw")
    report.check(page, "gebruiker toevoegen")
    page.get_by_role("button", name=re.compile("toevoegen|Opslaan|Aanmaken", re.I)).click()
    expect(page.get_by_role("alert")).to_be_visible()
    report.check(page, "gebruiker toevoegen met foutmeldingen")

    page.goto("/beheer/gebruikers")
    page.get_by_role("link", name=re.compile("demo-medewerker|Mila")).first.click()
    expect(page).to_have_url(re.compile(r"/beheer/gebruikers/\d+$"))
    report.check(page, "gebruiker detail")

    page.goto("/verantwoording/verwerkingslog")
    page.get_by_role("button", name=re.compile("Zoeken|Filteren|Toepassen", re.I)).first.click()
    report.check(page, "verwerkingslog gefilterd")

    page.goto("/api-sleutels")
    page.get_by_label("Waarvoor gebruikt u deze sleutel?").fill("Koppeling e2e")
    page.get_by_role("button", name=re.compile("sleutel", re.I)).first.click()
    report.check(page, "api-sleutels met nieuwe sleutel")

    report.assert_clean()


def test_mfa_enrolment_page(demo, new_page):
    make_user("nieuwe-beheerder", Municipality.objects.get(code=MUNICIPALITY_A), Role.ADMIN)
    report = Report()
    page = new_page()
    from tests.conftest import PASSWORD

    submit_password(page, "nieuwe-beheerder", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor instellen")
    report.check(page, "tweede factor instellen")
    report.assert_clean()


def test_choose_municipality_and_forbidden_pages(demo, new_page):
    report = Report()
    page = new_page()
    log_in(page, "demo-regio")
    expect(page).to_have_url(demo.url + "/gemeente-kiezen")
    report.check(page, "gemeente kiezen")
    page.get_by_role("button", name="Kiezen").click()
    page.goto("/beheer/gebruikers")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    report.check(page, "403")
    report.assert_clean()


def test_phone_sized_pages(demo, new_page):
    report = Report()
    page = new_page(viewport=PHONE)
    log_in(page, "demo-beheerder")
    report.check(page, "overzicht (telefoon)")
    page.screenshot(path=f"{SCREENSHOTS}/vl-overzicht-telefoon.png", full_page=True)
    page.goto("/mijn-gemeente")
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    report.check(page, "mijn gemeente (telefoon)")
    page.screenshot(path=f"{SCREENSHOTS}/vl-mijn-gemeente-telefoon.png", full_page=True)
    report.assert_clean()


def test_dook_scoring_pages_of_an_analyst(demo, new_page):
    """DOOK scoring: indicator settings (with Dutch errors), a run with its progress, the Algoritmeregister entry."""
    report = Report()
    page = new_page()
    log_in(page, "demo-analist")
    page.goto("/onregelmatigheden/instellingen")
    report.check(page, "dook indicatoren")
    page.goto("/onregelmatigheden/instellingen/high_risk_concentration")
    report.check(page, "dook indicator instellen")
    page.get_by_label("Minimaal aantal adressen met een risicobranche in het gebied").fill("1")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    report.check(page, "dook indicator instellen met foutmeldingen")
    page.screenshot(path=f"{SCREENSHOTS}/vl-dook-indicator-fout.png", full_page=True)
    page.goto("/onregelmatigheden/instellingen")
    page.get_by_label("SBI-code").fill("96x")
    page.get_by_role("button", name="Branche toevoegen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    report.check(page, "dook risicobranche met foutmeldingen")
    page.goto("/onregelmatigheden/instellingen")
    page.get_by_role("button", name="Nieuwe berekening starten").click()
    expect(page).to_have_url(re.compile(r"/onregelmatigheden/berekeningen/\d+$"))
    report.check(page, "dook berekening")
    page.screenshot(path=f"{SCREENSHOTS}/vl-dook-berekening.png", full_page=True)
    page.goto("/onregelmatigheden/algoritme")
    report.check(page, "dook algoritmeregister")
    page.screenshot(path=f"{SCREENSHOTS}/vl-dook-algoritme.png")
    report.assert_clean()
