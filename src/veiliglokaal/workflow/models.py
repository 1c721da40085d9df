"""Abstract building blocks for case types: the current state on the case, and an append-only history."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from veiliglokaal.core.append_only import AppendOnlyModel


class WorkflowCase(models.Model):
    """Mixin for a case: its current state, when it entered it and when the state's deadline falls."""

    state = models.CharField(_("status"), max_length=50, db_index=True)
    state_entered_at = models.DateTimeField(_("in deze status sinds"))
    deadline_at = models.DateTimeField(_("uiterste datum"), null=True, blank=True, db_index=True)

    WORKFLOW = None  # set by the concrete case type

    class Meta:
        abstract = True

    @property
    def state_label(self) -> str:
        return self.WORKFLOW.state(self.state).label


class StateChange(AppendOnlyModel):
    """One entry of a case's history. Concrete subclasses add `case = ForeignKey(<case>, related_name="history")`."""

    transition = models.CharField(_("handeling"), max_length=50)
    from_state = models.CharField(_("van status"), max_length=50, blank=True)
    to_state = models.CharField(_("naar status"), max_length=50)
    reason = models.TextField(_("toelichting"), blank=True)
    actor_id = models.BigIntegerField(_("door (gebruiker-id)"), null=True, blank=True)
    actor_kind = models.CharField(_("soort actor"), max_length=10)
    occurred_at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    APPEND_ONLY_MESSAGE = "Historie wordt nooit gewijzigd of verwijderd."

    class Meta:
        abstract = True
        ordering = ["occurred_at", "pk"]
