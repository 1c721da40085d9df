import pytest

from veiliglokaal.accounts.models import User
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.demo.accounts import load_demo
from veiliglokaal.core.models import Municipality
from veiliglokaal.incidents import selectors
from veiliglokaal.demo.incidents import DEMO_MARK, load_incident_demo
from veiliglokaal.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_demo_history_is_synthetic_labelled_and_loaded_once():
    """`manage.py load_demo` loads it after the demo users (the e2e fixture loads only the users)."""
    load_demo()
    assert load_incident_demo() >= 30
    assert load_incident_demo() == 0  # once
    ermelo = Municipality.objects.get(code="GM0233")
    incidents = Incident.objects.filter(municipality=ermelo)
    assert incidents.count() >= 30
    assert all(d.startswith(DEMO_MARK) for d in incidents.values_list("description", flat=True))
    coordinator = tenant_for(User.objects.get(username="demo-coordinator"), ermelo.pk)
    assert list(selectors.overdue(coordinator))
    assert selectors.overview(coordinator)["total"] == incidents.count()
