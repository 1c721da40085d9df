"""GIR in the browser: an employee reports on a phone, the coordinator sees it, starts aftercare and a measure,
prepares the aangifte and finds it in the overview. axe-core on every GIR page on the way."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e


def test_employee_reports_on_a_phone_and_coordinator_starts_aftercare(demo, new_page):
    phone = new_page(viewport=PHONE)
    log_in(phone, "demo-medewerker")
    menu_link(phone, "Incident melden").click()
    expect(phone).to_have_url(demo.url + "/meldingen/nieuw")
    assert_accessible(phone, "melden (telefoon)")
    # The form fits the phone: no horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # A first attempt with mistakes keeps what was typed and says what is wrong.
    phone.get_by_label("Beschrijf wat er gebeurde").fill("Een klant schold mij uit aan de balie en dreigde.")
    phone.get_by_label("Sociale media", exact=True).check()
    phone.get_by_role("button", name="Melding versturen").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    expect(phone.get_by_label("Beschrijf wat er gebeurde")).to_have_value("Een klant schold mij uit aan de balie en dreigde.")
    expect(phone.get_by_text("Vul in op welk platform")).to_be_visible()
    assert_accessible(phone, "melden met foutmeldingen (telefoon)")

    phone.get_by_label("Aan de balie").check()
    phone.get_by_label("Functie van de getroffene").select_option("baliemedewerker")
    phone.get_by_label("Verbaal geweld (schelden, beledigen)").check()
    phone.get_by_label("Bedreiging", exact=True).check()
    phone.get_by_label("Face-to-face").check()
    phone.get_by_label("Naam van de veroorzaker").fill("Demo Veroorzaker")
    phone.get_by_role("button", name="Melding versturen").click()
    expect(phone).to_have_url(re.compile(r"/meldingen/\d+$"))
    expect(phone.get_by_role("status")).to_contain_text("Dank u voor uw melding")
    reference = phone.get_by_role("heading", level=1).inner_text().split()[-1]
    expect(phone.get_by_text("De nazorg is nog niet gestart.")).to_be_visible()
    expect(phone.get_by_text("Demo Veroorzaker")).to_have_count(0)  # offender details are the coordinator's
    assert_accessible(phone, "melding (medewerker, telefoon)")
    phone.goto("/meldingen")
    expect(phone.get_by_role("link", name=reference)).to_be_visible()
    assert_accessible(phone, "mijn meldingen (telefoon)")

    desk = new_page()
    log_in(desk, "demo-coordinator")
    desk.goto("/meldingen/alle")
    assert_accessible(desk, "alle meldingen")
    desk.get_by_role("link", name=reference).click()
    expect(desk.get_by_text("Demo Veroorzaker")).to_be_visible()
    assert_accessible(desk, "melding (coördinator)")
    desk.get_by_role("button", name="Nazorg starten").click()
    expect(desk.get_by_role("status")).to_contain_text("Nazorg gestart")
    expect(desk.get_by_text("Eerste contact met de getroffene (zelfde dag)", exact=True)).to_be_visible()
    desk.get_by_label("Toelichting of uitkomst").first.fill("Gebeld; medewerker is geschrokken, vervolggesprek gepland.")
    desk.get_by_role("button", name="Eerste contact gehad").click()
    expect(desk.get_by_text("Vervolgcontact", exact=True)).to_be_visible()
    desk.get_by_label("Maatregel", exact=True).select_option("police_report")
    desk.get_by_role("button", name="Maatregel starten").click()
    expect(desk.get_by_role("heading", name="Aangifte bij de politie")).to_be_visible()
    expect(desk.locator(".vl-history")).to_contain_text("Maatregel gestart: Aangifte bij de politie")
    assert_accessible(desk, "melding met nazorg en maatregel")
    desk.get_by_role("link", name="Aangifte voorbereiden (afdrukken)").click()
    expect(desk.get_by_text("Stationsstraat 38, 3851 NL Ermelo")).to_be_visible()
    assert_accessible(desk, "aangifte voorbereiden")

    menu_link(desk, "Managementoverzicht GIR").click()
    expect(desk.get_by_role("table", name=re.compile("soort incident", re.I))).to_contain_text("Bedreiging")
    assert_accessible(desk, "managementoverzicht")
    menu_link(desk, "Werkvoorraad GIR").click()
    assert_accessible(desk, "werkvoorraad")

    # The employee sees the new status of their report.
    phone.goto("/meldingen")
    expect(phone.get_by_role("table")).to_contain_text("Nazorg: Vervolgcontact")
