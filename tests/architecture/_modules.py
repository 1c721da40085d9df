"""The product modules (Django apps under src/veiliglokaal), shared by the architecture tests."""

from pathlib import Path

import veiliglokaal

ROOT = Path(veiliglokaal.__file__).parent
# Apps that are not product modules: the API machinery and the demo generators.
NOT_MODULES = {"api", "demo"}


def product_modules() -> list[Path]:
    return sorted(p for p in ROOT.iterdir() if (p / "apps.py").exists() and p.name not in NOT_MODULES)
