"""Pages of enforcement cases: the worklist by deadline, a case with its history, transitions and evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.services import processing
from veiliglokaal.workflow.views import TransitionView

from . import selectors, services
from .forms import EvidenceForm, OwnerForm
from .links import describe_links
from .models import Evidence
from .workflows import ENFORCEMENT

WORK = Scope.ENFORCEMENT_WORK


@scope_required(WORK)
def case_list(request):
    show_all = request.GET.get("toon") == "alle"
    rows = selectors.cases(request.tenant, open_only=not show_all).order_by("deadline_at", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    return render(request, "enforcement/list.html", {"page": page, "cases": list(page.object_list),
                                                     "show_all": show_all, "now": timezone.now()})


def _case_or_404(request, pk):
    case = selectors.cases(request.tenant).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


@scope_required(WORK)
def case_detail(request, pk: int, evidence_form=None, status=200):
    tenant = request.tenant
    case = services.read_case(tenant, pk)
    if case is None:
        raise Http404
    links = describe_links(tenant, list(case.links.all()))
    services.log_linked_subjects(tenant, case, [link["subject"] for link in links if link["subject"]])
    history = list(case.history.all())
    names = selectors.actor_names(history)
    for change in history:
        change.actor_name = names.get(change.actor_id, "")
        change.to_label = (_("Eigenaar gewijzigd") if change.transition == "reassign"
                           else ENFORCEMENT.state(change.to_state).label)
    return render(request, "enforcement/detail.html", {
        "case": case, "links": links, "history": history, "evidence": list(case.evidence.all()),
        "transitions": ENFORCEMENT.available(case.state, scopes=tenant.scopes),
        "evidence_form": evidence_form or EvidenceForm(), "now": timezone.now(),
        "owner_form": OwnerForm(workers=selectors.case_workers(tenant), initial={"owner": case.owner_id}),
        "final": ENFORCEMENT.state(case.state).final,
    }, status=status)


class CaseTransitionView(TransitionView):
    scope = WORK
    case_label = gettext_lazy("het traject")
    success_message = gettext_lazy("Traject bijgewerkt: %(state)s.")

    def get_case(self, request, pk):
        return selectors.cases(request.tenant).filter(pk=pk).first()

    def perform(self, request, case, transition, reason):
        services.advance(request.tenant, request.user, case, transition, reason)

    def get_success_url(self, case):
        return reverse("enforcement:detail", args=[case.pk])


case_transition = CaseTransitionView.as_view()


@require_POST
@scope_required(WORK)
def case_reassign(request, pk: int):
    case = _case_or_404(request, pk)
    form = OwnerForm(request.POST, workers=selectors.case_workers(request.tenant))
    if form.is_valid():
        services.reassign(request.tenant, request.user, case, form.cleaned_data["owner"], form.cleaned_data["reason"])
        messages.success(request, _("Eigenaar gewijzigd."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("enforcement:detail", pk=case.pk)


@require_POST
@scope_required(WORK)
def evidence_add(request, pk: int):
    case = _case_or_404(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(request.tenant, request.user, case, note=form.cleaned_data["note"],
                                  uploaded=form.cleaned_data["file"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Bewijsstuk toegevoegd."))
            return redirect("enforcement:detail", pk=case.pk)
    return case_detail(request, pk, evidence_form=form, status=400)


@scope_required(WORK)
def evidence_download(request, pk: int, evidence_id: int):
    """The only way to a stored evidence file: scoped, logged, always as a download."""
    evidence = (Evidence.objects.for_tenant(request.tenant).filter(case_id=pk, pk=evidence_id)
                .exclude(file="").select_related("case").first())
    if evidence is None:
        raise Http404
    with processing(activity=services.ACTIVITY, name="bewijsstuk gedownload", subject_type="handhavingstraject",
                    subject_id=evidence.case_id, municipality_id=request.tenant.municipality_id,
                    actor_id=request.user.pk):
        handle = evidence.file.open("rb")
    response = FileResponse(handle, content_type=evidence.content_type, as_attachment=True,
                            filename=evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
