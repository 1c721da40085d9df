"""The declared workflows of GIR: aftercare for the person affected and the measures towards the offender."""


from django.db import models
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.workflow.definitions import Deadline, State, Transition, Workflow

HANDLE = Scope.INCIDENTS_HANDLE


AFTERCARE = Workflow(
    name="nazorg",
    states=[
        State("first_contact", "Eerste contact met de getroffene (zelfde dag)", deadline=Deadline(same_day=True)),
        State("follow_up", "Vervolgcontact", deadline=Deadline(working_days=10)),
        State("evaluation", "Evaluatie", deadline=Deadline(working_days=20)),
        State("closed", "Afgesloten", final=True),
    ],
    transitions=[
        Transition("contact_made", "Eerste contact gehad", ("first_contact",), "follow_up", scope=HANDLE,
                   requires_reason=True),
        Transition("follow_up_done", "Vervolgcontact gehad", ("follow_up",), "evaluation", scope=HANDLE,
                   requires_reason=True),
        Transition("close", "Nazorg afsluiten", ("evaluation",), "closed", scope=HANDLE, requires_reason=True),
        Transition("decline", "Getroffene ziet af van nazorg", ("first_contact", "follow_up"), "closed", scope=HANDLE,
                   requires_reason=True),
    ],
    initial="first_contact",
)


class MeasureKind(models.TextChoices):
    CONVERSATION = "conversation", _("Gesprek met de veroorzaker")
    WARNING_LETTER = "warning_letter", _("Waarschuwingsbrief")
    RESTRICTION = "restriction", _("Toegangs- of gebiedsverbod")
    POLICE_REPORT = "police_report", _("Aangifte bij de politie")
    DAMAGE_RECOVERY = "damage_recovery", _("Schadeverhaal")


def _measure(name: str, planned: str, planned_deadline: Deadline, done_transition: str, done_label: str,
             middle: tuple[str, str, str, str, Deadline | None] | None = None) -> Workflow:
    """planned → (middle →) done, with "cancel" from every open state; every step records its outcome."""
    states = [State("planned", planned, deadline=planned_deadline)]
    transitions = []
    open_states = ["planned"]
    if middle:
        state, label, transition, transition_label, deadline = middle
        states.append(State(state, label, deadline=deadline))
        transitions.append(Transition(transition, transition_label, ("planned",), state, scope=HANDLE,
                                      requires_reason=True))
        open_states.append(state)
    states += [State("done", done_label, final=True), State("cancelled", "Afgezien", final=True)]
    transitions += [
        Transition(done_transition, "Afronden", (open_states[-1],), "done", scope=HANDLE, requires_reason=True),
        Transition("cancel", "Afzien van deze maatregel", tuple(open_states), "cancelled", scope=HANDLE,
                   requires_reason=True),
    ]
    return Workflow(name=name, states=states, transitions=transitions, initial="planned")


MEASURES: dict[str, Workflow] = {
    MeasureKind.CONVERSATION: _measure("gesprek", "Gesprek plannen", Deadline(working_days=10), "complete",
                                       "Gesprek gevoerd"),
    MeasureKind.WARNING_LETTER: _measure("waarschuwingsbrief", "Brief opstellen en versturen",
                                         Deadline(working_days=5), "complete", "Brief verstuurd"),
    MeasureKind.RESTRICTION: _measure("toegangsverbod", "Verbod voorbereiden", Deadline(working_days=5), "complete",
                                      "Verbod afgelopen",
                                      middle=("imposed", "Verbod opgelegd", "impose", "Verbod opleggen", None)),
    # Aangifte within 2 working days, with the organisation's address (domicilie).
    MeasureKind.POLICE_REPORT: _measure("aangifte", "Aangifte doen (binnen 2 werkdagen)", Deadline(working_days=2),
                                        "complete", "Afgehandeld door politie/OM",
                                        middle=("filed", "Aangifte gedaan", "file", "Aangifte gedaan", None)),
    MeasureKind.DAMAGE_RECOVERY: _measure("schadeverhaal", "Schade vaststellen en verhalen",
                                          Deadline(working_days=20), "complete", "Schade verhaald",
                                          middle=("claimed", "Vordering ingediend", "claim", "Vordering indienen",
                                                  Deadline(days=60))),
}
