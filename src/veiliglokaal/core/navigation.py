"""Kept for existing imports: the main menu now lives in `core.shell`, assembled from each module's `menu.py`.

`NAVIGATION` is the flat list of every entry in menu order; it is computed on first access because the
modules' menus can only be read once the app registry is ready.
"""

from .shell import MenuEntry, menu_entries, navigation_for

NavItem = MenuEntry

__all__ = ["NAVIGATION", "NavItem", "navigation_for"]


def __getattr__(name):
    if name == "NAVIGATION":
        return list(menu_entries())
    raise AttributeError(name)
