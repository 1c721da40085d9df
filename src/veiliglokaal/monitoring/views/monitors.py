"""Pages of online monitoring (scope `online.monitor`): protocols, monitors with sources and upload, and the
gazetteer and lexicon. Alerts are in `alerts.py`.

No page accepts a query parameter it does not declare (`allowed_params`): there is no way to ask for posts of an
author, account or person, and a request that tries gets a 400 instead of a silently ignored filter.
"""

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Role, Scope
from veiliglokaal.core import job_views
from veiliglokaal.core.models import Municipality

from .. import gazetteer, lexicon, selectors, services, uploads
from ..connectors.upload import COLUMNS
from ..forms import MonitorForm, PlaceForm, ProtocolForm, SourceForm, TopicTermForm, UploadForm
from ..models import (
    Monitor, MonitoringProtocol, MonitorUpload, PlaceKind, ProtocolStatus,
)


def allowed_params(*names):
    """Reject any query parameter the page does not declare (400), so no filter can be smuggled in."""
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            unknown = sorted(set(request.GET) - set(names))
            if unknown:
                return render(request, "monitoring/bad_request.html", {"unknown": unknown}, status=400)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


def monitoring_page(*params):
    def decorator(view):
        return scope_required(Scope.ONLINE_MONITOR)(allowed_params(*params)(view))
    return decorator


@monitoring_page()
def home(request):
    tenant = request.tenant
    return render(request, "monitoring/home.html", {
        "protocols": selectors.protocols(tenant), "monitors": selectors.monitors(tenant),
        "open_alerts": selectors.alerts(tenant, "open")[:5], "purge_records": selectors.purge_records(tenant),
    })


@monitoring_page()
def protocol_create(request):
    form = ProtocolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        protocol = services.create_protocol(request.tenant, request.user, form.cleaned_data)
        messages.success(request, _("Protocol vastgelegd als concept. Activeer het om monitors te laten draaien."))
        return redirect("monitoring:protocol", pk=protocol.pk)
    return render(request, "monitoring/protocol_form.html", {"form": form})


def _protocol(request, pk) -> MonitoringProtocol:
    return get_object_or_404(MonitoringProtocol.objects.for_tenant(request.tenant), pk=pk)


@monitoring_page()
def protocol_detail(request, pk):
    protocol = _protocol(request, pk)
    form = MonitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            monitor = services.create_monitor(request.tenant, protocol, form.cleaned_data["name"])
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Monitor ingericht."))
            return redirect("monitoring:monitor", pk=monitor.pk)
    return render(request, "monitoring/protocol_detail.html", {
        "protocol": protocol, "form": form, "monitors": selectors.monitors(request.tenant).filter(protocol=protocol),
        "can_activate": protocol.status == ProtocolStatus.DRAFT,
        "can_end": protocol.status == ProtocolStatus.ACTIVE, "is_running": protocol.is_running(),
        "result_roles_display": ", ".join(str(Role(r).label) for r in protocol.result_role_list if r in Role.values),
        "source_link_roles_display": ", ".join(str(Role(r).label) for r in protocol.source_link_roles.split(",")
                                               if r in Role.values) or _("niemand"),
    })


@require_POST
@monitoring_page()
def protocol_activate(request, pk):
    protocol = _protocol(request, pk)
    try:
        services.activate_protocol(request.tenant, request.user, protocol)
        messages.success(request, _("Protocol geactiveerd."))
    except services.MonitoringError as error:
        messages.error(request, str(error))
    return redirect("monitoring:protocol", pk=protocol.pk)


@require_POST
@monitoring_page()
def protocol_end(request, pk):
    protocol = _protocol(request, pk)
    services.end_protocol(protocol)
    messages.success(request, _("Protocol beëindigd: de monitors eronder draaien niet meer."))
    return redirect("monitoring:protocol", pk=protocol.pk)


def _monitor(request, pk) -> Monitor:
    return get_object_or_404(Monitor.objects.for_tenant(request.tenant).select_related("protocol"), pk=pk)


