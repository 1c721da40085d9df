"""The main user journeys in a real browser: log-in with TOTP, navigation, the map, switching municipality,
a phone-sized screen, a wrong password — and not a single request to a host other than the app itself."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .helpers import log_in, menu_link, submit_password, submit_totp

pytestmark = pytest.mark.e2e


def assert_only_loopback(page):
    foreign = page.request_log.foreign()
    assert page.request_log.urls, "no requests recorded"
    assert not foreign, f"requests to other hosts than the app: {foreign}"


def test_beheerder_logs_in_navigates_and_sees_the_map(demo, new_page):
    page = new_page()
    log_in(page, "demo-beheerder")

    expect(page).to_have_url(demo.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(menu_link(page, "Vandaag")).to_have_attribute("aria-current", "page")
    for label, path in [("Gebruikers", "/beheer/gebruikers"), ("Verwerkingslog", "/verantwoording/verwerkingslog"),
                        ("Beveiligingslog", "/verantwoording/beveiligingslog"),
                        ("Verwerkingsregister", "/verwerkingsregister"), ("API-sleutels", "/api-sleutels")]:
        menu_link(page, label, exact=True).click()
        expect(page).to_have_url(demo.url + path)
        expect(menu_link(page, label, exact=True)).to_have_attribute("aria-current", "page")

    menu_link(page, "Mijn gemeente").click()
    expect(page).to_have_url(demo.url + "/mijn-gemeente")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ermelo")
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    assert page.locator("#kaart svg path").count() >= 2, "municipality and region layers drawn as SVG paths"
    table = page.get_by_role("table", name=re.compile("Gemeenten in veiligheidsregio"))
    expect(table).to_contain_text("Ermelo")
    expect(table).to_contain_text("Harderwijk")  # same safety region (Noord- en Oost-Gelderland)
    expect(page.get_by_role("heading", name=re.compile("Gemeenten in veiligheidsregio Noord- en Oost-Gelderland"))).to_be_visible()

    assert_only_loopback(page)


def test_regional_analyst_switches_municipality(demo, new_page):
    page = new_page()
    log_in(page, "demo-regio")

    expect(page).to_have_url(demo.url + "/gemeente-kiezen")
    page.get_by_label("Ermelo").check()
    page.get_by_role("button", name="Kiezen").click()
    expect(page).to_have_url(demo.url + "/")
    menu_link(page, "Mijn gemeente").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ermelo")

    page.get_by_role("link", name="Andere gemeente").click()
    page.get_by_label("Harderwijk").check()
    page.get_by_role("button", name="Kiezen").click()
    expect(page).to_have_url(demo.url + "/")
    expect(page.locator(".vl-header__tenant")).to_contain_text("Harderwijk")
    menu_link(page, "Mijn gemeente").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harderwijk")
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()

    assert_only_loopback(page)


def test_login_on_a_phone_sized_screen(demo, new_page):
    page = new_page(viewport=PHONE)
    submit_password(page, "demo-medewerker")
    submit_totp(page)
    expect(page).to_have_url(demo.url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page scrolls sideways on a phone ({width}px wide)"
    menu_link(page, "Mijn gemeente").click()
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    assert_only_loopback(page)


def test_wrong_password_explains_in_dutch_and_keeps_the_username(demo, new_page):
    page = new_page()
    submit_password(page, "demo-beheerder", "niet-het-goede-wachtwoord")
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    expect(page.get_by_role("alert")).to_contain_text("Deze combinatie van gebruikersnaam en wachtwoord kennen we niet")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("demo-beheerder")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_have_value("")
    assert_only_loopback(page)


def test_national_choropleth_draws_every_municipality_without_script_errors(demo, new_page):
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "demo-analist")
    page.goto(demo.url + "/veiligheidsbeeld/kaart")
    expect(page.locator("#kaart svg path").first).to_be_attached()
    assert page.locator("#kaart svg path").count() >= 342, "one shape per municipality"
    assert not errors, f"JavaScript errors: {errors}"
    assert_only_loopback(page)
