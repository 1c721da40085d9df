"""The one way to move a case: check the declared transition, update the case, append history, same transaction."""

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .definitions import Actor, Workflow
from .models import StateChange, WorkflowCase

# Sent after the transaction commits: notifications and other side effects listen here.
state_changed = Signal()


def start(case: WorkflowCase, history_model: type[StateChange], *, actor_id=None, actor=Actor.USER) -> None:
    """Put a new (unsaved or saved) case in its workflow's initial state and record that."""
    workflow: Workflow = case.WORKFLOW
    now = timezone.now()
    case.state, case.state_entered_at = workflow.initial, now
    case.deadline_at = workflow.deadline(workflow.initial, now)
    with transaction.atomic():
        case.save()
        history_model.objects.create(case=case, transition="start", from_state="", to_state=workflow.initial,
                                     actor_id=actor_id, actor_kind=actor.value)


def apply(case: WorkflowCase, history_model: type[StateChange], name: str, *, scopes=frozenset(), actor_id=None,
          actor: Actor = Actor.USER, reason: str = "") -> StateChange:
    workflow: Workflow = case.WORKFLOW
    with transaction.atomic():
        locked = type(case).objects.select_for_update().get(pk=case.pk)
        transition = workflow.check(locked.state, name, actor, frozenset(scopes), reason)
        now = timezone.now()
        change = history_model.objects.create(
            case=locked, transition=transition.name, from_state=locked.state, to_state=transition.target,
            reason=reason, actor_id=actor_id, actor_kind=actor.value,
        )
        type(case).objects.filter(pk=case.pk).update(
            state=transition.target, state_entered_at=now, deadline_at=workflow.deadline(transition.target, now)
        )
        case.refresh_from_db(fields=["state", "state_entered_at", "deadline_at"])
        transaction.on_commit(lambda: state_changed.send(sender=type(case), case=case, change=change))
    return change
