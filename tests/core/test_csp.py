"""The Content-Security-Policy header on pages, API responses and errors; PDOK only when tiles are on."""

import pytest

from veiliglokaal.core.csp import PDOK_TILE_ORIGIN

EXPECTED = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/inloggen", "/api/v1/municipalities", "/bestaat-niet"])
def test_every_response_has_the_strict_policy(client, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == EXPECTED


@pytest.mark.django_db
def test_pdok_tiles_are_allowed_only_when_switched_on(client, settings):
    settings.MAP_PDOK_TILES = True
    policy = client.get("/inloggen")["Content-Security-Policy"]
    assert f"img-src 'self' data: blob: {PDOK_TILE_ORIGIN};" in policy
    assert PDOK_TILE_ORIGIN not in policy.replace(f"img-src 'self' data: blob: {PDOK_TILE_ORIGIN}", "")


def test_templates_have_no_inline_scripts_styles_or_handlers():
    import re
    from pathlib import Path

    import veiliglokaal

    root = Path(veiliglokaal.__file__).parent
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text()
        if re.search(r"\sstyle=|\son[a-z]+=|<style|javascript:", text) or re.search(r"<script(?![^>]*\bsrc=)", text):
            offenders.append(str(template.relative_to(root)))
    assert offenders == []
