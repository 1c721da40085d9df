"""Reads of the workflow kit. Cases themselves are read through their module's tenancy-scoped selector."""

from .definitions import Actor, Transition


def user_transitions(case, scopes) -> list[Transition]:
    """The steps a user with these scopes may make now from the case's current state."""
    return case.WORKFLOW.available(case.state, Actor.USER, frozenset(scopes))
