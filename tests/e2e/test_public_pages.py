"""Public mode in the browser: the open-data pages (INDICATORS_PUBLIC on) without login, and the council report,
checked with axe-core. Public pages are not in any menu, so the accessibility crawl needs them listed here."""

import pytest
from playwright.sync_api import expect

from .helpers import assert_accessible, log_in
from .test_flows import assert_only_loopback

pytestmark = pytest.mark.e2e


@pytest.fixture
def public_demo(demo, settings):
    from veiliglokaal.indicators.services import load_shipped_statistics

    settings.INDICATORS_PUBLIC = True
    load_shipped_statistics()
    return demo


def test_public_pages_are_accessible_without_login(public_demo, new_page):
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/openbaar/veiligheidsbeeld/kaart")
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    assert page.locator("#kaart svg path").count() >= 342
    assert page.get_by_role("navigation").count() == 0
    assert_accessible(page, "openbaar: kaart")
    page.get_by_role("link", name="Ermelo", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Veiligheidsbeeld Ermelo")
    expect(page.get_by_test_id("bbv-table")).to_be_visible()
    assert_accessible(page, "openbaar: profiel Ermelo")
    page.get_by_role("link", name="Rapport voor de raad (afdrukken)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veiligheidsbeeld Ermelo")
    assert_accessible(page, "openbaar: rapport Ermelo")
    page.emulate_media(media="print")
    assert_accessible(page, "openbaar: rapport Ermelo (afdruk)")
    assert not errors, f"JavaScript errors: {errors}"
    assert_only_loopback(page)


def test_council_report_for_a_logged_in_official(public_demo, new_page):
    page = new_page()
    log_in(page, "demo-analist")
    page.goto("/veiligheidsbeeld")
    page.get_by_role("link", name="Rapport voor de raad (afdrukken)").click()
    expect(page).to_have_url(public_demo.url + "/veiligheidsbeeld/rapport")
    expect(page.get_by_test_id("report-sources")).to_contain_text("47013NED")
    assert page.get_by_role("navigation").count() == 0
    assert_accessible(page, "rapport voor de raad")
