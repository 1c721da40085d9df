"""The signal page (explanation, provenance, peers, earlier and similar signals) and the decision form:
outcome and rationale required, append-only history, "enforcement" opens a case linked to the signal."""

import pytest

from veiliglokaal.audit.models import AppendOnlyError
from veiliglokaal.enforcement.models import CaseLink, EnforcementCase
from veiliglokaal.irregularities.models import Decision, Outcome

from tests.conftest import logged_in_client

from . import factories_review as f

pytestmark = pytest.mark.django_db


def _decide(client, signal, **data):
    return client.post(f"/onregelmatigheden/signalen/{signal.pk}/besluit", data)


def test_signal_page_explains_with_sources_and_peers(run_a, analyst_client, purpose_a):
    signal = run_a.signal_set.get(rank=2)
    page = analyst_client.get(f"/onregelmatigheden/signalen/{signal.pk}").content.decode()
    assert "Besettingsgraad" in page and "Veel verhuizingen" in page           # indicators with titles
    assert "overbewoning" in page                                                # explanation of the indicator
    assert 'data-vl-inline-size="100"' in page and 'data-vl-inline-size="40"' in page       # bars: 2.5 and 1.0 of 2.5
    assert ">-2,8<" in page                                                      # (8 - 30) / 8 = -2.75 MADs
    assert "synthetisch-brp-" in page and "synthetisch-bag-" in page             # provenance: files
    assert "1 januari 2026" in page and "2026-01-01" not in page                 # reference dates, in Dutch
    assert "Synthetische gegevens (demo)" in page
    assert "u besluit, niet het algoritme" in page.lower()


def test_outcome_and_rationale_are_required_and_input_is_kept(run_a, analyst_client, purpose_a):
    signal = run_a.signal_set.first()
    response = _decide(analyst_client, signal, rationale="kort")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kies een besluit." in page and "kort</textarea>" in page
    response = _decide(analyst_client, signal, outcome="investigate", rationale="te kort")
    assert "Onderbouw het besluit in minstens 10 tekens." in response.content.decode()
    assert not Decision.objects.exists()


def test_decisions_are_appended_never_edited(run_a, analyst_client, analyst_a, purpose_a):
    signal = run_a.signal_set.first()
    _decide(analyst_client, signal, outcome="investigate", rationale="Eerst controle ter plaatse nodig.")
    _decide(analyst_client, signal, outcome="no_action", rationale="Controle: bewoning klopt met de BRP.")
    decisions = list(signal.decisions.order_by("decided_at", "pk"))
    assert [d.outcome for d in decisions] == ["investigate", "no_action"]
    assert decisions[0].indicators == ["occupancy"] and decisions[0].purpose == purpose_a
    assert decisions[1].decided_by == analyst_a
    first = decisions[0]
    first.outcome = "enforcement"
    with pytest.raises(AppendOnlyError):
        first.save()
    with pytest.raises(AppendOnlyError):
        first.delete()
    page = analyst_client.get(f"/onregelmatigheden/signalen/{signal.pk}").content.decode()
    assert page.index("Controle: bewoning klopt") < page.index("Eerst controle ter plaatse")  # newest first


def test_enforcement_needs_a_legal_basis(run_a, analyst_client, purpose_a):
    signal = run_a.signal_set.first()
    response = _decide(analyst_client, signal, outcome="enforcement", rationale="Duidelijke overbewoning gezien.")
    assert response.status_code == 400
    assert "een handhavingstraject heeft altijd een grondslag" in response.content.decode()
    assert not EnforcementCase.objects.exists() and not Decision.objects.exists()


def test_enforcement_opens_a_case_linked_to_the_signal(run_a, analyst_client, analyst_a, purpose_a):
    signal = run_a.signal_set.first()
    response = _decide(analyst_client, signal, outcome="enforcement", legal_basis="huisvestingswet",
                       rationale="Zeven inschrijvingen op 45 m²; controle bevestigt kamerverhuur.")
    assert response.status_code == 302
    case = EnforcementCase.objects.get()
    assert case.state == "intake" and case.owner == analyst_a and case.legal_basis == "huisvestingswet"
    assert case.deadline_at is not None
    assert [h.to_state for h in case.history.all()] == ["intake"]
    link = CaseLink.objects.get()
    assert link.case == case and link.target == signal
    page = analyst_client.get(f"/onregelmatigheden/signalen/{signal.pk}").content.decode()
    assert case.reference in page


def test_earlier_signals_at_the_same_address_with_their_outcome(run_a, municipality_a, analyst_client, purpose_a,
                                                                 analyst_a):
    old_signal = run_a.signal_set.get(rank=1)
    Decision.objects.create(municipality=municipality_a, signal=old_signal, address=old_signal.address,
                            outcome=Outcome.REGISTRATION_ERROR, rationale="BRP-inschrijving verouderd, gemeld.",
                            indicators=["occupancy"], decided_by=analyst_a)
    newer = f.run(municipality_a)
    current = f.signal(newer, old_signal.address, rank=1)
    page = analyst_client.get(f"/onregelmatigheden/signalen/{current.pk}").content.decode()
    assert "Eerdere signalen op dit adres" in page
    assert f"/onregelmatigheden/signalen/{old_signal.pk}" in page and "BRP-inschrijving verouderd" in page


def test_similar_signals_share_indicators_and_show_no_address(run_a, municipality_a, analyst_client, purpose_a,
                                                              analyst_a):
    other = run_a.signal_set.select_related("address").get(rank=4)   # occupancy + many_moves
    unrelated = f.signal(run_a, f.address(municipality_a, run_a.signal_set.first().address.source_import,
                                          street="Elders"), codes=("low_woz_per_m2",), rank=99)
    for sig, outcome in ((other, Outcome.INVESTIGATE), (unrelated, Outcome.NO_ACTION)):
        Decision.objects.create(municipality=municipality_a, signal=sig, address=sig.address, outcome=outcome,
                                rationale="test", indicators=[i["code"] for i in sig.indicators], decided_by=analyst_a)
    current = run_a.signal_set.get(rank=2)                            # occupancy + many_moves
    page = analyst_client.get(f"/onregelmatigheden/signalen/{current.pk}").content.decode()
    section = page.split('data-testid="similar"')[1].split("</table>")[0]
    assert f"#{other.pk}" in section and "Nader onderzoek" in section
    assert f"#{unrelated.pk}" not in section
    assert str(other.address.house_number) + "," not in section and "Synthetische Laan" not in section


def test_signal_of_another_municipality_is_404(run_a, municipality_b, analyst_client, purpose_a):
    run_b = f.review_demo_run(municipality_b, street="B-straat")
    signal_b = run_b.signal_set.first()
    assert analyst_client.get(f"/onregelmatigheden/signalen/{signal_b.pk}").status_code == 404
    response = _decide(analyst_client, signal_b, outcome="no_action", rationale="Poging op B's signaal.")
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_enforcer_cannot_decide_on_signals(run_a, users_a, municipality_a):
    from veiliglokaal.accounts.scopes import Role

    client = logged_in_client(users_a[Role.ENFORCER], municipality_a)
    signal = run_a.signal_set.first()
    assert _decide(client, signal, outcome="no_action", rationale="Geen recht hierop.").status_code == 403
