"""The shell in a real browser, for every demo role: the "Vandaag" items and menu groups that role gets, a group
opened and closed by keyboard, axe-core on desktop and phone, and no request to another host."""

import datetime

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .helpers import assert_accessible, submit_password, submit_totp

ROLES = ["demo-medewerker", "demo-leidinggevende", "demo-coordinator", "demo-analist", "demo-handhaver",
         "demo-bestuurder", "demo-landelijk", "demo-beheerder", "demo-privacy"]


def _tenant(username):
    from veiliglokaal.accounts.models import User
    from veiliglokaal.accounts.selectors import tenant_for
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.demo.accounts import DEMO_MUNICIPALITY

    municipality = Municipality.objects.get(code=DEMO_MUNICIPALITY)
    return tenant_for(User.objects.get(username=username), municipality.pk)


def _late_aftercare():
    """The employee reported an incident; the coordinator owns its aftercare, whose first step is overdue."""
    from django.utils import timezone

    from tests.incidents.conftest import incident_data
    from veiliglokaal.accounts.models import User
    from veiliglokaal.incidents import services
    from veiliglokaal.incidents.models import Aftercare

    employee, coordinator = (User.objects.get(username=name) for name in ("demo-medewerker", "demo-coordinator"))
    incident = services.create_incident(_tenant("demo-medewerker"), employee,
                                        {**incident_data(), "victim_user": employee})
    services.start_aftercare(_tenant("demo-coordinator"), coordinator, incident, coordinator)
    Aftercare.objects.filter(incident=incident).update(deadline_at=timezone.now() - datetime.timedelta(days=2))


def log_in(page, username):
    """Password, then TOTP for the roles that require it (the national analyst sees aggregates only: no MFA)."""
    submit_password(page, username)
    page.wait_for_load_state()
    if "/inloggen/tweede-factor" in page.url:
        submit_totp(page)


def _expected(username):
    from types import SimpleNamespace

    from veiliglokaal.core import shell

    tenant = _tenant(username)
    groups = [str(g["label"]) for g in shell.navigation_for(SimpleNamespace(path="/"), tenant)]
    items = {row["key"]: row["count"] for row in shell.attention_for(tenant) if row["count"]}
    return groups, items


@pytest.fixture
def shell_world(demo, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _late_aftercare()
    return demo


def _opens_and_closes_a_group_by_keyboard(page, key="Enter"):
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    button = nav.get_by_role("button", name="Overzicht")
    button.focus()
    page.keyboard.press(key)
    expect(button).to_have_attribute("aria-expanded", "true")
    panel = page.locator("#" + button.get_attribute("aria-controls"))
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Vandaag")).to_have_attribute("aria-current", "page")
    page.keyboard.press("Tab")
    expect(panel.get_by_role("link", name="Vandaag")).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(panel).to_be_hidden()


@pytest.mark.parametrize("username", ROLES)
def test_home_per_role(username, shell_world, new_page):
    groups, items = _expected(username)
    page = new_page()
    log_in(page, username)
    expect(page).to_have_url(shell_world.url + "/")

    # The menu: exactly this role's groups, as disclosure buttons, all closed.
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    buttons = nav.locator(".vl-nav__button")
    expect(buttons).to_have_text(groups)
    assert all(b.get_attribute("aria-expanded") == "false" for b in buttons.all())
    expect(nav.locator(".vl-nav__button[aria-current=true]")).to_have_text("Overzicht")

    # Vandaag: the role's non-zero items with their counts, or the quiet line.
    attention = page.locator(".vl-attention__item")
    expect(attention).to_have_count(len(items))
    for key, count in items.items():
        expect(page.locator(f'.vl-attention__item[data-key="{key}"] .vl-attention__count')).to_have_text(str(count))
    if not items:
        expect(page.get_by_text("Niets dat vandaag aandacht vraagt.")).to_be_visible()
    if username == "demo-coordinator":
        assert items["gir-overdue"] == 1
    if username == "demo-medewerker":
        assert items == {"gir-own-aftercare": 1}
    if username == "demo-bestuurder":
        assert items == {}

    _opens_and_closes_a_group_by_keyboard(page)
    nav.get_by_role("button", name=groups[-1]).click()
    assert_accessible(page, f"Vandaag ({username}, desktop, menu open)")

    # Phone: one Menu button opens the groups stacked; Space opens a group.
    page.set_viewport_size(PHONE)
    page.reload()
    toggle = nav.get_by_role("button", name="Menu", exact=True)
    expect(toggle).to_be_visible()
    expect(buttons.first).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(buttons.first).to_be_visible()
    _opens_and_closes_a_group_by_keyboard(page, key="Space")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    toggle.click()
    nav.get_by_role("button", name=groups[-1]).click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page scrolls sideways on a phone ({width}px wide)"
    assert_accessible(page, f"Vandaag ({username}, phone, menu open)")

    foreign = page.request_log.foreign()
    assert not foreign, f"requests to other hosts than the app: {foreign}"


def test_menu_without_javascript_shows_every_link(shell_world, browser):
    """With JavaScript off every group is a heading with its links, so nothing is out of reach."""
    from .conftest import DESKTOP

    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", base_url=shell_world.url)
    try:
        page = context.new_page()
        log_in(page, "demo-analist")
        context_without_js = browser.new_context(viewport=DESKTOP, locale="nl-NL", base_url=shell_world.url,
                                                 java_script_enabled=False,
                                                 storage_state=context.storage_state())
        plain = context_without_js.new_page()
        plain.goto("/")
        nav = plain.get_by_role("navigation", name="Hoofdmenu")
        expect(nav.get_by_role("button")).to_have_count(0)
        for label in ["Vandaag", "Kaart onregelmatigheden", "Alerts online", "API-sleutels"]:
            expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
        # (axe-core itself needs JavaScript, so it cannot run here; the markup is the one checked above.)
        context_without_js.close()
    finally:
        context.close()
