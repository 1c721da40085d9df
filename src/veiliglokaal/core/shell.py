"""The platform shell: the main menu grouped per instrument and the "Vandaag" attention items.

Every module declares its own menu in `<module>/menu.py`:

    MENU = [MenuEntry(label, url_name, scope, group, order), ...]
    ATTENTION = [AttentionItem(key, label, scope, count, url_name, order=..., query=...), ...]

The shell finds those files through the installed apps, so a new module only adds its `menu.py`; a group
listed in `GROUPS` appears as soon as some module declares an entry for it and the user may open one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    order: int


# The instruments, in menu order. Future modules only add entries for their key (no entries: no group shown).
GROUPS = {group.key: group for group in [
    Group("overzicht", _("Overzicht"), 10),
    Group("veiligheidsbeeld", _("Veiligheidsbeeld"), 20),
    Group("incidenten", _("Incidenten (GIR)"), 30),
    Group("ondermijning", _("Ondermijning"), 40),
    Group("handhaving", _("Handhaving"), 50),
    Group("online", _("Online"), 60),
    Group("weerbaarheid", _("Weerbaarheid"), 70),
    Group("zorg-en-veiligheid", _("Zorg en veiligheid"), 80),
    Group("kennis", _("Kennis"), 90),
    Group("beheer", _("Beheer"), 100),
]}


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    scope: str | None  # None: every signed-in user of a municipality
    group: str  # a key of GROUPS
    order: int


@dataclass(frozen=True)
class AttentionItem:
    """Something that asks for attention today: `count(tenant)` must cost exactly one tenancy-scoped query."""

    key: str
    label: str
    scope: str  # checked before `count` runs, so a role never pays for (or learns about) what it cannot open
    count: Callable[..., int]
    url_name: str
    order: int = 0
    query: str = ""  # e.g. "status=open", appended to the link


def menu_modules() -> list:
    """The `menu` submodule of every installed app that has one."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "menu"):
            found.append(import_module(f"{config.name}.menu"))
    return found


@cache
def menu_entries() -> tuple[MenuEntry, ...]:
    """All entries of all modules, in menu order (group order, then entry order)."""
    entries = [entry for module in menu_modules() for entry in getattr(module, "MENU", [])]
    return tuple(sorted(entries, key=lambda e: (GROUPS[e.group].order, e.order)))


@cache
def attention_items() -> tuple[AttentionItem, ...]:
    items = [item for module in menu_modules() for item in getattr(module, "ATTENTION", [])]
    return tuple(sorted(items, key=lambda i: (i.order, i.key)))


def _allowed(tenant, scope: str | None) -> bool:
    return scope is None or tenant.has_scope(scope)


def _current_url(path: str, urls: list[str]) -> str | None:
    """The entry a page belongs to: its own URL, else the longest entry URL it lies under (e.g. a detail page)."""
    if path in urls:
        return path
    parents = [url for url in urls if url != "/" and path.startswith(url.rstrip("/") + "/")]
    return max(parents, key=len, default=None)


def navigation_for(request, tenant) -> list[dict]:
    """The groups this tenant may use, each with its permitted entries; empty groups are left out."""
    if tenant is None:
        return []
    entries = [(entry, reverse(entry.url_name)) for entry in menu_entries() if _allowed(tenant, entry.scope)]
    current = _current_url(request.path, [url for _entry, url in entries])
    groups: dict[str, dict] = {}
    for entry, url in entries:
        group = GROUPS[entry.group]
        shown = groups.setdefault(group.key, {"key": group.key, "label": group.label, "current": False,
                                              "entries": []})
        is_page = url == request.path
        shown["entries"].append({"label": entry.label, "url": url, "current": is_page})
        shown["current"] = shown["current"] or url == current
    return list(groups.values())


def attention_for(tenant) -> list[dict]:
    """Each permitted item with its count (one query each); items outside the tenant's scopes are not run."""
    rows = []
    for item in attention_items():
        if not tenant.has_scope(item.scope):
            continue
        url = reverse(item.url_name) + (f"?{item.query}" if item.query else "")
        rows.append({"key": item.key, "label": item.label, "count": item.count(tenant), "url": url})
    return rows
