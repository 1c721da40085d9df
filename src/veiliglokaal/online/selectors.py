"""Reads of the meldpunt, always scoped with `for_tenant`. Reading a report's personal data logs the processing."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.http import Http404

from veiliglokaal.audit.services import log_processing, processing

from .models import ContentReport, Evidence, Notice
from .services import REPORTS, subject
from .workflows import CLOSED


def visible_reports(tenant):
    return ContentReport.objects.for_tenant(tenant)


def my_reports(tenant):
    """Reports the user made or that target them (also for a handler: their own, not the worklist)."""
    return (visible_reports(tenant).filter(Q(reported_by_id=tenant.user_id) | Q(target_user_id=tenant.user_id))
            .select_related("platform", "target_user"))


def worklist(tenant):
    """The handler's open reports, the nearest deadline first (one indexed query)."""
    return (visible_reports(tenant).exclude(state=CLOSED).select_related("platform", "target_user", "reported_by")
            .order_by("deadline_at", "pk"))


def log_list_read(tenant, reports, name: str) -> list[ContentReport]:
    """Evaluate a page of reports and log one processing per report shown, in one transaction."""
    with transaction.atomic():
        rows = list(reports)
        for report in rows:
            log_processing(activity=REPORTS, name=name, municipality_id=tenant.municipality_id,
                           actor_id=tenant.user_id, **subject(report))
    return rows


def read_report(tenant, pk: int, name: str = "melding online inhoud bekeken") -> ContentReport:
    """One report, or 404 (also for another municipality's or one the user may not see). The read is logged."""
    report = (visible_reports(tenant).select_related("platform", "target_user", "reported_by", "municipality",
                                                      "assessed_by", "gir_incident")
              .filter(pk=pk).first())
    if report is None:
        raise Http404
    with processing(activity=REPORTS, name=name, municipality_id=tenant.municipality_id, actor_id=tenant.user_id,
                    **subject(report)):
        report.url_list = list(report.urls.values_list("url", flat=True))
    return report


def evidence_of(tenant, report: ContentReport):
    return (Evidence.objects.for_tenant(tenant).filter(report=report).select_related("uploaded_by")
            .prefetch_related("custody__actor"))


def notices_of(tenant, report: ContentReport):
    return Notice.objects.for_tenant(tenant).filter(report=report).select_related("sent_by")


def visible_gir_incident(tenant, report: ContentReport):
    """The linked GIR incident, only when GIR's own visibility rules let this user see it."""
    if report.gir_incident_id is None:
        return None
    from veiliglokaal.incidents.models import Incident

    return Incident.objects.for_tenant(tenant).filter(pk=report.gir_incident_id).first()
