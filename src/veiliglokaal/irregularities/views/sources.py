"""Pages "Bronnen DOOK": the imports with their provenance, an upload form per source type, progress (htmx
polling of a small fragment), the result and the row-level error report (page and CSV)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.models import SecurityAction
from veiliglokaal.audit.services import log_security
from veiliglokaal.core import job_views, jobs, tabular
from veiliglokaal.core.column_mapping import saved_mapping
from veiliglokaal.core.forms import ColumnMappingForm, mapping_context
from veiliglokaal.core.models import Municipality

from .. import exports
from ..forms.sources import SourceUploadForm
from ..models import SourceImport
from ..selectors import sources as selectors
from ..services import sources as services
from ..sources import registry

ERRORS_ON_PAGE = 500


def _source_or_404(key: str):
    try:
        return registry.get(key)
    except KeyError:
        raise Http404 from None


def _import_or_404(request, pk: int):
    source_import = selectors.import_for(request.tenant, pk)
    if source_import is None:
        raise Http404
    jobs.recover_if_stale(source_import)
    return source_import


@scope_required(Scope.IRREGULARITIES_SOURCES)
def sources_home(request):
    imports = list(selectors.imports_for(request.tenant)[:50])
    for source_import in imports:
        source_import.source_label = _source_label(source_import)
    return render(request, "irregularities/sources.html", {
        "imports": imports, "source_types": registry.all_types(),
        "any_synthetic": any(i.is_synthetic for i in imports),
        "ground_truth_count": selectors.ground_truth_for(request.tenant).count(),
    })


@scope_required(Scope.IRREGULARITIES_SOURCES)
def source_upload(request, key: str):
    source = _source_or_404(key)
    form = SourceUploadForm(request.POST or None, request.FILES or None, source=source)
    if request.method == "POST" and form.is_valid():
        municipality = Municipality.objects.get(pk=request.tenant.municipality_id)
        source_import = services.offer_file(municipality, source.key, form.cleaned_data["file"],
                                            form.cleaned_data["reference_date"], user=request.user,
                                            hold_for_mapping=source.tabular)
        if source.tabular:
            return redirect("irregularities:import-mapping", pk=source_import.pk)
        return redirect("irregularities:import-detail", pk=source_import.pk)
    return render(request, "irregularities/source_upload.html", {"source": source, "form": form})


PREVIEW_ROWS = 10


@scope_required(Scope.IRREGULARITIES_SOURCES)
def import_mapping(request, pk: int):
    """After upload: the first rows and a column per field (saved or automatic mapping), then queue the import."""
    source_import = _import_or_404(request, pk)
    source = _source_or_404(source_import.source_type)
    if source_import.status != jobs.JobStatus.DRAFT:
        return redirect("irregularities:import-detail", pk=pk)
    try:
        with source_import.file.open("rb") as handle:
            header, rows = tabular.preview(handle, PREVIEW_ROWS, name=source_import.file_name)
    except tabular.TabularError:  # unreadable: the import itself reports why, with nothing changed
        services.start_mapped_import(source_import, {}, request.user)
        return redirect("irregularities:import-detail", pk=pk)
    schema = source.schema()
    initial = schema.auto_mapping(header, saved_mapping(request.tenant.municipality_id, schema.key))
    form = ColumnMappingForm(request.POST or None, schema=schema, header=header, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_mapped_import(source_import, form.mapping, request.user)
        except ValidationError:
            pass  # started meanwhile (a second click): show its progress
        return redirect("irregularities:import-detail", pk=pk)
    return render(request, "irregularities/import_mapping.html", {
        "import": source_import, "source": source, **mapping_context(form, rows)})


@scope_required(Scope.IRREGULARITIES_SOURCES)
def import_detail(request, pk: int):
    source_import = _import_or_404(request, pk)
    services.record_report_read(request.tenant, request.user, source_import, "bekeken")
    return render(request, "irregularities/import_detail.html", {
        "import": source_import, "source": _source_label(source_import),
        "kinds": _kind_counts(selectors.address_kinds_of(request.tenant, source_import)),
        "errors": source_import.error_report[:ERRORS_ON_PAGE],
        "more_errors": max(len(source_import.error_report) - ERRORS_ON_PAGE, 0),
    })


KIND_PLURALS = {
    "verblijfsobject": lambda n: ngettext("%(n)s verblijfsobject", "%(n)s verblijfsobjecten", n),
    "ligplaats": lambda n: ngettext("%(n)s ligplaats (woonboot)", "%(n)s ligplaatsen (woonboten)", n),
    "standplaats": lambda n: ngettext("%(n)s standplaats (woonwagen)", "%(n)s standplaatsen (woonwagens)", n),
}


def _kind_counts(counts: list[tuple[str, int]]) -> str:
    """'3 verblijfsobjecten, 1 ligplaats (woonboot), 1 standplaats (woonwagen)' for a BAG import."""
    return ", ".join(KIND_PLURALS[kind](n) % {"n": n} for kind, n in counts)


import_progress = scope_required(Scope.IRREGULARITIES_SOURCES)(
    job_views.JobProgressView.as_view(model=SourceImport))


class ImportReportCsv(job_views.JobReportCsvView):
    model = SourceImport
    object_type = "foutenrapport DOOK-inlezing"
    filename = "foutenrapport-inlezing"

    def on_download(self, request, job) -> None:
        services.record_report_read(request.tenant, request.user, job, "gedownload")


import_errors_csv = scope_required(Scope.IRREGULARITIES_SOURCES)(ImportReportCsv.as_view())


@scope_required(Scope.IRREGULARITIES_SOURCES)
def ground_truth_csv(request):
    planted = selectors.ground_truth_for(request.tenant)
    log_security(SecurityAction.EXPORT, user=request.user, object_type="grondwaarheid DOOK-demo",
                 municipality_id=request.tenant.municipality_id, detail={"rows": planted.count()})
    stamp = timezone.localtime().strftime("%Y%m%d")
    return exports.ground_truth(planted, f"grondwaarheid-demo-{stamp}.csv")


def _source_label(source_import) -> str:
    try:
        return registry.get(source_import.source_type).label
    except KeyError:
        return source_import.source_type or _("onbekend")
