"""The one transition view (workflow.views.TransitionView), exercised through the enforcement case's step page.

The same kit serves GIR aftercare and measures and the meldpunt steps; their own tests cover the happy paths.
"""

from types import SimpleNamespace

import pytest

from veiliglokaal.accounts.scopes import Role, Scope
from veiliglokaal.workflow.views import TransitionView

from tests.conftest import logged_in_client
from tests.enforcement.conftest import _private_media, case_a, enforcer_a, enforcer_client  # noqa: F401

pytestmark = pytest.mark.django_db


def _step(client, case, transition, reason="Toelichting bij deze stap."):
    return client.post(f"/handhaving/{case.pk}/stap", {"transition": transition, "reason": reason})


def _history(case):
    return [h.to_state for h in case.history.all()]


def test_get_shows_only_the_steps_possible_now(case_a, enforcer_client):
    page = enforcer_client.get(f"/handhaving/{case_a.pk}/stap").content.decode()
    assert 'value="start_investigation"' in page and 'value="decide"' not in page


def test_a_closed_case_answers_400_with_a_dutch_message_and_changes_nothing(case_a, enforcer_client):
    for transition in ("start_investigation", "send_intention", "decide", "close"):
        assert _step(enforcer_client, case_a, transition).status_code == 302
    response = _step(enforcer_client, case_a, "reopen_investigation")
    assert response.status_code == 400
    assert "Deze stap kan nu niet: het traject is al afgesloten." in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.state == "afgesloten" and len(_history(case_a)) == 5


@pytest.mark.parametrize("transition", ["", "does_not_exist"])
def test_no_or_an_unknown_step_is_400(case_a, enforcer_client, transition):
    response = _step(enforcer_client, case_a, transition)
    assert response.status_code == 400
    case_a.refresh_from_db()
    assert case_a.state == "intake" and _history(case_a) == ["intake"]


def test_the_note_is_kept_when_the_step_is_refused(case_a, enforcer_client):
    response = _step(enforcer_client, case_a, "decide", reason="Mijn getypte toelichting")
    assert response.status_code == 400 and "Mijn getypte toelichting" in response.content.decode()


def test_a_case_of_another_municipality_is_404(case_a, users_b, municipality_b):
    client = logged_in_client(users_b[Role.ENFORCER], municipality_b)
    assert client.get(f"/handhaving/{case_a.pk}/stap").status_code == 404
    assert _step(client, case_a, "start_investigation").status_code == 404
    case_a.refresh_from_db()
    assert case_a.state == "intake"


def test_a_role_without_the_scope_gets_403(case_a, users_a, municipality_a):
    client = logged_in_client(users_a[Role.EMPLOYEE], municipality_a)
    assert _step(client, case_a, "start_investigation").status_code == 403
    case_a.refresh_from_db()
    assert case_a.state == "intake"


def test_a_step_whose_own_scope_the_role_lacks_is_refused(case_a):
    """A transition may need a scope beyond the page's: the kit answers 403 for it (checked before the form)."""
    request = SimpleNamespace(tenant=SimpleNamespace(has_scope=lambda scope: scope != Scope.ENFORCEMENT_WORK))
    assert TransitionView._missing_scope(request, case_a, "start_investigation") == Scope.ENFORCEMENT_WORK
    assert TransitionView._missing_scope(request, case_a, "does_not_exist") is None
