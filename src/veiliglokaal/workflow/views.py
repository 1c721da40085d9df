"""The one transition view of every declared workflow.

A module subclasses `TransitionView` and says three things: how to find the case for the tenant (its selector, so
tenancy stays one `WHERE` and a case of another municipality is a 404), which service makes the step, and where to
go afterwards. The kit does the rest, the same way everywhere:

- without the page's scope: 403; a case the tenant cannot see: 404;
- a step whose own scope the role lacks: 403;
- a step that cannot be made now (wrong state, closed case, missing note): the form again with a Dutch message,
  status 400, nothing changed;
- success: a message and a redirect to the case.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from veiliglokaal.accounts.permissions import check_scope, deny

from .definitions import Actor, WorkflowError
from .forms import TransitionForm
from .selectors import user_transitions


class TransitionView(View):
    http_method_names = ["get", "post"]
    template_name = "workflow/transition.html"
    scope: str | None = None  # the scope of the page; a transition may require its own scope on top
    case_label = _("de zaak")  # "de melding", "het traject": used in messages
    success_message = _("Bijgewerkt: %(state)s.")

    # --- what the module supplies -------------------------------------------------------------------------------
    def get_case(self, request, **kwargs):
        """The case through the module's tenancy-scoped selector, or None."""
        raise NotImplementedError

    def perform(self, request, case, transition: str, reason: str) -> None:
        """Make the step through the module's service (which keeps the history and the processing log)."""
        raise NotImplementedError

    def get_success_url(self, case) -> str:
        raise NotImplementedError

    def offered(self, request, case) -> list:
        """The steps offered on this page; by default every user step the tenant's scopes allow now."""
        return user_transitions(case, request.tenant.scopes)

    # --- the kit ------------------------------------------------------------------------------------------------
    def dispatch(self, request, *args, **kwargs):
        return check_scope(request, self.scope) or super().dispatch(request, *args, **kwargs)

    def get(self, request, **kwargs):
        case = self._case(request, kwargs)
        return self._render(request, case, self._form(request, case))

    def post(self, request, **kwargs):
        case = self._case(request, kwargs)
        missing_scope = self._missing_scope(request, case, request.POST.get("transition", ""))
        if missing_scope:
            return deny(request, missing_scope)
        form = self._form(request, case, request.POST)
        if form.is_valid():
            try:
                self.perform(request, case, form.cleaned_data["transition"], form.cleaned_data["reason"])
            except (WorkflowError, ValidationError) as error:
                form.add_error(None, " ".join(getattr(error, "messages", None) or [str(error)]))
            else:
                case.refresh_from_db()
                messages.success(request, self.success_message % {"state": case.state_label})
                return redirect(self.get_success_url(case))
        return self._render(request, case, form, status=400)

    def _case(self, request, kwargs):
        case = self.get_case(request, **kwargs)
        if case is None:
            raise Http404
        return case

    @staticmethod
    def _missing_scope(request, case, name: str) -> str | None:
        """The scope a user step needs and the tenant lacks (a step the role may not make), else None."""
        try:
            transition = case.WORKFLOW.transition(name)
        except WorkflowError:
            return None
        if transition.actor == Actor.USER and transition.scope and not request.tenant.has_scope(transition.scope):
            return transition.scope
        return None

    def _form(self, request, case, data=None) -> TransitionForm:
        return TransitionForm(data, workflow=case.WORKFLOW, state=case.state, offered=self.offered(request, case),
                              case_label=str(self.case_label))

    def _render(self, request, case, form, status=200):
        return render(request, self.template_name, {
            "case": case, "form": form, "case_label": self.case_label, "back_url": self.get_success_url(case),
            "action": request.path,
        }, status=status)
