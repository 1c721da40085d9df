"""Seals: records kept outside the audit chain whose hash was chained into it (e.g. a sent DSA notice).

A module registers a check in its AppConfig.ready(); `verify_audit` runs every check after the chains. A check
returns Dutch problem descriptions (empty: intact). This keeps the audit app free of imports from the modules.
"""

from __future__ import annotations

from collections.abc import Callable

_CHECKS: dict[str, Callable[[], list[str]]] = {}


def register(label: str, check: Callable[[], list[str]]) -> None:
    _CHECKS[label] = check


def checks() -> dict[str, Callable[[], list[str]]]:
    return dict(_CHECKS)
