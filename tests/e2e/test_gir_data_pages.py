"""axe-core on the coordinator's GIR data pages that the menu crawl (as functional administrator) cannot reach:
data home, quarterly report, import upload, the column-mapping step with row errors, and adding an attachment."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e

# Semicolon CSV as a municipality's old spreadsheet would export it; row 2 has a bad date and an unknown place.
HISTORICAL_CSV = (
    "Datum;Plaats;Functie;Soort;Kanaal;Omschrijving\n"
    "12-03-2025;Aan de balie;baliemedewerker;Verbaal geweld (schelden, beledigen);Face-to-face;Klant schold\n"
    "31-02-2025;Op de maan;baliemedewerker;Bedreiging;Face-to-face;Dreigement\n"
).encode("utf-8")


def test_coordinator_data_pages_are_accessible(demo, new_page, tmp_path):
    page = new_page()
    log_in(page, "demo-coordinator")

    menu_link(page, "Gegevens GIR").click()
    expect(page).to_have_url(demo.url + "/meldingen/gegevens")
    assert_accessible(page, "gegevens GIR")

    page.goto(demo.url + "/meldingen/kwartaalrapport")
    assert_accessible(page, "kwartaalrapport")

    page.goto(demo.url + "/meldingen/importeren")
    assert_accessible(page, "importeren")
    upload = tmp_path / "historie.csv"
    upload.write_bytes(HISTORICAL_CSV)
    page.get_by_label(re.compile("Bestand")).set_input_files(str(upload))
    page.get_by_role("button", name="Bestand lezen").click()
    expect(page).to_have_url(re.compile(r"/meldingen/importeren/\d+$"))
    assert_accessible(page, "kolommen koppelen")
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page).to_have_url(re.compile(r"/meldingen/importeren/\d+/verwerking$"))  # the import job's page
    expect(page.locator("#voortgang")).to_contain_text("Mislukt")
    expect(page.get_by_role("alert").first).to_be_visible()
    errors = page.get_by_role("table", name="Fouten per regel")
    expect(errors).to_contain_text("geen geldige datum")
    expect(errors).to_contain_text("Op de maan")
    assert_accessible(page, "import afgewezen met foutenrapport")
    page.get_by_role("link", name="Kolommen aanpassen en opnieuw importeren").click()
    expect(page.get_by_role("table", name="Fouten per regel")).to_contain_text("Op de maan")
    assert_accessible(page, "kolommen koppelen met rijfouten")
