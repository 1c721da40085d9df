"""Pages of the meldpunt online inhoud. Every page names its scope; every report comes through `selectors` (scoped to
the municipality and the user's visibility, and logged)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.services import processing
from veiliglokaal.workflow.definitions import WorkflowError
from veiliglokaal.workflow.views import TransitionView

from . import notice as dsa
from . import selectors, services
from .forms import AssessmentForm, EvidenceForm, GirForm, NoticeSentForm, PlatformForm, ReportForm
from .models import Evidence, Platform
from .workflows import ASSESSED, CLOSED, NO_ANSWER, RECEIVED, step_transitions


@scope_required(Scope.ONLINE_REPORT)
def report_list(request):
    page = Paginator(selectors.my_reports(request.tenant), 50).get_page(request.GET.get("pagina"))
    reports = selectors.log_list_read(request.tenant, page.object_list, "eigen meldingen online inhoud bekeken")
    return render(request, "online/list.html", {"reports": reports, "page": page})


@scope_required(Scope.ONLINE_HANDLE)
def worklist(request):
    page = Paginator(selectors.worklist(request.tenant), 100).get_page(request.GET.get("pagina"))
    reports = selectors.log_list_read(request.tenant, page.object_list, "werkvoorraad meldpunt online bekeken")
    return render(request, "online/worklist.html", {"reports": reports, "page": page, "now": timezone.now()})


@scope_required(Scope.ONLINE_REPORT)
def report_create(request):
    services.ensure_platforms(request.tenant.municipality_id)
    form = ReportForm(request.POST or None, request.FILES or None, tenant=request.tenant, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(request.tenant, request.user, form.service_data(),
                                            files=form.cleaned_data.get("evidence") or [])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                target = ReportForm.FIELD_FOR.get(field, field)
                form.add_error(target if target in form.fields else None, errors)
        else:
            messages.success(request, _("Dank u voor uw melding. Een behandelaar beoordeelt haar binnen %(n)s "
                                        "werkdag(en) en vraagt het platform zo nodig de inhoud te verwijderen.")
                             % {"n": settings.ONLINE_ASSESS_WORKING_DAYS})
            return redirect("online:detail", pk=report.pk)
    return render(request, "online/form.html", {"form": form, "groups": form.field_groups()})


@scope_required(Scope.ONLINE_REPORT)
def report_detail(request, pk: int):
    tenant = request.tenant
    report = selectors.read_report(tenant, pk)
    can_handle = tenant.has_scope(Scope.ONLINE_HANDLE)
    context = {
        "report": report, "can_handle": can_handle, "now": timezone.now(),
        "evidence": list(selectors.evidence_of(tenant, report)),
        "events": list(report.events.select_related("actor")),
        "gir_incident": selectors.visible_gir_incident(tenant, report),
        "can_add_evidence": report.state != CLOSED,
    }
    if can_handle:
        context.update(_handler_context(request, report))
    return render(request, "online/detail.html", context)


def _handler_context(request, report) -> dict:
    tenant = request.tenant
    context = {"notices": list(selectors.notices_of(tenant, report)),
               "steps": step_transitions(report.state, tenant.scopes)}
    if report.state == RECEIVED:
        context["assessment_form"] = AssessmentForm()
    if report.state in (ASSESSED, NO_ANSWER):
        payload = services.draft_notice(report, request.user)
        context.update(draft=payload, draft_text=dsa.as_text(payload), missing=dsa.missing_elements(payload),
                       notice_form=NoticeSentForm())
    if services.can_register_in_gir(report) and tenant.has_scope(Scope.INCIDENTS_REPORT):
        _ensure_gir(tenant)
        context["gir_form"] = GirForm(municipality_id=tenant.municipality_id, function=report.target_function)
    return context


def _ensure_gir(tenant) -> None:
    from veiliglokaal.core.models import Municipality
    from veiliglokaal.incidents import services as gir

    gir.ensure_configuration(Municipality.objects.get(pk=tenant.municipality_id))


def _report_for_action(request, pk):
    report = selectors.visible_reports(request.tenant).filter(pk=pk).select_related("platform", "municipality").first()
    if report is None:
        raise Http404
    return report


@scope_required(Scope.ONLINE_REPORT)
def evidence_add(request, pk: int):
    report = _report_for_action(request, pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_evidence(request.tenant, request.user, report, form.cleaned_data["evidence"],
                                          form.captured_at())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error({"captured_at": "captured_date"}.get(field, field), errors)
        else:
            messages.success(request, _("%(n)s bestand(en) toegevoegd aan het bewijs.") % {"n": len(added)})
            return redirect("online:detail", pk=report.pk)
    return render(request, "online/evidence_add.html", {"report": report, "form": form})


@scope_required(Scope.ONLINE_REPORT)
def evidence_download(request, pk: int, evidence_id: int):
    """The only way to a stored file: scoped, logged, in the chain of custody; saved pages never render here."""
    item = (Evidence.objects.for_tenant(request.tenant).filter(report_id=pk, pk=evidence_id)
            .select_related("report").first())
    if item is None:
        raise Http404
    handle = services.open_evidence(request.tenant, request.user, item)
    response = FileResponse(handle, content_type="application/octet-stream" if item.content_type in (
        "text/html", "multipart/related") else item.content_type, as_attachment=True, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@scope_required(Scope.ONLINE_HANDLE)
def assess(request, pk: int):
    report = _report_for_action(request, pk)
    form = AssessmentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"assessment": [_("Vul de onderbouwing in.")]})
        services.assess(request.tenant, request.user, report, form.cleaned_data["assessment"])
        messages.success(request, _("Beoordeling vastgelegd. De notice aan het platform staat klaar."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect("online:detail", pk=report.pk)


class StepView(TransitionView):
    """A step of the report's workflow other than assessing and sending the notice (those have their own forms)."""

    scope = Scope.ONLINE_HANDLE
    case_label = gettext_lazy("de melding")
    success_message = gettext_lazy("Melding bijgewerkt: %(state)s.")

    def get_case(self, request, pk):
        return selectors.visible_reports(request.tenant).filter(pk=pk).select_related("platform", "municipality").first()

    def offered(self, request, case):
        return step_transitions(case.state, request.tenant.scopes)

    def perform(self, request, case, transition, reason):
        services.advance(request.tenant, request.user, case, transition, reason)

    def get_success_url(self, case):
        return reverse("online:detail", args=[case.pk])


