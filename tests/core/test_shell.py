"""The shell's menu: assembled from each module's menu.py, grouped per instrument, filtered by scope."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

from veiliglokaal.accounts.scopes import Role, Scope, scopes_for_roles
from veiliglokaal.core import shell
from veiliglokaal.core.navigation import NAVIGATION
from veiliglokaal.core.tenancy import Tenant

# Modules without pages of their own (shared machinery or the API) need no menu.
WITHOUT_PAGES = {"veiliglokaal.workflow", "veiliglokaal.api", "veiliglokaal.demo"}


def tenant(*roles, user_id=1):
    return Tenant(user_id=user_id, municipality_id=1, municipality_code="GM0001", roles=frozenset(roles),
                  scopes=scopes_for_roles(roles))


def request(path="/"):
    return SimpleNamespace(path=path)


def test_every_module_with_pages_declares_a_menu():
    ours = [c for c in apps.get_app_configs() if c.name.startswith("veiliglokaal.") and c.name not in WITHOUT_PAGES]
    missing = [c.name for c in ours if not module_has_submodule(c.module, "menu")]
    assert not missing
    assert {m.__name__ for m in shell.menu_modules()} >= {f"{c.name}.menu" for c in ours}


def test_every_entry_and_attention_item_reverses_and_names_a_known_group():
    for entry in shell.menu_entries():
        assert reverse(entry.url_name)
        assert entry.group in shell.GROUPS, entry
        assert entry.scope is None or entry.scope in Scope.values, entry
    for item in shell.attention_items():
        assert reverse(item.url_name)
        assert item.scope in Scope.values, item


def test_url_names_are_unique_and_navigation_is_the_flat_list_in_menu_order():
    names = [entry.url_name for entry in NAVIGATION]
    assert len(names) == len(set(names))
    orders = [(shell.GROUPS[e.group].order, e.order) for e in NAVIGATION]
    assert orders == sorted(orders)
    assert NAVIGATION[0].url_name == "core:home"


def test_groups_come_in_declared_order_and_only_with_permitted_entries():
    groups = shell.navigation_for(request(), tenant(Role.ANALYST))
    keys = [g["key"] for g in groups]
    assert keys == ["overzicht", "veiligheidsbeeld", "incidenten", "ondermijning", "online", "beheer"]
    assert keys == sorted(keys, key=lambda k: shell.GROUPS[k].order)
    scopes = scopes_for_roles({Role.ANALYST})
    shown = {e["url"] for g in groups for e in g["entries"]}
    expected = {reverse(e.url_name) for e in NAVIGATION if e.scope is None or e.scope in scopes}
    assert shown == expected
    assert reverse("accounts:members") not in shown and reverse("incidents:worklist") not in shown


def test_empty_groups_disappear():
    national = [g["key"] for g in shell.navigation_for(request(), tenant(Role.NATIONAL_ANALYST))]
    assert "ondermijning" not in national and "online" not in national
    assert "incidenten" in national  # national trends only
    employee = shell.navigation_for(request(), tenant(Role.EMPLOYEE))
    assert "ondermijning" not in [g["key"] for g in employee]
    beheer = next(g for g in employee if g["key"] == "beheer")
    assert [e["label"] for e in beheer["entries"]] == ["Verwerkingsregister", "API-sleutels"]


@pytest.fixture
def fresh_menu_cache():
    shell.menu_entries.cache_clear()
    yield
    shell.menu_entries.cache_clear()


def test_a_future_group_appears_when_a_module_declares_an_entry(monkeypatch, fresh_menu_cache):
    future = SimpleNamespace(__name__="veiliglokaal.resilience.menu", MENU=[
        shell.MenuEntry("Weerbaarheidsscan", "core:sources", None, "weerbaarheid", 10)])
    modules = shell.menu_modules()
    monkeypatch.setattr(shell, "menu_modules", lambda: [*modules, future])
    keys = [g["key"] for g in shell.navigation_for(request(), tenant(Role.EMPLOYEE))]
    assert keys.index("weerbaarheid") == keys.index("online") + 1  # between Online and Beheer, by its order


def test_current_page_and_its_group_are_marked():
    groups = shell.navigation_for(request(reverse("incidents:worklist")), tenant(Role.COORDINATOR))
    current = [g for g in groups if g["current"]]
    assert [g["key"] for g in current] == ["incidenten"]
    assert [e["label"] for e in current[0]["entries"] if e["current"]] == ["Werkvoorraad GIR"]
    # A detail page marks the group of the list it belongs to, but no link as the page itself.
    groups = shell.navigation_for(request("/meldingen/12"), tenant(Role.COORDINATOR))
    assert [g["key"] for g in groups if g["current"]] == ["incidenten"]
    assert not any(e["current"] for g in groups for e in g["entries"])


def test_no_tenant_no_menu():
    assert shell.navigation_for(request(), None) == []


@pytest.mark.django_db
def test_menu_markup_has_disclosure_buttons_tied_to_their_panels(client, users_a, municipality_a):
    from tests.conftest import logged_in_client

    html = logged_in_client(users_a[Role.ANALYST], municipality_a).get("/").content.decode()
    for key in ["overzicht", "incidenten", "ondermijning", "online", "beheer"]:
        assert f'aria-controls="vl-nav-{key}"' in html and f'id="vl-nav-{key}"' in html
    assert 'aria-controls="vl-nav-groups"' in html and 'id="vl-nav-groups"' in html
    assert html.count('aria-expanded="false"') == 6 + 1  # six groups and the phone's Menu button
    assert '<a class="utrecht-link vl-nav__link" href="/" aria-current="page">Vandaag</a>' in html
    assert "onclick" not in html and "<script>" not in html  # no inline script (strict CSP)
