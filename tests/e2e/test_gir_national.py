"""GIR national trends in the browser: the national analyst finds the suppressed monthly tables; axe on the page."""

import pytest
from playwright.sync_api import expect

from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e


def test_national_analyst_sees_suppressed_trends(demo, new_page):
    from veiliglokaal.demo.incidents_national import load_national_demo

    load_national_demo(total=1500, months=3)
    page = new_page()
    log_in(page, "demo-landelijk")  # national figures: password and TOTP (MFA for every role since ADR 15)
    menu_link(page, "Landelijke trends GIR").click()
    expect(page.get_by_role("heading", name="Landelijke trends agressie en geweld (GIR)")).to_be_visible()
    expect(page.get_by_role("table", name="Veiligheidsregio: meldingen per maand")).to_be_visible()
    assert "[DEMO]" not in page.content()
    assert_accessible(page, "landelijke trends GIR")