step = StepView.as_view()


@require_POST
@scope_required(Scope.ONLINE_HANDLE)
def notice_sent(request, pk: int):
    report = _report_for_action(request, pk)
    form = NoticeSentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"channel": [_("Vul in hoe de notice is verstuurd.")]})
        services.record_notice_sent(request.tenant, request.user, report, form.cleaned_data["channel"])
        messages.success(request, _("Vastgelegd: de notice is verstuurd. De exacte tekst is bewaard."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect("online:detail", pk=report.pk)


def _download(body: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@scope_required(Scope.ONLINE_HANDLE)
def notice_draft(request, pk: int, fmt: str):
    report = selectors.read_report(request.tenant, pk, name="concept-notice gedownload")
    payload = services.draft_notice(report, request.user)
    body = dsa.as_json(payload) if fmt == "json" else dsa.as_text(payload)
    return _download(body, f"concept-notice-{report.reference}.{fmt}",
                     "application/json" if fmt == "json" else "text/plain")


@scope_required(Scope.ONLINE_HANDLE)
def notice_download(request, pk: int, notice_id: int, fmt: str):
    """The exact notice that was sent, as stored (never rebuilt)."""
    sent = selectors.notices_of(request.tenant, _report_for_action(request, pk)).filter(pk=notice_id).first()
    if sent is None:
        raise Http404
    with processing(activity=services.NOTICES, name="verstuurde notice gedownload",
                    municipality_id=request.tenant.municipality_id, actor_id=request.user.pk,
                    **services.subject(sent.report)):
        body = dsa.as_json(sent.payload) if fmt == "json" else sent.text
    return _download(body, f"notice-{sent.report.reference}-{sent.pk}.{fmt}",
                     "application/json" if fmt == "json" else "text/plain")


@require_POST
@scope_required(Scope.ONLINE_HANDLE)
def register_in_gir(request, pk: int):
    report = _report_for_action(request, pk)
    if not request.tenant.has_scope(Scope.INCIDENTS_REPORT):
        raise Http404
    _ensure_gir(request.tenant)
    form = GirForm(request.POST, municipality_id=request.tenant.municipality_id)
    if not form.is_valid():
        messages.error(request, _("Kies de functie van de betrokkene voor GIR."))
        return redirect("online:detail", pk=report.pk)
    try:
        incident = services.register_in_gir(request.tenant, request.user, report, form.cleaned_data["victim_role"])
        messages.success(request, _("Geregistreerd als incident in GIR: %(ref)s.") % {"ref": incident.reference})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("online:detail", pk=report.pk)




@scope_required(Scope.ONLINE_HANDLE)
def platform_list(request):
    """The municipality's platforms list; a POST here adds a platform."""
    return _platforms_page(request, editing=None)


@require_POST
@scope_required(Scope.ONLINE_HANDLE)
def platform_edit(request, pk: int):
    """Change one platform of the municipality's list (name, notice form address, in use)."""
    platform = Platform.objects.for_tenant(request.tenant).filter(pk=pk).first()
    if platform is None:
        raise Http404
    return _platforms_page(request, editing=platform)


def _platforms_page(request, editing):
    tenant = request.tenant
    services.ensure_platforms(tenant.municipality_id)
    rows = list(Platform.objects.for_tenant(tenant))
    forms_by_id = {p.pk: PlatformForm(prefix=f"p{p.pk}", initial={"label": p.label, "notice_url": p.notice_url,
                                                                  "is_active": p.is_active}) for p in rows}
    add_form = PlatformForm(prefix="nieuw")
    if request.method == "POST":
        form = PlatformForm(request.POST, prefix=f"p{editing.pk}" if editing else "nieuw")
        if form.is_valid():
            try:
                services.save_platform(tenant, editing, {**form.cleaned_data, "code": form.cleaned_data["label"]})
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else "label", errors)
            else:
                messages.success(request, _("Platformlijst bijgewerkt."))
                return redirect("online:platforms")
        if editing:
            forms_by_id[editing.pk] = form
        else:
            add_form = form
    return render(request, "online/platforms.html", {
        "rows": [(p, forms_by_id[p.pk]) for p in rows], "add_form": add_form})
