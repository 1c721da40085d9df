"""The statistics upload page: scope, preview (added / changed / kept), confirm, cancel, refusal changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from veiliglokaal.accounts.scopes import ROLE_SCOPES, Role, Scope
from veiliglokaal.indicators.models import Observation, StatisticsTable

from tests.conftest import logged_in_client, make_user

from .conftest import FIXTURES

URL = "/veiligheidsbeeld/statistieken-importeren"


@pytest.fixture
def importer(municipality_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return logged_in_client(
        make_user("landelijk", municipality_a, Role.NATIONAL_ANALYST), municipality_a
    )


def _upload(*names):
    return [SimpleUploadedFile(name, (FIXTURES / name).read_bytes()) for name in names]


def test_only_national_analyst_and_admin_may_import():
    allowed = {
        role
        for role, scopes in ROLE_SCOPES.items()
        if Scope.INDICATORS_IMPORT in scopes
    }
    assert allowed == {Role.NATIONAL_ANALYST, Role.ADMIN}


def test_analyst_gets_403(municipality_a):
    client = logged_in_client(
        make_user("analist", municipality_a, Role.ANALYST), municipality_a
    )
    assert client.get(URL).status_code == 403


def test_preview_then_confirm(importer, tmp_path):
    page = importer.get(URL)
    assert (
        page.status_code == 200 and "Statistieken importeren" in page.content.decode()
    )
    names = [
        "odata3_47013NED_pagina2.json",
        "odata3_47013NED_pagina1.json",
        "odata3_47013NED_pagina3.json",
    ]
    response = importer.post(URL, {"stap": "controleren", "files": _upload(*names)})
    body = response.content.decode()
    assert response.status_code == 200 and "Voorvertoning van tabel 47013NED" in body
    assert response.context["preview"].added == 10 and not Observation.objects.exists()
    stored = list((tmp_path / "statistieken-upload").iterdir())
    assert len(stored) == 3 and all(
        p.name not in names for p in stored
    )  # random names, never the client's
    response = importer.post(URL, {"stap": "bevestigen"}, follow=True)
    assert "Tabel 47013NED geïmporteerd: 10 toegevoegd" in response.content.decode()
    assert Observation.objects.count() == 10
    assert (
        StatisticsTable.objects.get().source.file_name
        == "odata3_47013NED_pagina2.json (+2 pagina's)"
    )
    assert not list(
        (tmp_path / "statistieken-upload").iterdir()
    )  # deleted after the import
    # the same download again: everything kept
    response = importer.post(URL, {"stap": "controleren", "files": _upload(*names)})
    preview = response.context["preview"]
    assert (preview.added, preview.changed, preview.kept) == (0, 0, 10)


def test_incomplete_download_is_refused_on_the_page(importer):
    response = importer.post(
        URL, {"stap": "controleren", "files": _upload("odata3_47013NED_pagina1.json")}
    )
    body = response.content.decode()
    assert "Import geweigerd" in body and "($skip=4) ontbreekt" in body
    assert response.context["preview"] is None
    assert importer.post(URL, {"stap": "bevestigen"}, follow=True).status_code == 200
    assert not Observation.objects.exists()


def test_cancel_discards_the_upload(importer, tmp_path):
    importer.post(
        URL, {"stap": "controleren", "files": _upload("odata4_47018NED_buurten.json")}
    )
    assert len(list((tmp_path / "statistieken-upload").iterdir())) == 1
    response = importer.post(URL, {"stap": "annuleren"}, follow=True)
    assert "geannuleerd" in response.content.decode()
    assert (
        not list((tmp_path / "statistieken-upload").iterdir())
        and not Observation.objects.exists()
    )


def test_csv_needs_a_table_id(importer):
    response = importer.post(
        URL,
        {
            "stap": "controleren",
            "files": _upload("statline_47013NED_perioden_als_kolommen.csv"),
        },
    )
    assert "tabel-id" in response.content.decode()
    response = importer.post(
        URL,
        {
            "stap": "controleren",
            "table_id": "47013NED",
            "files": _upload("statline_47013NED_perioden_als_kolommen.csv"),
        },
    )
    assert response.context["preview"].added == 16
