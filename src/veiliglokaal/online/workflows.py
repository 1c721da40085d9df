"""The declared workflow of a content report (meldpunt online inhoud).

received → assessed → notice sent to the platform → removed / made inaccessible / refused (or no answer in time)
→ closed. The deadlines come from settings (`ONLINE_*`), read when this module is imported, so a deployment sets
them once for all municipalities. "Notice sent" is recorded through `services.record_notice_sent` (which stores the
exact notice); "no answer" is the only system transition: the scheduled reminders job makes it when the platform's
term has passed.
"""

from django.conf import settings

from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.workflow.definitions import Actor, Deadline, State, Transition, Workflow

HANDLE = Scope.ONLINE_HANDLE

RECEIVED, ASSESSED, NOTICE_SENT, NO_ANSWER = "received", "assessed", "notice_sent", "no_answer"
REMOVED, DISABLED, REFUSED, CLOSED = "removed", "disabled", "refused", "closed"

SEND_NOTICE = "send_notice"  # made only by services.record_notice_sent, never from the generic step form
OUTCOME_STATES = (REMOVED, DISABLED, REFUSED)


def build_workflow() -> Workflow:
    return Workflow(
        name="meldpunt-online",
        states=[
            State(RECEIVED, "Ontvangen, nog te beoordelen",
                  deadline=Deadline(working_days=settings.ONLINE_ASSESS_WORKING_DAYS)),
            State(ASSESSED, "Beoordeeld, notice nog te versturen",
                  deadline=Deadline(working_days=settings.ONLINE_NOTICE_WORKING_DAYS)),
            State(NOTICE_SENT, "Notice verstuurd, wacht op het platform",
                  deadline=Deadline(days=settings.ONLINE_PLATFORM_ANSWER_DAYS)),
            State(NO_ANSWER, "Geen reactie van het platform binnen de termijn", deadline=Deadline(working_days=2)),
            State(REMOVED, "Verwijderd door het platform", deadline=Deadline(working_days=5)),
            State(DISABLED, "Ontoegankelijk gemaakt door het platform", deadline=Deadline(working_days=5)),
            State(REFUSED, "Geweigerd door het platform", deadline=Deadline(working_days=5)),
            State(CLOSED, "Afgesloten", final=True),
        ],
        transitions=[
            Transition("assess", "Beoordeling vastleggen", (RECEIVED,), ASSESSED, scope=HANDLE, requires_reason=True),
            Transition(SEND_NOTICE, "Notice verstuurd", (ASSESSED, NO_ANSWER), NOTICE_SENT, scope=HANDLE),
            Transition("removed", "Platform heeft verwijderd", (NOTICE_SENT, NO_ANSWER), REMOVED, scope=HANDLE,
                       requires_reason=True),
            Transition("disabled", "Platform heeft ontoegankelijk gemaakt", (NOTICE_SENT, NO_ANSWER), DISABLED,
                       scope=HANDLE, requires_reason=True),
            Transition("refused", "Platform heeft geweigerd", (NOTICE_SENT, NO_ANSWER), REFUSED, scope=HANDLE,
                       requires_reason=True),
            Transition("no_answer", "Termijn van het platform verstreken", (NOTICE_SENT,), NO_ANSWER,
                       actor=Actor.SYSTEM),
            Transition("reassess", "Opnieuw beoordelen (bijvoorbeeld andere grond of bezwaar)", (REFUSED,), ASSESSED,
                       scope=HANDLE, requires_reason=True),
            Transition("close", "Afsluiten", (REMOVED, DISABLED, REFUSED, NO_ANSWER), CLOSED, scope=HANDLE,
                       requires_reason=True),
            Transition("close_without_notice", "Afsluiten zonder notice (niet onrechtmatig of niet te melden)",
                       (RECEIVED, ASSESSED), CLOSED, scope=HANDLE, requires_reason=True),
        ],
        initial=RECEIVED,
    )


CONTENT_REPORT = build_workflow()


def step_transitions(state: str, scopes) -> list:
    """What the generic step form offers: every user transition except sending the notice (its own form)."""
    return [t for t in CONTENT_REPORT.available(state, Actor.USER, frozenset(scopes)) if t.name not in
            (SEND_NOTICE, "assess")]
