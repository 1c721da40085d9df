"""Every environment variable the code reads is documented, and production refuses development defaults."""

import os
import subprocess
import sys
from pathlib import Path

from veiliglokaal.core.management.commands.document_settings import render

REPO = Path(__file__).resolve().parents[2]


def test_configuration_docs_match_the_declared_variables():
    documented = (REPO / "docs" / "configuration.md").read_text()
    assert documented == render(), "docs/configuration.md is stale: run `manage.py document_settings`"


def _import_production(extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEMO_MODE", "DEBUG"}}
    env.update(extra_env)
    code = "import veiliglokaal.settings.production"
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO / "src", capture_output=True, text=True)


def test_production_refuses_the_development_secret_key():
    result = _import_production({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_demo_mode():
    result = _import_production({"SECRET_KEY": "x" * 50, "DEMO_MODE": "true"})
    assert result.returncode != 0
    assert "DEMO_MODE must be off" in result.stderr


def test_production_starts_with_proper_settings():
    from tests.core.test_production_settings import PROPER

    result = _import_production(PROPER)
    assert result.returncode == 0, result.stderr
