"""Pages of GIR. Every page names its scope; every incident comes through `selectors` (scoped and logged)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.services import processing
from veiliglokaal.core.models import Municipality
from veiliglokaal.workflow.views import TransitionView

from .. import selectors, services
from ..forms import IncidentForm, MeasureForm, OffenderForm, OwnerForm
from ..models import Attachment, Measure
from ..workflows import AFTERCARE, MeasureKind

LIST_VIEWS = {
    "mine": (Scope.INCIDENTS_REPORT, gettext_lazy("Mijn meldingen")),
    "team": (Scope.INCIDENTS_TEAM, gettext_lazy("Meldingen van mijn afdeling")),
    "all": (Scope.INCIDENTS_MANAGE, gettext_lazy("Alle meldingen van de gemeente")),
}


def _tabs(request, current):
    urls = {"mine": "incidents:list", "team": "incidents:team", "all": "incidents:all"}
    return [{"label": label, "url_name": urls[key], "current": key == current}
            for key, (scope, label) in LIST_VIEWS.items() if request.tenant.has_scope(scope)]


def _list(request, view):
    scope, title = LIST_VIEWS[view]
    services.ensure_configuration(Municipality.objects.get(pk=request.tenant.municipality_id))
    page = Paginator(selectors.incident_list(request.tenant, view), 50).get_page(request.GET.get("pagina"))
    incidents = selectors.log_list_read(request.tenant, page.object_list, f"meldingen bekeken ({str(title).lower()})")
    return render(request, "incidents/list.html", {"title": title, "view": view, "incidents": incidents,
                                                   "page": page, "tabs": _tabs(request, view)})


@scope_required(Scope.INCIDENTS_REPORT)
def incident_list(request):
    return _list(request, "mine")


@scope_required(Scope.INCIDENTS_TEAM)
def team_list(request):
    return _list(request, "team")


@scope_required(Scope.INCIDENTS_MANAGE)
def all_list(request):
    return _list(request, "all")


@scope_required(Scope.INCIDENTS_REPORT)
def incident_create(request):
    services.ensure_configuration(Municipality.objects.get(pk=request.tenant.municipality_id))
    form = IncidentForm(request.POST or None, request.FILES or None, tenant=request.tenant, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.create_incident(request.tenant, request.user, form.service_data(),
                                                files=form.cleaned_data.get("attachments") or [],
                                                offender=form.offender())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                target = {"occurred_at": "occurred_date", "victim_user": "for_whom"}.get(field, field)
                form.add_error(target if target in form.fields else None, errors)
        else:
            messages.success(request, _("Dank u voor uw melding. De coördinator agressie en geweld is op de hoogte "
                                        "gebracht en neemt vandaag contact op over nazorg."))
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/form.html", {"form": form, "groups": form.field_groups()})


@scope_required(Scope.INCIDENTS_REPORT)
def incident_detail(request, pk: int):
    tenant = request.tenant
    incident = selectors.read_incident(tenant, pk)
    aftercare = selectors.aftercare_of(tenant, incident)
    measures = list(selectors.measures_of(tenant, incident))
    offender = selectors.offender_of(tenant, incident)
    can_handle = tenant.has_scope(Scope.INCIDENTS_HANDLE)
    handlers = selectors.handlers(tenant)
    context = {
        "incident": incident, "aftercare": aftercare, "measures": measures, "offender": offender,
        "repeat": selectors.repeat_matches(tenant, offender) if offender else [],
        "history": selectors.history(tenant, incident),
        "content_report": selectors.content_report_of(tenant, incident),
        "attachments": list(Attachment.objects.for_tenant(tenant).filter(incident=incident)),
        "can_handle": can_handle, "can_manage": tenant.has_scope(Scope.INCIDENTS_MANAGE),
        "can_offenders": tenant.has_scope(Scope.INCIDENTS_OFFENDERS),
        "now": timezone.now(),
    }
    if can_handle:
        context["owner_form"] = OwnerForm(handlers=handlers, user=request.user, prefix="nazorg")
        context["measure_form"] = MeasureForm(handlers=handlers, user=request.user, prefix="maatregel")
        if aftercare:
            context["aftercare_transitions"] = AFTERCARE.available(aftercare.state, scopes=tenant.scopes)
        for measure in measures:
            measure.transitions = measure.WORKFLOW.available(measure.state, scopes=tenant.scopes)
    if context["can_offenders"]:
        context["offender_form"] = OffenderForm(initial={"name": offender.name, "identifier": offender.identifier,
                                                         "description": offender.description} if offender else None)
    return render(request, "incidents/detail.html", context)


def _incident_for_action(request, pk):
    incident = selectors.visible_incidents(request.tenant).filter(pk=pk).first()
    if incident is None:
        raise Http404
    return incident


@require_POST
@scope_required(Scope.INCIDENTS_HANDLE)
def aftercare_start(request, pk: int):
    incident = _incident_for_action(request, pk)
    form = OwnerForm(request.POST, handlers=selectors.handlers(request.tenant), prefix="nazorg")
    if form.is_valid():
        try:
            services.start_aftercare(request.tenant, request.user, incident, form.cleaned_data["owner"])
            messages.success(request, _("Nazorg gestart. Neem vandaag nog contact op met de getroffene."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Kies een eigenaar voor de nazorg."))
    return redirect("incidents:detail", pk=incident.pk)


class _IncidentStepView(TransitionView):
    scope = Scope.INCIDENTS_HANDLE

    def get_success_url(self, case):
        return reverse("incidents:detail", args=[case.incident_id])

    @staticmethod
    def visible_incident(request, pk):
        return selectors.visible_incidents(request.tenant).filter(pk=pk).first()


class AftercareTransitionView(_IncidentStepView):
    case_label = gettext_lazy("de nazorg")
    success_message = gettext_lazy("Nazorg bijgewerkt: %(state)s.")

    def get_case(self, request, pk):
        incident = self.visible_incident(request, pk)
        return selectors.aftercare_of(request.tenant, incident) if incident else None

    def perform(self, request, case, transition, reason):
        services.advance_aftercare(request.tenant, request.user, case, transition, reason)


aftercare_transition = AftercareTransitionView.as_view()


@require_POST
@scope_required(Scope.INCIDENTS_HANDLE)
def measure_create(request, pk: int):
    incident = _incident_for_action(request, pk)
    form = MeasureForm(request.POST, handlers=selectors.handlers(request.tenant), prefix="maatregel")
    if form.is_valid():
        try:
            measure = services.add_measure(request.tenant, request.user, incident, form.cleaned_data["kind"],
                                           form.cleaned_data["owner"])
            messages.success(request, _("Maatregel gestart: %(kind)s.") % {"kind": measure.get_kind_display()})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Kies een maatregel en een eigenaar."))
    return redirect("incidents:detail", pk=incident.pk)


class MeasureTransitionView(_IncidentStepView):
    case_label = gettext_lazy("de maatregel")
    success_message = gettext_lazy("Maatregel bijgewerkt: %(state)s.")

    def get_case(self, request, pk, measure_id):
        incident = self.visible_incident(request, pk)
        return selectors.measures_of(request.tenant, incident).filter(pk=measure_id).first() if incident else None

    def perform(self, request, case, transition, reason):
        services.advance_measure(request.tenant, request.user, case, transition, reason)


measure_transition = MeasureTransitionView.as_view()


@require_POST
@scope_required(Scope.INCIDENTS_OFFENDERS)
def offender_record(request, pk: int):
    incident = _incident_for_action(request, pk)
    form = OffenderForm(request.POST)
    if form.is_valid():
        services.record_offender(request.tenant, request.user, incident, services.OffenderInput(**form.cleaned_data))
        messages.success(request, _("Gegevens van de veroorzaker vastgelegd."))
    else:
        messages.error(request, " ".join(form.non_field_errors()) or _("Controleer de gegevens van de veroorzaker."))
    return redirect("incidents:detail", pk=incident.pk)


@scope_required(Scope.INCIDENTS_REPORT)
def attachment_download(request, pk: int, attachment_id: int):
    """The only way to a stored file: scoped to who may see the incident, logged, never rendered inline as HTML."""
    attachment = (Attachment.objects.for_tenant(request.tenant).filter(incident_id=pk, pk=attachment_id)
                  .select_related("incident").first())
    if attachment is None:
        raise Http404
    with processing(activity=services.REGISTRATION, name="bijlage bekeken", municipality_id=request.tenant.municipality_id,
                    actor_id=request.user.pk, **services._subject(attachment.incident)):
        handle = attachment.file.open("rb")
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=True,
                            filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@scope_required(Scope.INCIDENTS_MANAGE)
def police_report(request, pk: int):
    """A printable aangifte preparation: the organisation's address (domicilie), never the victim's home address."""
    tenant = request.tenant
    incident = selectors.read_incident(tenant, pk, name="aangifte voorbereid")
    measure = selectors.measures_of(tenant, incident).filter(kind=MeasureKind.POLICE_REPORT).order_by("-pk").first()
    return render(request, "incidents/police_report.html", {
        "incident": incident, "measure": measure, "offender": selectors.offender_of(tenant, incident),
        "municipality": incident.municipality, "attachments": list(Attachment.objects.for_tenant(tenant).filter(incident=incident)),
    })


@scope_required(Scope.INCIDENTS_MANAGE)
def worklist(request):
    now = timezone.now()
    rows = list(selectors.overdue(request.tenant, now))
    labels = dict(MeasureKind.choices)
    for row in rows:
        row["label"] = _("Nazorg") if row["kind"] == "aftercare" else labels.get(row["kind"], row["kind"])
        workflow = AFTERCARE if row["kind"] == "aftercare" else Measure(kind=row["kind"]).WORKFLOW
        row["state_label"] = workflow.state(row["state"]).label
        row["owner"] = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
    return render(request, "incidents/worklist.html", {"rows": rows, "now": now})


@scope_required(Scope.INCIDENTS_MANAGE)
def management_overview(request):
    year = request.GET.get("jaar")
    year = int(year) if year and year.isdigit() and 2000 <= int(year) <= 2100 else None
    data = selectors.overview(request.tenant, year)
    for _key, _label, rows in data["sections"]:
        top = max((row["count"] for row in rows), default=0)
        for row in rows:
            row["percent"] = round(100 * row["count"] / top) if top else 0
    from veiliglokaal.core.selectors import municipality_with_region

    from .. import national

    comparison = national.comparison(municipality_with_region(request.tenant.municipality_id))
    return render(request, "incidents/overview.html", {"data": data, "year": year, "comparison": comparison})
