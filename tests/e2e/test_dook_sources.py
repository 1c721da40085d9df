"""Browser flow "import" of DOOK: the analyst finds Bronnen DOOK in the menu, uploads a BAG GeoPackage, watches
the progress fragment (htmx polling) while the real database worker runs the job, sees the result, then uploads a
file of another municipality and reads the row-level error report. axe-core on every page of the flow."""

import datetime
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.irregularities.dook_files import make_geopackage, sample_csv

from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e


def test_import_flow_with_progress_result_and_error_report(demo, new_page, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a real queue, worked below
    settings.MEDIA_ROOT = str(tmp_path / "media")
    page = new_page()
    log_in(page, "demo-analist")

    menu_link(page, "Bronnen DOOK").click()
    expect(page).to_have_url(demo.url + "/dook/bronnen")
    assert_accessible(page, "bronnen DOOK")

    page.get_by_role("link", name="BAG (GeoPackage van PDOK)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("BAG (GeoPackage van PDOK) inlezen")
    assert_accessible(page, "BAG GeoPackage inlezen")
    page.get_by_role("button", name="Inlezen").click()  # nothing chosen: errors, nothing lost
    expect(page.get_by_text("Kies een bestand.")).to_be_visible()
    assert_accessible(page, "BAG GeoPackage inlezen met foutmeldingen")

    page.get_by_label("Bestand", exact=True).set_input_files(str(make_geopackage(tmp_path / "bag-light.gpkg")))
    page.get_by_label("Peildatum").fill(datetime.date(2025, 1, 1).isoformat())
    page.get_by_role("button", name="Inlezen").click()
    expect(page).to_have_url(re.compile(r"/dook/bronnen/\d+$"))
    expect(page.locator("#voortgang")).to_contain_text("In de wachtrij")
    expect(page.locator("#voortgang[hx-trigger]")).to_be_attached()
    assert_accessible(page, "inlezing in de wachtrij")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.get_by_text("3 rijen zijn ingelezen.")).to_be_visible()  # the fragment polled, then reloaded
    expect(page.locator("#voortgang")).to_contain_text("Geslaagd")
    assert_accessible(page, "inlezing geslaagd")

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page.goto(demo.url + "/dook/bronnen/inlezen/bag_csv")
    page.get_by_label("Bestand", exact=True).set_input_files(str(sample_csv(tmp_path / "amsterdam.csv")))
    page.get_by_label("Peildatum").fill("2025-01-01")
    page.get_by_role("button", name="Inlezen").click()
    expect(page.get_by_role("heading", name="Kolommen koppelen")).to_be_visible()  # the mapping step
    expect(page.get_by_role("table", name=re.compile("Voorbeeld"))).to_contain_text("Barentszplein")
    expect(page.get_by_label("straatnaam")).to_have_value("straatnaam")
    assert_accessible(page, "kolommen koppelen")
    page.get_by_role("button", name="Kolommen bevestigen en inlezen").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is niets ingelezen: 3 fouten gevonden.")
    errors = page.get_by_role("table", name="Fouten per regel")
    expect(errors).to_contain_text("hoort bij gemeente 0363")
    assert_accessible(page, "inlezing afgewezen met foutenrapport")

    page.goto(demo.url + "/dook/bronnen")
    expect(page.get_by_role("table", name="Laatste inlezingen, met herkomst")).to_contain_text("amsterdam.csv")
    assert_accessible(page, "bronnen DOOK met inlezingen")

    from veiliglokaal.demo.dook import load_dook_demo

    load_dook_demo(codes=("GM0233",))  # the synthetic demo, with its label and ground truth
    page.reload()
    expect(page.get_by_text("synthetische demodata").first).to_be_visible()
    expect(page.get_by_role("link", name="Grondwaarheid als CSV (synthetische demodata)")).to_be_visible()
    assert_accessible(page, "bronnen DOOK met synthetische demodata")
    page.get_by_role("link", name="demo-kvk-ermelo.json").click()
    expect(page.get_by_text("Dit bestand is voor de demo gemaakt")).to_be_visible()
    assert_accessible(page, "synthetische inlezing")
    assert not page.request_log.foreign()
