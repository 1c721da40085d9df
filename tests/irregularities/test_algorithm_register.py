"""The Algoritmeregister entry is generated from the code's metadata; page, JSON download and API."""

import json

import pytest

from veiliglokaal.accounts.scopes import Role
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.accounts.services import issue_api_token
from veiliglokaal.irregularities import algorithm
from veiliglokaal.irregularities.pipeline.features import INPUT_COLUMNS, SCORE_FEATURES
from veiliglokaal.irregularities.pipeline.indicators import INDICATORS

from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def test_entry_is_built_from_the_declarations():
    entry = algorithm.entry()
    assert [i["code"] for i in entry["indicators"]] == [i.code for i in INDICATORS]
    assert [c["name"] for c in entry["source_data"]] == [c.name for c in INPUT_COLUMNS]
    assert [f["name"] for f in entry["methods_and_models"]["features"]] == [f.name for f in SCORE_FEATURES]
    assert "geboorteland" in entry["forbidden_inputs"]["fragments"]
    for indicator in entry["indicators"]:
        assert indicator["means"] and indicator["does_not_prove"] and indicator["parameters"]
    assert entry["human_intervention"] and entry["known_limits"] and entry["risk_management"]
    assert entry["version"]
    json.dumps(algorithm.as_json())  # serialisable as is


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ENFORCER, Role.OFFICIAL])
def test_page_and_download_for_every_dook_role(role, municipality_a, users_a):
    client = logged_in_client(users_a[role], municipality_a)
    page = client.get("/onregelmatigheden/algoritme")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Wat het niet bewijst" in text and "Besettingsgraad" in text
    download = client.get("/onregelmatigheden/algoritme.json")
    assert download["Content-Disposition"].startswith("attachment")
    data = json.loads(download.content)
    assert data["humanIntervention"] and data["indicators"][0]["doesNotProve"]


def test_api_endpoint(municipality_a, users_a):
    user = users_a[Role.ENFORCER]
    key = issue_api_token(tenant_for(user, municipality_a.pk), user, "register").key
    from django.test import Client

    response = Client().get("/api/v1/algorithm-register", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    data = response.json()
    assert {i["code"] for i in data["indicators"]} == {i.code for i in INDICATORS}
    assert data["sourceData"][0]["whyAllowed"]


def test_changes_section_explains_what_changed_and_why(municipality_a, users_a):
    from veiliglokaal.irregularities.pipeline import ALGORITHM_VERSION, sbi

    entry = algorithm.entry()
    changes = entry["changes"]
    versions = {c["version"] for c in changes}
    assert ALGORITHM_VERSION in versions and sbi.purpose_table().version in versions
    assert all(c["summary"] and c["reason"] and c["component"] for c in changes)
    current = [c for c in changes if c["version"] == ALGORITHM_VERSION]
    components = {c["component"] for c in current}
    assert {"Afwijkingsscore", "Tabel SBI → gebruiksdoel", "Risicobranches",
            "Veel verhuizingen naar en van het adres"} <= components
    assert any("4941" in c["reason"] for c in current)  # the letterbox transport firms are named as the reason
    rules = entry["methods_and_models"]["sbi"]["purpose_table"]["rules"]
    assert {"sbi": "9604"}.items() <= next(r for r in rules if r["sbi"] == "9604").items()
    text = logged_in_client(users_a[Role.ANALYST], municipality_a).get("/onregelmatigheden/algoritme").content.decode()
    assert 'data-testid="changes"' in text and "Wijzigingen" in text and "Snackbars en afhaalrestaurants" in text
