"""The declared workflow of an enforcement case (handhavingstraject), shared by every module that starts one.

intake → onderzoek → voornemen → besluit → afgesloten. The intended decision (voornemen) opens the period in which
the person concerned may give their view (zienswijze, Awb 4:8); the decision is followed by the objection period
(bezwaartermijn, Awb 6:7: six weeks). Every step is a person's act with a recorded reason: the algorithm that
produced a signal never moves a case.
"""

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.workflow.definitions import Deadline, State, Transition, Workflow

WORK = Scope.ENFORCEMENT_WORK

# Working days the person concerned gets to respond to the intended decision (zienswijze).
VIEW_PERIOD_WORKING_DAYS = 10

ENFORCEMENT = Workflow(
    name="handhavingstraject",
    states=[
        State("intake", "Intake", deadline=Deadline(working_days=5)),
        State("onderzoek", "Onderzoek", deadline=Deadline(days=56)),
        State("voornemen", "Voornemen verzonden (zienswijzetermijn)",
              deadline=Deadline(working_days=VIEW_PERIOD_WORKING_DAYS)),
        State("besluit", "Besluit genomen (bezwaartermijn)", deadline=Deadline(days=42)),
        State("afgesloten", "Afgesloten", final=True),
    ],
    transitions=[
        Transition("start_investigation", "Onderzoek starten", ("intake",), "onderzoek", scope=WORK,
                   requires_reason=True),
        Transition("send_intention", "Voornemen verzenden", ("onderzoek",), "voornemen", scope=WORK,
                   requires_reason=True),
        Transition("reopen_investigation", "Terug naar onderzoek (na zienswijze)", ("voornemen",), "onderzoek",
                   scope=WORK, requires_reason=True),
        Transition("decide", "Besluit nemen", ("voornemen",), "besluit", scope=WORK, requires_reason=True),
        Transition("close", "Traject afsluiten", ("besluit",), "afgesloten", scope=WORK, requires_reason=True),
        Transition("close_without_measure", "Afsluiten zonder handhaving", ("intake", "onderzoek", "voornemen"),
                   "afgesloten", scope=WORK, requires_reason=True),
    ],
    initial="intake",
)
