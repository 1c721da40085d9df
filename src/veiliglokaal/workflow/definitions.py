"""Workflows declared as data: named states, allowed transitions, who may make them, deadlines.

A case type (GIR aftercare, a measure, an enforcement case, a content report) declares one `Workflow`.
The definition is validated when it is built, so a typo in a state name fails at import, not in production.
"""

import datetime
from dataclasses import dataclass, field
from enum import Enum

from django.utils import timezone

from .calendar import add_working_days


class Actor(str, Enum):
    USER = "user"  # a person, through the interface or the API
    SYSTEM = "system"  # a scheduled job (deadline passed, retention)


@dataclass(frozen=True)
class Deadline:
    """Time allowed in a state: the same day, working days, calendar days or hours.

    Day-based deadlines count in Dutch local time (TIME_ZONE) and fall at the end of that local day, so "same day"
    and "within 2 working days" mean what a municipal employee means by them.
    """

    days: int = 0
    working_days: int = 0
    hours: int = 0
    same_day: bool = False

    def due(self, entered_at: datetime.datetime) -> datetime.datetime:
        if self.same_day or self.working_days:
            local_day = timezone.localdate(entered_at)
            if self.working_days:
                local_day = add_working_days(local_day, self.working_days)
            return timezone.make_aware(datetime.datetime.combine(local_day, datetime.time(23, 59, 59)))
        return entered_at + datetime.timedelta(days=self.days, hours=self.hours)


@dataclass(frozen=True)
class State:
    name: str
    label: str
    final: bool = False
    deadline: Deadline | None = None


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    actor: Actor = Actor.USER
    scope: str | None = None  # the permission scope a user needs; None: any user who may see the case
    requires_reason: bool = False


class WorkflowError(ValueError):
    """An invalid definition, or a transition that is not allowed now."""


@dataclass
class Workflow:
    name: str
    states: list[State]
    transitions: list[Transition]
    initial: str
    _states: dict[str, State] = field(init=False, repr=False)
    _transitions: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self._states = {state.name: state for state in self.states}
        self._transitions = {transition.name: transition for transition in self.transitions}
        self._validate()

    def _validate(self) -> None:
        if len(self._states) != len(self.states) or len(self._transitions) != len(self.transitions):
            raise WorkflowError(f"{self.name}: duplicate state or transition names")
        if self.initial not in self._states:
            raise WorkflowError(f"{self.name}: unknown initial state {self.initial!r}")
        for transition in self.transitions:
            for state in (*transition.sources, transition.target):
                if state not in self._states:
                    raise WorkflowError(f"{self.name}.{transition.name}: unknown state {state!r}")
            if any(self._states[source].final for source in transition.sources):
                raise WorkflowError(f"{self.name}.{transition.name}: leaves a final state")
        unreachable = set(self._states) - self._reachable()
        if unreachable:
            raise WorkflowError(f"{self.name}: unreachable states {sorted(unreachable)}")

    def _reachable(self) -> set[str]:
        seen, frontier = {self.initial}, [self.initial]
        while frontier:
            current = frontier.pop()
            for transition in self.transitions:
                if current in transition.sources and transition.target not in seen:
                    seen.add(transition.target)
                    frontier.append(transition.target)
        return seen

    def state(self, name: str) -> State:
        return self._states[name]

    def transition(self, name: str) -> Transition:
        try:
            return self._transitions[name]
        except KeyError:
            raise WorkflowError(f"{self.name}: unknown transition {name!r}") from None

    def available(self, state: str, actor: Actor = Actor.USER, scopes: frozenset[str] = frozenset()) -> list[Transition]:
        """Transitions that this actor (with these scopes) may make from `state`."""
        return [
            t for t in self.transitions
            if state in t.sources and t.actor == actor and (t.scope is None or t.scope in scopes)
        ]

    def check(self, state: str, name: str, actor: Actor, scopes: frozenset[str], reason: str = "") -> Transition:
        transition = self.transition(name)
        if state not in transition.sources:
            raise WorkflowError(f"'{transition.label}' kan niet vanuit de status '{self.state(state).label}'.")
        if transition.actor != actor:
            raise WorkflowError(f"'{transition.label}' gebeurt alleen automatisch." if transition.actor == Actor.SYSTEM
                                else f"'{transition.label}' is een handeling van een medewerker.")
        if transition.scope and transition.scope not in scopes:
            raise WorkflowError(f"U heeft geen recht om '{transition.label}' uit te voeren.")
        if transition.requires_reason and not reason.strip():
            raise WorkflowError(f"Geef een toelichting bij '{transition.label}'.")
        return transition

    def deadline(self, state: str, entered_at: datetime.datetime) -> datetime.datetime | None:
        deadline = self.state(state).deadline
        return deadline.due(entered_at) if deadline else None
