"""The DOOK settings page shows the declared tables read-only, and a municipality extends the risk-branch list:
validated in Dutch, kept as history, scoped to its own municipality, used by the next run."""

import pytest

from tests.conftest import logged_in_client
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.irregularities.models import RiskBranchExtension
from veiliglokaal.irregularities.scoring import pipeline_settings

pytestmark = pytest.mark.django_db

ADD = "/onregelmatigheden/instellingen/risicobranches"


@pytest.fixture
def analyst(municipality_a, users_a):
    return logged_in_client(users_a[Role.ANALYST], municipality_a)


def test_settings_page_shows_both_tables_with_source_and_reason(analyst):
    text = analyst.get("/onregelmatigheden/instellingen").content.decode()
    assert 'data-testid="sbi-purpose-table"' in text and 'data-testid="risk-branches"' in text
    assert "2026.12-1" in text
    assert "Snackbars en afhaalrestaurants" in text and "RIEC/LIEC" in text     # risk-branch entry with its source
    assert "Groothandel (ook handelsagenten) is vaak alleen een registratie" in text  # reason of rule 46


def test_add_a_branch_and_remove_it_keeping_the_history(analyst, municipality_a, users_a):
    response = analyst.post(ADD, {"sbi_code": "9609", "label": "Tattooshops",
                                  "reason": "RIEC Oost-Nederland, informatiebeeld 2025: tattooshops in de binnenstad"})
    assert response.status_code == 302
    extension = RiskBranchExtension.objects.get(municipality=municipality_a)
    assert extension.added_by == users_a[Role.ANALYST] and extension.removed_at is None
    assert pipeline_settings(municipality_a).high_risk_prefixes(municipality_a.code, ["4511"]) == ["4511", "9609"]
    assert "Tattooshops" in analyst.get("/onregelmatigheden/instellingen").content.decode()

    response = analyst.post(f"{ADD}/{extension.pk}/verwijderen")
    assert response.status_code == 302
    extension.refresh_from_db()
    assert extension.removed_at is not None and extension.removed_by == users_a[Role.ANALYST]
    assert pipeline_settings(municipality_a).extra_risk_branches == {}
    assert "Eerder verwijderd: 9609" in analyst.get("/onregelmatigheden/instellingen").content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"sbi_code": "96x9", "label": "x", "reason": "y"}, "Een SBI-code bestaat uit 2 tot 5 cijfers."),
    ({"sbi_code": "56102", "label": "Snackbars", "reason": "y"}, "SBI-code 56102 staat al op de standaardlijst."),
    ({"sbi_code": "9609", "label": "Tattooshops", "reason": ""}, "Dit veld is vereist."),
])
def test_bad_input_gets_a_dutch_error_and_stores_nothing(analyst, municipality_a, data, message):
    response = analyst.post(ADD, data)
    text = response.content.decode()
    assert response.status_code == 400 and message in text, text[text.find("error-message"):][:300]
    assert not RiskBranchExtension.objects.exists()


def test_the_same_branch_twice_is_refused(analyst, municipality_a):
    data = {"sbi_code": "9609", "label": "Tattooshops", "reason": "eigen informatiebeeld"}
    analyst.post(ADD, data)
    response = analyst.post(ADD, data)
    assert response.status_code == 400 and "staat al op de lijst van de gemeente" in response.content.decode()
    assert RiskBranchExtension.objects.count() == 1


def test_another_municipality_cannot_see_or_remove_it(analyst, municipality_b, users_b):
    other = RiskBranchExtension.objects.create(municipality=municipality_b, sbi_code="9609", label="Tattoo-B",
                                               reason="B's eigen reden")
    assert "Tattoo-B" not in analyst.get("/onregelmatigheden/instellingen").content.decode()
    assert analyst.post(f"{ADD}/{other.pk}/verwijderen").status_code == 404
    other.refresh_from_db()
    assert other.removed_at is None


def test_a_role_without_the_sources_scope_cannot_add(municipality_a, users_a):
    enforcer = logged_in_client(users_a[Role.ENFORCER], municipality_a)  # enforcers have no DOOK sources scope
    response = enforcer.post(ADD, {"sbi_code": "9609", "label": "x", "reason": "y"})
    assert response.status_code == 403 and not RiskBranchExtension.objects.exists()