def _monitor_page(request, monitor, upload_form=None, source_form=None, upload_errors=None, status=200):
    tenant = request.tenant
    return render(request, "monitoring/monitor_detail.html", {
        "monitor": monitor, "protocol": monitor.protocol, "is_running": monitor.protocol.is_running(),
        "sources": selectors.sources(tenant, monitor), "changes": selectors.threshold_changes(tenant, monitor),
        "upload_form": upload_form or UploadForm(), "source_form": source_form or SourceForm(),
        "upload_errors": upload_errors or [], "columns": COLUMNS,
        "alerts": selectors.alerts(tenant).filter(monitor=monitor)[:10],
        "uploads": selectors.uploads(tenant, monitor)[:10],
    }, status=status)


@monitoring_page()
def monitor_detail(request, pk):
    return _monitor_page(request, _monitor(request, pk))


@require_POST
@monitoring_page()
def monitor_upload(request, pk):
    """Queue the file as a background job (after commit) and show its progress page. Form errors and a protocol
    that is not running keep the form filled in; errors in the file itself are reported on the upload page (all or
    nothing: a file with any malformed item stores nothing)."""
    monitor = _monitor(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _monitor_page(request, monitor, upload_form=form, status=400)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            upload = uploads.offer(request.tenant, request.user, monitor, data["connector"], data["source_name"],
                                   data["file"])
    except services.MonitoringError as error:
        return _monitor_page(request, monitor, upload_form=form, upload_errors=[str(error)], status=400)
    return redirect("monitoring:upload", pk=upload.pk)


def _upload(request, pk) -> MonitorUpload:
    return job_views.get_job(request, MonitorUpload, pk)


@monitoring_page()
def upload_detail(request, pk):
    upload = _upload(request, pk)
    return render(request, "monitoring/upload_detail.html", {
        "upload": upload, "job": upload, "errors": upload.error_report, "alerts": selectors.alerts(request.tenant).filter(pk__in=upload.alerts.all()),
    })


upload_progress = monitoring_page("polling")(job_views.JobProgressView.as_view(model=MonitorUpload))
upload_errors_csv = monitoring_page()(job_views.JobReportCsvView.as_view(
    model=MonitorUpload, object_type="foutenrapport monitoring-upload", filename="foutenrapport-upload"))


@require_POST
@monitoring_page()
def source_add(request, pk):
    monitor = _monitor(request, pk)
    form = SourceForm(request.POST)
    if not form.is_valid():
        return _monitor_page(request, monitor, source_form=form, status=400)
    services.add_source(request.tenant, monitor, **form.cleaned_data)
    messages.success(request, _("Bron toegevoegd; de geplande taak haalt hem op zolang het protocol loopt."))
    return redirect("monitoring:monitor", pk=monitor.pk)


@monitoring_page()
def configuration(request):
    tenant = request.tenant
    place_form = PlaceForm(municipality_id=tenant.municipality_id)
    term_form = TopicTermForm()
    if request.method == "POST":
        if request.POST.get("form") == "place":
            place_form = PlaceForm(request.POST, municipality_id=tenant.municipality_id)
            if place_form.is_valid():
                services.add_place(tenant, **place_form.cleaned_data)
                messages.success(request, _("Plaatsnaam toegevoegd."))
                return redirect("monitoring:configuration")
        elif request.POST.get("form") == "term":
            term_form = TopicTermForm(request.POST)
            if term_form.is_valid():
                services.add_topic_term(tenant, term_form.cleaned_data["term"], term_form.cleaned_data["topic"])
                messages.success(request, _("Term toegevoegd."))
                return redirect("monitoring:configuration")
        elif request.POST.get("form") == "seed":
            added, terms = gazetteer.seed_defaults(Municipality.objects.get(pk=tenant.municipality_id))
            messages.success(request, _("Bijgewerkt: %(p)d plaatsnamen en %(t)d termen toegevoegd.") % {
                "p": added, "t": terms})
            return redirect("monitoring:configuration")
        else:
            raise Http404
    places = selectors.places(tenant)
    return render(request, "monitoring/configuration.html", {
        "place_form": place_form, "term_form": term_form, "terms": selectors.topic_terms(tenant),
        "landmarks": places.exclude(kind=PlaceKind.STREET),
        "street_count": places.filter(kind=PlaceKind.STREET).count(), "lexicon_version": lexicon.current_version(),
    }, status=400 if request.method == "POST" else 200)
