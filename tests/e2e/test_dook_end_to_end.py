"""DOOK from file to case, with nothing made up in between: the analyst uploads a BAG GeoPackage and a BRP-counts
file in the browser, starts a scoring run, finds the crowded address on the map and in the worklist, reads why it was
signalled, decides "handhavingstraject" and lands on the case. Every step runs the real importer, pipeline and
services (jobs in-process, as in the test settings); axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.irregularities.dook_files import make_geopackage, write

from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e

# Stationsstraat 3A (0233010000000002, woonfunctie, 64 m²): 8 registrations is 8 m² per person, below the default
# threshold of 12 m², with at least 4 persons: the besettingsgraad indicator must fire there and nowhere else.
BRP_COUNTS = ("verblijfsobject_id,ingeschreven_personen,verhuizingen_in_12m,verhuizingen_uit_12m\n"
              "0233010000000001,2,0,0\n"
              "0233010000000002,8,1,1\n")


def _upload(page, base_url, source_label, path):
    page.goto(base_url + "/dook/bronnen")
    page.get_by_role("link", name=source_label).click()
    page.get_by_label("Bestand", exact=True).set_input_files(str(path))
    page.get_by_label("Peildatum").fill("2026-01-01")
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_load_state()
    if page.url.endswith("/kolommen"):  # a table file: confirm the proposed column mapping (ADR 14)
        page.get_by_role("button", name="Kolommen bevestigen en inlezen").click()
    expect(page.locator("#voortgang")).to_contain_text("Geslaagd")
    assert_accessible(page, f"inlezing {source_label}")


def test_file_to_score_to_map_to_signal_to_enforcement_case(demo, new_page, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    page = new_page()
    log_in(page, "demo-analist")

    _upload(page, demo.url, "BAG (GeoPackage van PDOK)", make_geopackage(tmp_path / "bag-light.gpkg"))
    _upload(page, demo.url, re.compile("BRP"), write(tmp_path / "brp.csv", BRP_COUNTS))

    menu_link(page, "Indicatoren DOOK").click()
    assert_accessible(page, "indicatoren en berekeningen")
    page.get_by_role("button", name="Nieuwe berekening starten").click()
    expect(page).to_have_url(re.compile(r"/onregelmatigheden/berekeningen/\d+$"))
    expect(page.locator("main")).to_contain_text("Geslaagd")
    assert_accessible(page, "berekening")

    menu_link(page, "Kaart onregelmatigheden").click()
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    expect(page.get_by_test_id("map-table").locator("tbody tr")).not_to_have_count(0)
    assert_accessible(page, "kaart na berekening")

    page.get_by_role("link", name="Werklijst op adresniveau (doel opgeven)").click()
    page.get_by_label("Waarvoor bekijkt u gegevens op adresniveau?").fill(
        "Nieuwe BRP-stand beoordelen op overbewoning (end-to-end-test)")
    page.get_by_role("button", name="Doel vastleggen en verder").click()
    worklist = page.get_by_test_id("worklist")
    expect(worklist.locator("tbody tr")).to_have_count(1)
    expect(worklist).to_contain_text("Stationsstraat 3A")
    assert_accessible(page, "werklijst na berekening")

    worklist.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Waarom dit signaal")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Besettingsgraad")
    expect(page.locator("main")).to_contain_text("brp.csv")  # the source value with its provenance
    assert_accessible(page, "signaal uit de echte pijplijn")

    page.get_by_label("Handhavingstraject starten").check()
    page.get_by_label("Onderbouwing").fill("Acht inschrijvingen op 64 m²; huisbezoek gepland.")
    page.get_by_label("Grondslag van het handhavingstraject").select_option("huisvestingswet")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Besluit vastgelegd")
    page.get_by_role("link", name=re.compile(r"HH-\d{6}")).click()
    expect(page.get_by_test_id("case-state")).to_have_text("Intake")
    expect(page.locator("main")).to_contain_text("Stationsstraat")
    assert_accessible(page, "handhavingstraject uit de echte pijplijn")
    assert page.request_log.foreign() == []
