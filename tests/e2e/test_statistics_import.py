"""Browser flow "statistieken importeren": the functioneel beheerder finds the page in the menu, uploads an
incomplete paged OData download (refused, the missing page named), then all pages, checks the preview and
imports. axe-core on every step."""

import pytest
from playwright.sync_api import expect

from tests.indicators.conftest import FIXTURES
from veiliglokaal.indicators.models import StatisticsTable

from .helpers import assert_accessible, log_in, menu_link

pytestmark = pytest.mark.e2e


def _pages(tmp_path):
    """The paged v3 fixture under another table id (83648NED), so the demo's 47013NED figures stay as they are for
    the other browser tests; the table is removed again at the end."""
    paths = []
    for n in (1, 2, 3):
        path = tmp_path / f"83648NED_pagina{n}.json"
        path.write_bytes(
            (FIXTURES / f"odata3_47013NED_pagina{n}.json")
            .read_bytes()
            .replace(b"47013NED", b"83648NED")
        )
        paths.append(str(path))
    return paths


def test_upload_preview_and_import(demo, new_page, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    PAGES = _pages(tmp_path)  # noqa: N806
    page = new_page()
    log_in(page, "demo-beheerder")
    menu_link(page, "Statistieken importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistieken importeren")
    assert_accessible(page, "statistieken importeren")

    page.get_by_label("Bestanden").set_input_files(PAGES[:1])
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("alert")).to_contain_text("($skip=4) ontbreekt")
    assert_accessible(page, "statistieken importeren, download onvolledig")

    page.get_by_label("Bestanden").set_input_files(PAGES)
    page.get_by_role("button", name="Controleren").click()
    expect(
        page.get_by_role("heading", name="Voorvertoning van tabel 83648NED")
    ).to_be_visible()
    expect(
        page.get_by_role("table", name="Wat de import zou doen, per waarneming")
    ).to_contain_text("Toegevoegd")
    assert_accessible(page, "statistieken importeren, voorvertoning")

    page.get_by_role("button", name="Importeren").click()
    expect(
        page.get_by_text("Tabel 83648NED geïmporteerd: 10 toegevoegd")
    ).to_be_visible()
    assert_accessible(page, "statistieken importeren, geïmporteerd")
    table = StatisticsTable.objects.get(table_id="83648NED")
    assert table.observations.count() == 10
    source = table.source
    table.delete()
    source.delete()
