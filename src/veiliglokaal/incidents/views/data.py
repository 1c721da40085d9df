"""GIR data pages for the coordinator: exports (CSV, XLSX), the printable quarterly report, the import of historical
registrations (upload → column mapping → a background job writing all rows or none, with progress and the error
report), and adding attachments to a reported incident."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiliglokaal.accounts.forms import UtrechtFormMixin
from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core import job_views
from veiliglokaal.core.forms import ColumnMappingForm, mapping_context
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.spreadsheets import csv_response, xlsx_response

from .. import exports, imports, selectors, services
from ..forms import MultipleFileField, MultipleFileInput
from ..models import IncidentImport, RetentionRecord


ERRORS_ON_PAGE = 500

# ------------------------------------------------------------------------------------------------ forms

class UploadForm(UtrechtFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Bestand (CSV of Excel .xlsx)"),
                           help_text=gettext_lazy("De eerste regel bevat de kolomnamen. Hoogstens 5 MB."),
                           widget=forms.ClearableFileInput(attrs={
                               "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               "class": "utrecht-textbox utrecht-textbox--html-input"}))
    encoding = forms.ChoiceField(label=gettext_lazy("Tekenset (alleen voor CSV)"), choices=imports.ENCODINGS,
                                 initial="auto")


class MappingForm(ColumnMappingForm):
    """One choice per field of ours: which column of the file holds it (the kit's form with GIR's schema)."""

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, schema=imports.SCHEMA, header=headers, **kwargs)


class AttachmentForm(UtrechtFormMixin, forms.Form):
    attachments = MultipleFileField(
        label=gettext_lazy("Bijlagen"),
        help_text=gettext_lazy("Foto's of schermafbeeldingen (PNG, JPEG) of PDF, elk hoogstens 10 MB."),
        widget=MultipleFileInput(attrs={"accept": "image/png,image/jpeg,application/pdf",
                                        "class": "utrecht-textbox utrecht-textbox--html-input"}))


# ------------------------------------------------------------------------------------------------ pages

def _year(request):
    year = request.GET.get("jaar")
    return int(year) if year and year.isdigit() and 2000 <= int(year) <= 2100 else None


@scope_required(Scope.INCIDENTS_MANAGE)
def data_home(request):
    tenant = request.tenant
    return render(request, "incidents/data.html", {
        "imports": IncidentImport.objects.for_tenant(tenant).select_related("requested_by")[:10],
        "records": RetentionRecord.objects.for_tenant(tenant)[:10],
        "with_offenders": tenant.has_scope(Scope.INCIDENTS_OFFENDERS),
        "year": _year(request), "current_year": timezone.localdate().year,
    })


def _export(request, file_format):
    year = _year(request)
    header, data = exports.rows(request.tenant, request.user, year, file_format)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"meldingen-{year or 'alle'}-{stamp}.{file_format}"
    if file_format == "csv":
        return csv_response(filename, header, data)
    return xlsx_response(filename, header, data, title="Meldingen")


@scope_required(Scope.INCIDENTS_MANAGE)
def export_csv(request):
    return _export(request, "csv")


@scope_required(Scope.INCIDENTS_MANAGE)
def export_xlsx(request):
    return _export(request, "xlsx")


@scope_required(Scope.INCIDENTS_MANAGE)
def quarterly_report(request):
    year, quarter = exports.parse_quarter(request.GET.get("kwartaal"))
    report = exports.quarter_report(request.tenant, year, quarter)
    for _key, _label, rows in report["sections"]:
        for row in rows:
            row["share"] = round(100 * row["count"] / report["total"]) if report["total"] else 0
    this_year = timezone.localdate().year
    quarters = [(f"{y}-{q}", f"{y} K{q}") for y in range(this_year, this_year - 6, -1) for q in (4, 3, 2, 1)]
    return render(request, "incidents/quarterly_report.html", {
        "report": report, "municipality": Municipality.objects.get(pk=request.tenant.municipality_id),
        "generated_at": timezone.localtime(), "quarters": quarters, "selected": f"{year}-{quarter}",
    })


@scope_required(Scope.INCIDENTS_MANAGE)
def import_upload(request):
    services.ensure_configuration(Municipality.objects.get(pk=request.tenant.municipality_id))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = imports.start_import(request.tenant, request.user, form.cleaned_data["file"],
                                          form.cleaned_data["encoding"])
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("incidents:import-mapping", pk=upload.pk)
    return render(request, "incidents/import_upload.html", {"form": form, "fields": imports.FIELDS})


def _import_or_404(request, pk: int) -> IncidentImport:
    return job_views.get_job(request, IncidentImport, pk)


@scope_required(Scope.INCIDENTS_MANAGE)
def import_mapping(request, pk: int):
    upload = _import_or_404(request, pk)
    if upload.is_active:  # queued or running: its progress is on the job page
        return redirect("incidents:import-detail", pk=upload.pk)
    form = MappingForm(request.POST or None, headers=upload.headers, initial=upload.mapping)
    if request.method == "POST" and upload.status != JobStatus.SUCCEEDED and form.is_valid():
        try:
            imports.queue_import(request.tenant, request.user, upload, form.cleaned_data)
        except ValidationError as error:
            for key, messages_ in (error.message_dict.items() if hasattr(error, "error_dict") else
                                   [(None, error.messages)]):
                form.add_error(key if key in form.fields else None, messages_)
        else:
            return redirect("incidents:import-detail", pk=upload.pk)
    errors = upload.error_report if upload.status == JobStatus.FAILED else []
    imported = upload.status == JobStatus.SUCCEEDED
    return render(request, "incidents/import_mapping.html", {
        "upload": upload, "form": form, "errors": errors[:ERRORS_ON_PAGE],
        "more_errors": max(len(errors) - ERRORS_ON_PAGE, 0), "imported": imported,
        **mapping_context(form, [] if imported else imports.preview_rows(upload))})


@scope_required(Scope.INCIDENTS_MANAGE)
def import_detail(request, pk: int):
    """The import job: progress while it runs, then the outcome with the row-level error report."""
    upload = _import_or_404(request, pk)
    return render(request, "incidents/import_detail.html", {
        "upload": upload, "job": upload, "errors": upload.error_report[:ERRORS_ON_PAGE],
        "more_errors": max(len(upload.error_report) - ERRORS_ON_PAGE, 0)})


import_progress = scope_required(Scope.INCIDENTS_MANAGE)(job_views.JobProgressView.as_view(model=IncidentImport))
import_errors_csv = scope_required(Scope.INCIDENTS_MANAGE)(job_views.JobReportCsvView.as_view(
    model=IncidentImport, object_type="foutenrapport GIR-import", filename="foutenrapport-import"))


@scope_required(Scope.INCIDENTS_REPORT)
def attachment_add(request, pk: int):
    """Add photos or documents to an incident one may see; the service checks and logs them."""
    incident = selectors.visible_incidents(request.tenant).filter(pk=pk, anonymised_at__isnull=True).first()
    if incident is None:  # another municipality's, invisible, or anonymised (no new personal data after retention)
        raise Http404
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_attachments(request.tenant, request.user, incident, form.cleaned_data["attachments"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("attachments", message)
        else:
            messages.success(request, _("%(n)s bijlage(n) toegevoegd.") % {"n": len(added)})
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/attachment_add.html", {"incident": incident, "form": form})
