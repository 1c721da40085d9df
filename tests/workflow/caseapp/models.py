"""A test-only case type with a declared workflow (no migrations: created by the test runner)."""

from django.db import models

from veiliglokaal.workflow.definitions import Actor, Deadline, State, Transition, Workflow
from veiliglokaal.workflow.models import StateChange, WorkflowCase

REVIEW = Workflow(
    name="review",
    initial="received",
    states=[
        State("received", "Ontvangen", deadline=Deadline(working_days=2)),
        State("assessed", "Beoordeeld", deadline=Deadline(days=14)),
        State("closed", "Afgesloten", final=True),
    ],
    transitions=[
        Transition("assess", "Beoordelen", ("received",), "assessed", scope="case.handle"),
        Transition("close", "Afsluiten", ("assessed",), "closed", scope="case.handle", requires_reason=True),
        Transition("expire", "Verlopen", ("received", "assessed"), "closed", actor=Actor.SYSTEM),
    ],
)


class Case(WorkflowCase):
    WORKFLOW = REVIEW
    title = models.CharField(max_length=50)

    class Meta:
        app_label = "caseapp"


class CaseHistory(StateChange):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")

    class Meta(StateChange.Meta):
        app_label = "caseapp"
