"""The registry of source types: each folder registers its class with `@register` when `sources` is imported."""

from __future__ import annotations

from .base import SourceType

_REGISTRY: dict[str, SourceType] = {}


def register(cls: type[SourceType]) -> type[SourceType]:
    """Class decorator: make a source type available under its key (one instance, the types are stateless)."""
    if cls.key in _REGISTRY:
        raise ValueError(f"Source type {cls.key!r} is registered twice")
    _REGISTRY[cls.key] = cls()
    return cls


def get(key: str) -> SourceType:
    _load()
    return _REGISTRY[key]


def all_types() -> list[SourceType]:
    _load()
    return list(_REGISTRY.values())


def choices() -> list[tuple[str, str]]:
    return [(source.key, source.label) for source in all_types()]


def _load() -> None:
    # Importing the package imports every source folder, which registers it.
    from veiliglokaal.irregularities import sources  # noqa: F401
