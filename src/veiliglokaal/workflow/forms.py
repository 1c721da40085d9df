"""The one transition form of every declared workflow: the steps the user may make now, and a note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veiliglokaal.accounts.forms import UtrechtFormMixin

from .definitions import Transition, Workflow, WorkflowError

MAX_REASON_CHARS = 5000


class TransitionForm(UtrechtFormMixin, forms.Form):
    """`offered`: the transitions this user may make from the case's current state on this page."""

    transition = forms.CharField(label=_("Stap"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Kies een stap.")})
    reason = forms.CharField(label=_("Toelichting of uitkomst"), required=False, max_length=MAX_REASON_CHARS,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, workflow: Workflow, state: str, offered: list[Transition], case_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.workflow, self.state, self.case_label = workflow, state, case_label
        self.offered = {t.name: t for t in offered}
        self.fields["transition"].widget.choices = [(t.name, t.label) for t in offered]

    def clean(self):
        data = super().clean()
        name = data.get("transition")
        if name and name not in self.offered:
            self.add_error(None, forms.ValidationError(self._not_now(name), code="not_now"))
        elif name and self.offered[name].requires_reason and not data.get("reason", "").strip():
            self.add_error("reason", _("Geef een toelichting bij '%(step)s'.") % {"step": self.offered[name].label})
        return data

    def _not_now(self, name: str) -> str:
        if self.workflow.state(self.state).final:
            return _("Deze stap kan nu niet: %(case)s is al afgesloten.") % {"case": self.case_label}
        try:
            transition = self.workflow.transition(name)
        except WorkflowError:
            return _("Kies een van de stappen die nu kunnen.")
        if self.state in transition.sources:
            return _("'%(step)s' gaat met een eigen formulier.") % {"step": transition.label}
        return _("Deze stap kan nu niet: '%(step)s' kan niet vanuit de status '%(state)s'.") % {
            "step": transition.label, "state": self.workflow.state(self.state).label}
