"""The shared workflow machinery: declared definitions are validated; transitions are checked and recorded."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veiliglokaal.audit.models import AppendOnlyError
from veiliglokaal.workflow import services
from veiliglokaal.workflow.calendar import add_working_days, easter_sunday, is_working_day, public_holidays
from veiliglokaal.workflow.definitions import Actor, State, Transition, Workflow, WorkflowError

from .caseapp.models import REVIEW, Case, CaseHistory


def test_definition_errors_fail_when_the_workflow_is_built():
    with pytest.raises(WorkflowError, match="unknown state"):
        Workflow("x", [State("a", "A")], [Transition("t", "T", ("a",), "b")], initial="a")
    with pytest.raises(WorkflowError, match="unreachable"):
        Workflow("x", [State("a", "A"), State("b", "B")], [], initial="a")
    with pytest.raises(WorkflowError, match="final"):
        Workflow("x", [State("a", "A", final=True), State("b", "B")], [Transition("t", "T", ("a",), "b")], initial="a")


def test_available_transitions_depend_on_state_actor_and_scope():
    assert [t.name for t in REVIEW.available("received", Actor.USER, frozenset({"case.handle"}))] == ["assess"]
    assert REVIEW.available("received", Actor.USER, frozenset()) == []
    assert [t.name for t in REVIEW.available("assessed", Actor.SYSTEM)] == ["expire"]


def test_known_dutch_public_holidays():
    assert easter_sunday(2026) == datetime.date(2026, 4, 5)
    assert easter_sunday(2025) == datetime.date(2025, 4, 20)
    holidays_2026 = public_holidays(2026)
    assert datetime.date(2026, 4, 6) in holidays_2026  # tweede paasdag
    assert datetime.date(2026, 4, 27) in holidays_2026  # Koningsdag (a Monday)
    assert datetime.date(2026, 5, 14) in holidays_2026  # Hemelvaartsdag
    assert datetime.date(2026, 5, 25) in holidays_2026  # tweede pinksterdag
    assert datetime.date(2025, 4, 26) in public_holidays(2025)  # 27 April 2025 is a Sunday


def test_two_working_days_skip_weekend_and_holidays():
    assert add_working_days(datetime.date(2026, 11, 27), 2) == datetime.date(2026, 12, 1)  # Fri -> Tue
    assert add_working_days(datetime.date(2026, 12, 24), 2) == datetime.date(2026, 12, 29)  # over Christmas
    assert add_working_days(datetime.date(2026, 4, 2), 2) == datetime.date(2026, 4, 7)  # over Easter Monday


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)), st.integers(0, 30))
def test_add_working_days_lands_on_a_working_day_after_exactly_n_working_days(start, n):
    end = add_working_days(start, n)
    assert end >= start
    counted = sum(is_working_day(start + datetime.timedelta(days=i)) for i in range(1, (end - start).days + 1))
    assert counted == n
    if n:
        assert is_working_day(end)


@pytest.mark.django_db
def test_transitions_are_checked_recorded_and_deadlines_set():
    case = Case(title="proef")
    services.start(case, CaseHistory, actor_id=7)
    assert case.state == "received" and case.deadline_at is not None
    with pytest.raises(WorkflowError, match="geen recht"):
        services.apply(case, CaseHistory, "assess", scopes=set(), actor_id=7)
    with pytest.raises(WorkflowError, match="kan niet vanuit"):
        services.apply(case, CaseHistory, "close", scopes={"case.handle"}, actor_id=7, reason="klaar")
    services.apply(case, CaseHistory, "assess", scopes={"case.handle"}, actor_id=7)
    assert case.state == "assessed"
    with pytest.raises(WorkflowError, match="toelichting"):
        services.apply(case, CaseHistory, "close", scopes={"case.handle"}, actor_id=7)
    with pytest.raises(WorkflowError, match="automatisch"):
        services.apply(case, CaseHistory, "expire", scopes={"case.handle"}, actor_id=7)
    services.apply(case, CaseHistory, "close", scopes={"case.handle"}, actor_id=7, reason="Afgehandeld")
    case.refresh_from_db()
    assert case.state == "closed" and case.deadline_at is None
    history = list(case.history.values_list("from_state", "to_state", "reason"))
    assert history == [("", "received", ""), ("received", "assessed", ""), ("assessed", "closed", "Afgehandeld")]


@pytest.mark.django_db
def test_history_is_append_only():
    case = Case(title="proef")
    services.start(case, CaseHistory)
    entry = case.history.get()
    entry.reason = "achteraf aangepast"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_day_deadlines_count_in_dutch_local_time():
    from zoneinfo import ZoneInfo

    from veiliglokaal.workflow.definitions import Deadline

    amsterdam = ZoneInfo("Europe/Amsterdam")
    # 00:30 on Monday 30 Nov 2026 in Amsterdam is still Sunday 29 Nov in UTC.
    entered = datetime.datetime(2026, 11, 30, 0, 30, tzinfo=amsterdam)
    same_day = Deadline(same_day=True).due(entered).astimezone(amsterdam)
    assert (same_day.date(), same_day.time()) == (datetime.date(2026, 11, 30), datetime.time(23, 59, 59))
    two_days = Deadline(working_days=2).due(entered).astimezone(amsterdam)
    assert (two_days.date(), two_days.time()) == (datetime.date(2026, 12, 2), datetime.time(23, 59, 59))
