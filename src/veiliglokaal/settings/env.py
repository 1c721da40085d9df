"""The one place where settings read the environment.

Every variable is declared with a description; `docs/configuration.md` lists them all and a test
checks that the two agree, so no setting can be read without being documented.
"""

import os
from dataclasses import dataclass

_UNSET = object()


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str | None
    description: str


DECLARED: dict[str, EnvVar] = {}


def _declare(name: str, default, description: str) -> str | None:
    DECLARED[name] = EnvVar(name, None if default is None else str(default), description)
    return os.environ.get(name, None if default is None else str(default))


def env_str(name: str, default: str | None, description: str) -> str | None:
    return _declare(name, default, description)


def env_bool(name: str, default: bool, description: str) -> bool:
    value = _declare(name, "true" if default else "false", description)
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, description: str) -> int:
    return int(_declare(name, default, description))


def env_list(name: str, default: str, description: str) -> list[str]:
    value = _declare(name, default, description) or ""
    return [item.strip() for item in value.split(",") if item.strip()]
