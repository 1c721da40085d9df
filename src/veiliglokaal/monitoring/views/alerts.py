"""Alert pages: the list (by status), the detail with timeline, map and evidence posts (every shown post is in the
processing log), and the relevant / not relevant mark that tunes the monitor's thresholds."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import privacy, selectors, services
from ..forms import MarkForm
from ..models import Alert, AlertStatus
from .monitors import monitoring_page


@monitoring_page("status", "pagina")
def alert_list(request):
    status = request.GET.get("status") or None
    if status not in {None, *AlertStatus.values}:
        status = None
    page = Paginator(selectors.alerts(request.tenant, status), 25).get_page(request.GET.get("pagina"))
    return render(request, "monitoring/alert_list.html", {
        "page": page, "alerts": page.object_list, "status": status, "statuses": AlertStatus.choices})


def _alert(request, pk) -> Alert:
    return get_object_or_404(selectors.alerts(request.tenant), pk=pk)


@monitoring_page()
def alert_detail(request, pk):
    alert = _alert(request, pk)
    evidence = services.view_evidence(request.tenant, request.user, alert)
    links = privacy.shown_links(request.tenant, request.user, alert, evidence)  # protocol rule; each one logged
    for post in evidence:
        post.source_link = links.get(post.pk, "")
    points = selectors.timeline(request.tenant, alert)
    return render(request, "monitoring/alert_detail.html", {
        "alert": alert, "evidence": evidence, "timeline": points,
        "chart": selectors.timeline_chart(points, alert.expected),
        "map_data": selectors.map_data(request.tenant, alert, evidence),
    })


@require_POST
@monitoring_page()
def alert_mark(request, pk):
    alert = _alert(request, pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies relevant of niet relevant."))
        return redirect("monitoring:alert", pk=alert.pk)
    change = services.mark_alert(request.tenant, request.user, alert, form.cleaned_data["relevant"])
    messages.success(request, _("Beoordeling vastgelegd."))
    if change:
        messages.info(request, _("Drempels van de monitor aangepast: %(reason)s (minimum %(min)d per uur).") % {
            "reason": change.reason, "min": change.min_count})
    return redirect("monitoring:alert", pk=alert.pk)
