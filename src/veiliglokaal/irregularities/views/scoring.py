"""Pages of DOOK scoring: indicator settings and runs (sources scope), and the Algoritmeregister entry (all DOOK roles)."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiliglokaal.accounts.permissions import scope_required
from veiliglokaal.accounts.scopes import Scope
from veiliglokaal.core import job_views
from veiliglokaal.core.models import Municipality

from .. import algorithm, scoring
from ..forms.scoring import IndicatorSettingForm, RiskBranchForm
from ..models import IndicatorSetting, RiskBranchExtension, ScoringRun
from ..pipeline import sbi
from ..pipeline.indicators import BY_CODE, INDICATORS, SCORE_CODE, SCORE_PARAMS, defaults_of


def _settings_rows(tenant):
    stored = {s.indicator: s for s in IndicatorSetting.objects.for_tenant(tenant)}
    rows = []
    for code, title, theme in [(SCORE_CODE, _("Afwijkingsscore"), "")] + [(i.code, str(i.title), i.theme)
                                                                          for i in INDICATORS]:
        setting = stored.get(code)
        params = {**defaults_of(code), **(setting.params if setting else {})}
        rows.append({"code": code, "title": title, "theme": algorithm.THEME_TITLES.get(theme, ""),
                     "enabled": setting.enabled if setting else True, "params": _describe(code, params),
                     "changed": setting is not None, "updated_at": setting.updated_at if setting else None})
    return rows


def _describe(code, params) -> str:
    declared = SCORE_PARAMS if code == SCORE_CODE else BY_CODE[code].params
    parts = []
    for param in declared:
        value = params.get(param.name)
        if isinstance(value, (list, tuple)):
            value = ", ".join(value)
        elif isinstance(value, float):
            value = f"{value:g}".replace(".", ",")
        parts.append(f"{param.label}: {value}")
    return "; ".join(parts)


def purpose_table_rows() -> list[dict]:
    """The declared SBI x gebruiksdoel table as rows for a page (read-only)."""
    return [{"match": rule.match, "section": rule.match if not rule.match.isdigit() else sbi.section_of(rule.match),
             "allowed": _("alle gebruiksdoelen") if rule.allowed is None else ", ".join(rule.allowed),
             "source": rule.source, "reason": rule.reason} for rule in sbi.purpose_table().rules]


def _settings_context(request, risk_form=None) -> dict:
    tenant = request.tenant
    extensions = list(RiskBranchExtension.objects.for_tenant(tenant).select_related("added_by", "removed_by"))
    return {"rows": _settings_rows(tenant), "runs": ScoringRun.objects.for_tenant(tenant)[:10],
            "show_register": tenant.has_scope(Scope.IRREGULARITIES_VIEW),
            "purpose_table": sbi.purpose_table(), "purpose_rows": purpose_table_rows(),
            "risk_table": sbi.risk_table(),
            "extensions": [e for e in extensions if e.removed_at is None],
            "removed_extensions": [e for e in extensions if e.removed_at is not None],
            "risk_form": risk_form or RiskBranchForm()}


@scope_required(Scope.IRREGULARITIES_SOURCES)
def scoring_settings(request):
    return render(request, "irregularities/scoring_settings.html", _settings_context(request))


@require_POST
@scope_required(Scope.IRREGULARITIES_SOURCES)
def risk_branch_add(request):
    form = RiskBranchForm(request.POST)
    if form.is_valid():
        try:
            scoring.add_risk_branch(request.tenant, request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages_ in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("De branche is toegevoegd. Ze telt mee vanaf de volgende berekening."))
            return redirect("irregularities:scoring-settings")
    return render(request, "irregularities/scoring_settings.html", _settings_context(request, form), status=400)


@require_POST
@scope_required(Scope.IRREGULARITIES_SOURCES)
def risk_branch_remove(request, pk):
    extension = RiskBranchExtension.objects.for_tenant(request.tenant).filter(pk=pk, removed_at=None).first()
    if extension is None:
        raise Http404
    scoring.remove_risk_branch(request.tenant, request.user, extension)
    messages.success(request, _("De branche is van de lijst gehaald. Dat geldt vanaf de volgende berekening."))
    return redirect("irregularities:scoring-settings")


@scope_required(Scope.IRREGULARITIES_SOURCES)
def indicator_setting(request, code):
    if code != SCORE_CODE and code not in BY_CODE:
        raise Http404
    stored = IndicatorSetting.objects.for_tenant(request.tenant).filter(indicator=code).first()
    can_disable = code != SCORE_CODE
    initial = IndicatorSettingForm.initial_for(code, stored.enabled if stored else True,
                                               stored.params if stored else {})
    form = IndicatorSettingForm(code, request.POST or None, initial=initial, can_disable=can_disable)
    if request.method == "POST" and form.is_valid():
        scoring.save_indicator_setting(request.tenant, request.user, code,
                                       enabled=form.cleaned_data.get("enabled", True), params=form.cleaned_params)
        messages.success(request, _("De instelling is opgeslagen. Ze geldt vanaf de volgende berekening."))
        return redirect("irregularities:scoring-settings")
    indicator = BY_CODE.get(code)
    return render(request, "irregularities/indicator_setting.html",
                  {"form": form, "code": code, "indicator": indicator,
                   "title": indicator.title if indicator else _("Afwijkingsscore")})


@require_POST
@scope_required(Scope.IRREGULARITIES_SOURCES)
def scoring_start(request):
    municipality = Municipality.objects.get(pk=request.tenant.municipality_id)
    run = scoring.score_municipality(municipality, request.user)
    messages.success(request, _("De berekening is gestart."))
    return redirect("irregularities:scoring-run", pk=run.pk)


@scope_required(Scope.IRREGULARITIES_SOURCES)
def scoring_run(request, pk):
    run = job_views.get_job(request, ScoringRun, pk)
    if request.headers.get("HX-Request"):
        return job_views.progress_response(request, run)
    return render(request, "irregularities/scoring_run.html", {"run": run, "job": run})


scoring_progress = scope_required(Scope.IRREGULARITIES_SOURCES)(job_views.JobProgressView.as_view(model=ScoringRun))


@scope_required(Scope.IRREGULARITIES_VIEW)
def algorithm_register(request):
    return render(request, "irregularities/algorithm.html", {"entry": algorithm.entry()})


@scope_required(Scope.IRREGULARITIES_VIEW)
def algorithm_register_json(request):
    body = json.dumps(algorithm.as_json(), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="algoritmeregister-dook.json"'
    return response
