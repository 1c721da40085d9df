"""Stored XSS: payloads planted in every data field that reaches a map tooltip must stay text.

A BAG street name (DOOK worklist points), a buurt name (DOOK area layer), a gazetteer place name (monitoring alert
map) and the municipality name (own-municipality map) each carry an `<img onerror>` and a `<script>` payload. The
pages are opened, every tooltip is hovered and focused, and then `window.__xss` must be undefined, the payload must
appear as literal text in the tooltip, and no Content-Security-Policy violation may have happened (our own
scripts and styles must keep working under the strict policy).
"""

import re

import pytest
from playwright.sync_api import expect

from .helpers import log_in

pytestmark = pytest.mark.e2e

PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || ""));
});
"""


def _watched_page(new_page):
    page = new_page()
    page.add_init_script(WATCH_CSP)
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def _hover_and_focus_all(page, selector):
    shapes = page.locator(selector)
    count = shapes.count()
    assert count, f"no map shapes for {selector}"
    tooltips = []
    for i in range(count):
        shape = shapes.nth(i)
        shape.hover(force=True)
        shape.focus()
        tooltip = page.locator(".leaflet-tooltip")
        if tooltip.count():
            tooltips.append(tooltip.last.inner_text())
    return tooltips


def _assert_clean(page, name):
    assert page.evaluate("typeof window.__xss") == "undefined", f"payload executed on {name}"
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"CSP violations on {name}: {violations}"
    assert not [m for m in page.console_messages if "Content Security Policy" in m], page.console_messages
    assert page.errors == [], page.errors


def test_dook_street_and_buurt_names_stay_text(demo, new_page):
    from tests.irregularities.factories_review import review_demo_run
    from veiliglokaal.core.models import Municipality, Neighbourhood
    from veiliglokaal.demo.accounts import DEMO_MUNICIPALITY

    municipality = Municipality.objects.get(code=DEMO_MUNICIPALITY)
    Neighbourhood.objects.filter(municipality=municipality).update(name=PAYLOAD)
    review_demo_run(municipality, street=PAYLOAD)

    page = _watched_page(new_page)
    log_in(page, "demo-analist")
    page.goto("/onregelmatigheden/kaart")
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    tooltips = _hover_and_focus_all(page, "#kaart path.leaflet-interactive")
    assert any("<img" in text for text in tooltips), tooltips  # the buurt name, shown literally
    _assert_clean(page, "DOOK-kaart")

    page.get_by_role("link", name="Werklijst op adresniveau (doel opgeven)").click()
    page.get_by_label("Waarvoor bekijkt u gegevens op adresniveau?").fill("XSS-test op synthetische gegevens")
    page.get_by_role("button", name="Doel vastleggen en verder").click()
    expect(page).to_have_url(re.compile(r"/onregelmatigheden/werklijst$"))
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    tooltips = _hover_and_focus_all(page, "#kaart path.leaflet-interactive")
    assert any("onerror" in text and "<script>" in text for text in tooltips), tooltips  # the street, literally
    _assert_clean(page, "DOOK-werklijst")
    assert not page.request_log.foreign()  # the <img src=x> was never requested either
    assert not [url for url in page.request_log.urls if url.endswith("/x")]


def test_monitoring_place_name_stays_text(demo, new_page):
    from veiliglokaal.demo.monitoring import load_monitoring_demo
    from veiliglokaal.monitoring.models import Alert, GazetteerEntry, Match, TermKind

    load_monitoring_demo()
    alert = Alert.objects.filter(place__icontains="gemeentehuis", evidence__isnull=False).distinct().first()
    known = GazetteerEntry.objects.get(municipality=alert.municipality, name=alert.place)
    GazetteerEntry.objects.create(municipality=alert.municipality, name=PAYLOAD, kind=known.kind,
                                  latitude=known.latitude + 0.003, longitude=known.longitude + 0.003)
    Match.objects.create(post=alert.evidence.first(), kind=TermKind.PLACE, term=PAYLOAD)

    page = _watched_page(new_page)
    log_in(page, "demo-analist")
    page.goto(f"/monitoring/alerts/{alert.pk}")
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    tooltips = _hover_and_focus_all(page, "#kaart path.leaflet-interactive")
    assert any("<script>" in text for text in tooltips), tooltips
    _assert_clean(page, "alert")


def test_municipality_name_stays_text(demo, new_page):
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.demo.accounts import DEMO_MUNICIPALITY

    Municipality.objects.filter(code=DEMO_MUNICIPALITY).update(name=PAYLOAD)
    page = _watched_page(new_page)
    log_in(page, "demo-analist")
    page.goto("/mijn-gemeente")
    expect(page.locator("#kaart[data-ready=true]")).to_be_attached()
    _hover_and_focus_all(page, "#kaart path.leaflet-interactive")
    _assert_clean(page, "mijn gemeente")


def test_pages_and_api_carry_the_policy(demo, new_page):
    page = _watched_page(new_page)
    response = page.goto("/inloggen")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    api = page.request.get("/api/v1/municipalities")
    assert "default-src 'self'" in api.headers["content-security-policy"]
    _assert_clean(page, "inloggen")
