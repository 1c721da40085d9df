"""DOOK in the browser: the aggregated map and its table, the purpose gate, the worklist with points, a signal,
a decision "enforcement", the enforcement case and a transition by the enforcer. axe-core on every page; no
request leaves the app. The data is the synthetic test run of tests/irregularities/factories_review.py."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e


@pytest.fixture
def dook_run(demo):
    from tests.irregularities.factories_review import review_demo_run
    from veiliglokaal.demo.accounts import DEMO_MUNICIPALITY
    from veiliglokaal.core.models import Municipality

    return review_demo_run(Municipality.objects.get(code=DEMO_MUNICIPALITY))


def test_map_to_signal_to_decision_to_enforcement_case(demo, dook_run, new_page):
    page = new_page()
    log_in(page, "demo-analist")
    menu_link(page, "Kaart onregelmatigheden").click()
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    expect(page.locator("#kaart path.leaflet-interactive")).to_have_count(3)
    expect(page.get_by_text("Een signaal is een aanwijzing, geen oordeel.")).to_be_visible()
    assert_accessible(page, "kaart onregelmatigheden")
    page.screenshot(path="/tmp/vl-dook-kaart.png", full_page=True)

    # keyboard: the areas are focusable and announce their count
    first_area = page.locator("#kaart path.leaflet-interactive").first
    first_area.focus()
    assert "signalen op" in first_area.get_attribute("aria-label")

    # the list alternative on the same page
    page.get_by_role("link", name="Naar de tabel met dezelfde gegevens").click()
    table = page.get_by_test_id("map-table")
    expect(table.locator("tbody tr")).to_have_count(3)

    page.get_by_label("Gebieden", exact=True).select_option("hex")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    expect(page.get_by_test_id("map-table").locator("tbody tr")).to_have_count(2)
    assert_accessible(page, "kaart onregelmatigheden (zeshoeken)")

    # address level: first a purpose
    page.get_by_role("link", name="Werklijst op adresniveau (doel opgeven)").click()
    expect(page).to_have_url(re.compile(r"/onregelmatigheden/doel"))
    page.get_by_role("button", name="Doel vastleggen en verder").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Vul het doel in")).to_be_visible()
    assert_accessible(page, "doel opgeven met foutmelding")
    page.get_by_label("Waarvoor bekijkt u gegevens op adresniveau?").fill(
        "Meldingen van overbewoning in Ermelo-centrum beoordelen (demo)")
    page.get_by_role("button", name="Doel vastleggen en verder").click()
    expect(page).to_have_url(re.compile(r"/onregelmatigheden/werklijst$"))
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    expect(page.locator("#kaart path.leaflet-interactive")).to_have_count(6)
    expect(page.get_by_test_id("worklist").locator("tbody tr")).to_have_count(6)
    assert_accessible(page, "werklijst")
    page.screenshot(path="/tmp/vl-dook-werklijst.png", full_page=True)

    page.get_by_test_id("worklist").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/onregelmatigheden/signalen/\d+$"))
    expect(page.get_by_role("heading", name="Waarom dit signaal")).to_be_visible()
    expect(page.get_by_text("Synthetische gegevens (demo)")).to_be_visible()
    assert_accessible(page, "signaal")
    page.screenshot(path="/tmp/vl-dook-signaal.png", full_page=True)

    page.get_by_label("Handhavingstraject starten").check()
    page.get_by_label("Onderbouwing").fill("Zeven inschrijvingen op 60 m²; controle ter plaatse bevestigt kamerverhuur.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("alert")).to_be_visible()  # no legal basis yet: the form says so and keeps the text
    expect(page.get_by_label("Onderbouwing")).to_have_value(re.compile("Zeven inschrijvingen"))
    assert_accessible(page, "signaal met foutmelding")
    page.get_by_label("Grondslag van het handhavingstraject").select_option("huisvestingswet")
    page.get_by_label("Eigenaar van het handhavingstraject").select_option(label="Kim Jansen")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Besluit vastgelegd")
    page.get_by_role("link", name=re.compile(r"HH-\d{6}")).click()
    expect(page.get_by_test_id("case-state")).to_have_text("Intake")
    assert_accessible(page, "handhavingstraject (analist)")

    page.goto("/onregelmatigheden/precisie")
    expect(page.get_by_test_id("precision")).to_contain_text("100%")
    assert_accessible(page, "precisie")

    enforcer = new_page()
    log_in(enforcer, "demo-handhaver")
    menu_link(enforcer, "Handhavingstrajecten").click()
    assert_accessible(enforcer, "handhavingstrajecten")
    enforcer.get_by_role("link", name=re.compile(r"HH-\d{6}")).click()
    enforcer.get_by_label("Toelichting of uitkomst").first.fill("Dossier compleet; controle ingepland.")
    enforcer.get_by_role("button", name="Onderzoek starten").click()
    expect(enforcer.get_by_role("status")).to_contain_text("Onderzoek")
    expect(enforcer.get_by_test_id("case-state")).to_have_text("Onderzoek")
    expect(enforcer.get_by_test_id("history")).to_contain_text("Dossier compleet")
    assert_accessible(enforcer, "handhavingstraject (handhaver)")
    enforcer.screenshot(path="/tmp/vl-dook-traject.png", full_page=True)
    enforcer.goto("/onregelmatigheden/kaart")
    expect(enforcer.get_by_test_id("map-table")).to_contain_text("< 5")  # no address access: small counts masked
    assert_accessible(enforcer, "kaart (handhaver)")

    for browser_page in (page, enforcer):
        assert browser_page.request_log.foreign() == []
