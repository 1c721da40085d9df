"""National GIR trends for the landelijk analist: suppressed monthly marginals only (ADR 7), page and CSV."""

from django.shortcuts import render

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.audit.models import SecurityAction
from veiliglokaal.audit.services import log_security
from veiliglokaal.core.spreadsheets import csv_response

from .. import national


def _year(request, years):
    raw = request.GET.get("jaar", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else None


@scope_required(Scope.INCIDENTS_NATIONAL)
def national_trends(request):
    years = national.available_years()
    year = _year(request, years)
    data = national.year_tables(year) if year else None
    return render(request, "incidents/national.html", {
        "years": years, "year": year, "data": data, "suppressed": national.SUPPRESSED,
        "min_cell": national.MIN_CELL, "settle": national.SETTLE_MONTHS,
    })


@scope_required(Scope.INCIDENTS_NATIONAL)
def national_csv(request):
    years = national.available_years()
    year = _year(request, years)
    rows = [[cell["month"].strftime("%Y-%m"), cell["dimension"], cell["category"], cell["label"],
             national.SUPPRESSED if cell["count"] is None else cell["count"]]
            for cell in (national.cells(year) if year else [])]
    response = csv_response(f"gir-landelijk-{year or 'leeg'}.csv",
                            ["maand", "indeling", "categorie", "omschrijving", "aantal"], rows)
    log_security(SecurityAction.EXPORT, user=request.user, object_type="gir-landelijk", object_id=str(year or ""),
                 municipality_id=request.tenant.municipality_id)
    return response
