"""The processing-log and security-log pages of a municipality: filters, CSV export, and the export's own log."""

import csv
import io

import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.audit.models import SecurityAction, SecurityEvent
from veiliglokaal.audit.services import log_processing, log_security

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(municipality_a):
    officer = make_user("privacy-officer", municipality_a, Role.PRIVACY_OFFICER)
    return logged_in_client(officer, municipality_a)


def _rows(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))  # streamed


def test_export_respects_the_filter_and_is_logged(officer_client, municipality_a):
    log_processing(activity="accounts.gebruikersbeheer", name="mee", subject_type="gebruiker", subject_id=1,
                   municipality_id=municipality_a.pk)
    log_processing(activity="audit.logboek", name="niet mee", subject_type="gebruiker", subject_id=2,
                   municipality_id=municipality_a.pk)
    response = officer_client.get("/verantwoording/verwerkingslog",
                                  {"activity": "accounts.gebruikersbeheer", "export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and "verwerkingslog" in response["Content-Disposition"]
    rows = _rows(response)
    names = [row[rows[0].index("name")] for row in rows[1:]]
    assert names == ["mee"]
    export = SecurityEvent.objects.get(action=SecurityAction.EXPORT)
    assert export.object_type == "verwerkingslog" and export.detail == {"rijen": 1}
    assert export.municipality_id == municipality_a.pk


def test_export_with_an_invalid_filter_exports_nothing_and_explains(officer_client, municipality_a):
    log_processing(activity="accounts.gebruikersbeheer", name="geheim", subject_type="gebruiker", subject_id=1,
                   municipality_id=municipality_a.pk)
    response = officer_client.get("/verantwoording/verwerkingslog",
                                  {"date_from": "2025-02-01", "date_to": "2025-01-01", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "De begindatum ligt na de einddatum." in response.content.decode()
    assert not SecurityEvent.objects.filter(action=SecurityAction.EXPORT).exists()
    unknown = officer_client.get("/verantwoording/beveiligingslog", {"action": "inbreken", "export": "csv"})
    assert unknown["Content-Type"].startswith("text/html")
    assert not SecurityEvent.objects.filter(action=SecurityAction.EXPORT).exists()


def test_security_log_filters(officer_client, municipality_a):
    log_security(SecurityAction.PERMISSION_CHANGED, actor_name="Piet", object_type="gebruiker", object_id="x1",
                 municipality_id=municipality_a.pk)
    log_security(SecurityAction.EXPORT, actor_name="Klaas", object_type="verwerkingslog", object_id="x2",
                 municipality_id=municipality_a.pk)
    page = officer_client.get("/verantwoording/beveiligingslog", {"action": "export"})
    assert [e.object_id for e in page.context["page"].object_list] == ["x2"]
    page = officer_client.get("/verantwoording/beveiligingslog", {"actor": "piet"})
    assert [e.object_id for e in page.context["page"].object_list] == ["x1"]


def test_log_pages_paginate(officer_client, municipality_a):
    for i in range(55):
        log_processing(activity="accounts.gebruikersbeheer", name=f"r{i}", subject_type="gebruiker", subject_id=i,
                       municipality_id=municipality_a.pk)
    first = officer_client.get("/verantwoording/verwerkingslog")
    assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 55
    second = officer_client.get("/verantwoording/verwerkingslog", {"pagina": 2})
    assert len(second.context["page"].object_list) == 5
    assert officer_client.get("/verantwoording/verwerkingslog", {"pagina": "onzin"}).status_code == 200
