"""Precision per indicator, checked by hand: the latest decision per signal counts; relevant = registration error,
investigate or enforcement; a signal counts for each of its indicators; other municipalities never count."""

import pytest

from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.irregularities.models import Decision, Outcome
from veiliglokaal.irregularities.selectors.review import precision

from . import factories_review as f

pytestmark = pytest.mark.django_db


def _decide(signal, outcome, user, codes):
    return Decision.objects.create(municipality=signal.municipality, signal=signal, address=signal.address,
                                   outcome=outcome, rationale="hand-checked", indicators=list(codes), decided_by=user)


@pytest.fixture
def decided(run_a, analyst_a, municipality_b, users_b):
    s1, s2, s3, s4 = run_a.signal_set.order_by("rank")[:4]
    _decide(s1, Outcome.NO_ACTION, analyst_a, ["occupancy"])
    _decide(s2, Outcome.INVESTIGATE, analyst_a, ["occupancy", "many_moves"])
    _decide(s3, Outcome.ENFORCEMENT, analyst_a, ["occupancy"])
    _decide(s3, Outcome.NO_ACTION, analyst_a, ["occupancy"])           # supersedes: s3 counts as no action
    _decide(s4, Outcome.REGISTRATION_ERROR, analyst_a, ["many_moves"])
    # B's decisions must not count for A
    run_b = f.review_demo_run(municipality_b)
    for sig in run_b.signal_set.all():
        _decide(sig, Outcome.ENFORCEMENT, users_b["analyst"], ["occupancy"])


def test_figures_by_hand(decided, analyst_a, municipality_a):
    rows = {p.code: p for p in precision(tenant_for(analyst_a, municipality_a.pk))}
    # occupancy: s1 no action, s2 investigate, s3 no action (latest) -> 1 of 3 relevant
    assert (rows["occupancy"].decided, rows["occupancy"].relevant) == (3, 1)
    assert rows["occupancy"].share == pytest.approx(1 / 3)
    assert rows["occupancy"].outcomes == {"no_action": 2, "investigate": 1}
    # many_moves: s2 investigate, s4 registration error -> 2 of 2
    assert (rows["many_moves"].decided, rows["many_moves"].relevant) == (2, 2)


def test_precision_page_shows_the_figures_and_the_definition(decided, analyst_client):
    page = analyst_client.get("/onregelmatigheden/precisie").content.decode()
    table = page.split('data-testid="precision"')[1]
    assert "33%" in table and "100%" in table
    assert "“Geen actie” telt als niet relevant" in page


def test_no_decisions_yet(analyst_client):
    assert "Nog geen besluiten." in analyst_client.get("/onregelmatigheden/precisie").content.decode()
