from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from veiliglokaal.accounts.permissions import check_scope, scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core.spreadsheets import csv_response

from . import selectors
from .forms import ProcessingLogFilter, SecurityLogFilter
from .models import SecurityAction
from .services import log_security

PROCESSING_COLUMNS = ["sequence", "trace_id", "span_id", "name", "started_at", "ended_at", "status",
                      "activity_key", "data_subject_type", "data_subject_id", "actor_id"]
SECURITY_COLUMNS = ["sequence", "occurred_at", "action", "result", "object_type", "object_id", "actor_name",
                    "origin", "trace_id"]


def _log_page(request, *, form_class, search, template, columns, export_name):
    form = form_class(request.GET or None)
    records = search(request.tenant, **form.cleaned_data) if form.is_valid() else search(request.tenant)
    if request.GET.get("export") == "csv":
        denied = check_scope(request, Scope.AUDIT_EXPORT)
        if denied:
            return denied
        if form.is_valid():  # never export more than was asked for: invalid filters show their errors instead
            return _export(request, records, columns, export_name)
    page = Paginator(records, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def _export(request, records, columns, export_name):
    log_security(SecurityAction.EXPORT, user=request.user, object_type=export_name,
                 municipality_id=request.tenant.municipality_id, detail={"rijen": records.count()})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = ([getattr(record, column) for column in columns] for record in records.iterator())
    return csv_response(f"{export_name}-{stamp}.csv", columns, rows, stream=True)  # logs can be long: streamed


@scope_required(Scope.AUDIT_VIEW)
def processing_log(request):
    return _log_page(request, form_class=ProcessingLogFilter, search=selectors.search_processing_log,
                     template="audit/processing_log.html", columns=PROCESSING_COLUMNS, export_name="verwerkingslog")


@scope_required(Scope.AUDIT_VIEW)
def security_log(request):
    return _log_page(request, form_class=SecurityLogFilter, search=selectors.search_security_log,
                     template="audit/security_log.html", columns=SECURITY_COLUMNS, export_name="beveiligingslog")


@scope_required(Scope.REGISTER_VIEW)
def register(request):
    return render(request, "audit/register.html", {"activities": selectors.register()})
