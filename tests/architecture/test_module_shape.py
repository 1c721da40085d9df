"""Every product module has the same shape (docs/architecture.md, "Module shape").

A part is a module file (`services.py`) or a package (`services/`). Exemptions are declared with their reason.
"""

from pathlib import Path

import pytest

from tests.architecture._modules import ROOT, product_modules

TESTS = Path(__file__).resolve().parents[1]
PARTS = ("models", "services", "selectors", "views", "forms", "tasks", "processing_activities")
API_PARTS = ("__init__", "serializers", "views", "urls")
# module -> part -> why the module does without it.
EXEMPT = {
    "workflow": {"api": "the kit has no data of its own; cases are served by their modules' APIs"},
}
MODULES = [m.name for m in product_modules()]


def _has_part(module: Path, part: str) -> bool:
    return (module / f"{part}.py").is_file() or (module / part / "__init__.py").is_file()


def _missing(name: str) -> list[str]:
    module = ROOT / name
    missing = [part for part in PARTS if not _has_part(module, part)]
    missing += [f"api/{part}.py" for part in API_PARTS if not (module / "api" / f"{part}.py").is_file()]
    if not ((ROOT / "templates" / name).is_dir() or (module / "templates" / name).is_dir()):
        missing.append(f"templates/{name}/")
    if not (TESTS / name).is_dir():
        missing.append(f"tests/{name}/")
    exempt = EXEMPT.get(name, {})
    return [part for part in missing if part.split("/")[0] not in exempt]


def test_the_product_modules_are_found():
    assert {"core", "accounts", "audit", "workflow", "incidents", "irregularities", "enforcement", "indicators",
            "online", "monitoring"} <= set(MODULES)
    assert "api" not in MODULES and "demo" not in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_every_module_has_the_parts_of_the_shape(name):
    assert not _missing(name), f"{name} lacks {_missing(name)}"


@pytest.mark.parametrize("name", MODULES)
def test_no_flat_file_splits_beside_a_package(name):
    """`views_review.py` next to `views.py` is what packages are for: `views/review.py`."""
    module = ROOT / name
    flat = sorted(f.name for part in ("views", "forms", "selectors", "services") for f in module.glob(f"{part}_*.py"))
    assert not flat, f"{name}: make these a package: {flat}"


def test_every_exemption_is_still_needed():
    for name, parts in EXEMPT.items():
        for part in parts:
            assert not (ROOT / name / part).exists(), f"{name}/{part} exists now: drop its exemption"


@pytest.mark.parametrize("name", [m for m in MODULES if (ROOT / m / "urls.py").is_file()])
def test_every_module_with_pages_has_a_menu(name):
    assert (ROOT / name / "menu.py").is_file(), f"{name} has page views but no menu.py"
