"""The "Vandaag" attention items: real data of each module in municipality A and B; B is never counted, each item
costs one query, and an item outside a role's scopes is not computed at all."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import logged_in_client
from tests.incidents.conftest import incident_data
from tests.irregularities import factories_review as f
from tests.monitoring.monitoring_helpers import make_monitor
from tests.online.conftest import report_data
from veiliglokaal.accounts.scopes import Role
from veiliglokaal.core import shell
from veiliglokaal.enforcement import services as enforcement
from veiliglokaal.enforcement.menu import end_of_week
from veiliglokaal.enforcement.models import EnforcementCase
from veiliglokaal.incidents import services as incidents
from veiliglokaal.incidents.models import Aftercare, Measure
from veiliglokaal.irregularities.models import Decision, Outcome
from veiliglokaal.monitoring.models import Alert, AlertStatus
from veiliglokaal.online import services as online
from veiliglokaal.online.models import ContentReport
from veiliglokaal.online.workflows import NO_ANSWER, NOTICE_SENT

PAST = timezone.now() - datetime.timedelta(days=3)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _gir(users, municipality, tenant_of):
    """Three incidents by the employee: one whose aftercare is late (coordinator owns it), one with a late measure
    owned by the manager (no aftercare yet), one without either."""
    employee, manager, coordinator = users[Role.EMPLOYEE], users[Role.MANAGER], users[Role.COORDINATOR]
    for user in (employee, manager):
        user.department = "Publiekszaken"
        user.save()
    as_employee = tenant_of(employee, municipality)
    as_coordinator = tenant_of(coordinator, municipality)
    made = [incidents.create_incident(as_employee, employee, {**incident_data(), "victim_user": employee})
            for _ in range(3)]
    incidents.start_aftercare(as_coordinator, coordinator, made[0], coordinator)
    incidents.add_measure(as_coordinator, coordinator, made[1], "conversation", manager)
    Aftercare.objects.filter(incident=made[0]).update(deadline_at=PAST)
    Measure.objects.filter(incident=made[1]).update(deadline_at=PAST)
    return made


def _dook(users, municipality):
    run = f.review_demo_run(municipality, signals=4)
    signal = run.signal_set.first()
    Decision.objects.create(municipality=municipality, signal=signal, address=signal.address,
                            outcome=Outcome.NO_ACTION, rationale="Bekend, geen actie.",
                            decided_by=users[Role.ANALYST])
    return run


def _enforcement(users, municipality, tenant_of, run):
    analyst = users[Role.ANALYST]
    tenant = tenant_of(analyst, municipality)
    cases = [enforcement.open_case(tenant, analyst, title=f"Traject {n}", legal_basis="huisvestingswet",
                                   owner=users[Role.ENFORCER], links=[run.signal_set.first()]) for n in range(3)]
    EnforcementCase.objects.filter(pk=cases[0].pk).update(deadline_at=PAST)  # overdue: still due
    EnforcementCase.objects.filter(pk=cases[1].pk).update(deadline_at=end_of_week() - datetime.timedelta(hours=1))
    EnforcementCase.objects.filter(pk=cases[2].pk).update(deadline_at=end_of_week() + datetime.timedelta(days=1))


def _online(users, municipality, tenant_of):
    employee = users[Role.EMPLOYEE]
    tenant = tenant_of(employee, municipality)
    reports = [online.create_report(tenant, employee, {**report_data(), "target_user": employee}) for _ in range(4)]
    ContentReport.objects.filter(pk=reports[0].pk).update(state=NO_ANSWER)
    ContentReport.objects.filter(pk=reports[1].pk).update(state=NOTICE_SENT, deadline_at=PAST)
    ContentReport.objects.filter(pk=reports[2].pk).update(state=NOTICE_SENT,
                                                          deadline_at=timezone.now() + datetime.timedelta(days=3))


def _monitoring(users, municipality):
    monitor = make_monitor(users[Role.ANALYST], municipality)
    for hour, status in enumerate([AlertStatus.OPEN, AlertStatus.OPEN, AlertStatus.RELEVANT]):
        Alert.objects.create(municipality=municipality, monitor=monitor, place="gemeentehuis", topic="rellen",
                             window_start=PAST + datetime.timedelta(hours=hour), observed=9, expected=1.0,
                             p_value=0.0001, status=status)


@pytest.fixture
def world(users_a, users_b, municipality_a, municipality_b, tenant_of):
    """The same data in A and twice over in B, so a count that leaks B shows it."""
    for users, municipality, times in [(users_a, municipality_a, 1), (users_b, municipality_b, 2)]:
        for _ in range(times):
            _gir(users, municipality, tenant_of)
            run = _dook(users, municipality)
            _enforcement(users, municipality, tenant_of, run)
            _online(users, municipality, tenant_of)
            _monitoring(users, municipality)
    return users_a


EXPECTED = {
    Role.EMPLOYEE: {"gir-own-aftercare": 1},
    Role.MANAGER: {"gir-own-overdue": 1, "gir-own-aftercare": 0},
    Role.COORDINATOR: {"gir-overdue": 2, "gir-without-aftercare": 2, "gir-own-aftercare": 0,
                       "online-platform-term": 2},
    Role.ANALYST: {"gir-own-aftercare": 0, "dook-undecided": 3, "enforcement-due": 2, "online-platform-term": 2,
                   "monitoring-open-alerts": 2},
    Role.ENFORCER: {"gir-own-aftercare": 0, "enforcement-due": 2},
    Role.OFFICIAL: {"gir-own-aftercare": 0},
    Role.NATIONAL_ANALYST: {},
    Role.ADMIN: {"gir-own-aftercare": 0},
    Role.PRIVACY_OFFICER: {"gir-own-aftercare": 0},
    Role.PARTNER: {},  # the base scopes only: nothing of the municipality's work to count
}


@pytest.mark.parametrize("role", Role.values)
def test_each_role_gets_its_own_items_counted_in_its_own_municipality_only(role, world, municipality_a, tenant_of,
                                                                          django_assert_num_queries):
    tenant = tenant_of(world[role], municipality_a)
    expected = EXPECTED[role]
    with django_assert_num_queries(len(expected)):  # one query per permitted item, none for the others
        rows = shell.attention_for(tenant)
    assert {row["key"]: row["count"] for row in rows} == expected


@pytest.mark.parametrize("key", [item.key for item in shell.attention_items()])
def test_every_item_costs_exactly_one_query(key, world, municipality_a, tenant_of, django_assert_num_queries):
    item = next(i for i in shell.attention_items() if i.key == key)
    role = next(r for r in Role.values if item.scope in tenant_of(world[r], municipality_a).scopes)
    tenant = tenant_of(world[role], municipality_a)
    with django_assert_num_queries(1):
        item.count(tenant)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ANALYST, Role.EMPLOYEE])
def test_home_shows_non_zero_items_with_working_links(role, world, municipality_a):
    client = logged_in_client(world[role], municipality_a)
    response = client.get("/")
    html = response.content.decode()
    shown = response.context["attention"]
    assert [row["key"] for row in shown] == [k for k, n in EXPECTED[role].items() if n]
    for row in shown:
        assert f'data-key="{row["key"]}"' in html and str(row["label"]) in html
        opened = client.get(row["url"])
        purpose_gate = opened.status_code == 302 and "/onregelmatigheden/doel" in opened["Location"]  # DOOK asks why
        assert opened.status_code == 200 or purpose_gate, row["url"]
    assert "Niets dat vandaag aandacht vraagt" not in html
    assert "verschijnen hier zodra ze beschikbaar zijn" not in html  # the stale sentence is gone


def test_home_is_quiet_when_nothing_asks_for_attention(users_a, municipality_a):
    html = logged_in_client(users_a[Role.OFFICIAL], municipality_a).get("/").content.decode()
    assert "Niets dat vandaag aandacht vraagt" in html
    assert "Ermelo" in html and "Inwoners per km²" in html and "Noord- en Oost-Gelderland" in html
    assert "als bestuurder" in html
