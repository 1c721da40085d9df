"""Scheduled: fetch the live sources of every running monitor, ingest, match and detect (idempotent on post ids)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from veiliglokaal.monitoring import connectors, services
from veiliglokaal.monitoring.models import MonitoringProtocol, MonitorSource


def run(stdout=None) -> dict:
    """One round. Fetches go through `core.outbound`; a failure is recorded on the source with the generic text."""
    totals = {"sources": 0, "stored": 0, "alerts": 0, "failed": 0, "ended": services.end_expired_protocols()}
    running = MonitoringProtocol.objects.running().values("pk")
    for source in (MonitorSource.objects.filter(monitor__protocol__in=running, connector__in=connectors.live_keys())
                   .select_related("monitor__protocol").order_by("pk")):
        totals["sources"] += 1
        connector = connectors.get(source.connector)
        error = ""
        try:
            parsed = connector.parse(connector.fetch(source.config))
            result = services.ingest(source.monitor, source.connector, source.name, parsed.posts)
            totals["stored"] += result.stored
            totals["alerts"] += len(result.alerts)
            if parsed.errors:
                error = f"{len(parsed.errors)} onleesbare items overgeslagen; eerste: {parsed.errors[0]}"
        except (connectors.ConnectorError, services.MonitoringError) as failure:
            totals["failed"] += 1
            error = str(failure)
        MonitorSource.objects.filter(pk=source.pk).update(last_fetched_at=timezone.now(), last_error=error[:300])
        if stdout:
            stdout.write(f"{source.name}: {error or 'opgehaald'}")
    return totals


class Command(BaseCommand):
    help = ("Haal de live bronnen (RSS/Atom, Mastodon) op van monitors met een actief protocol binnen de looptijd, "
            "verwerk en zoek pieken. Gepland draaien (bijv. elke 10 minuten); nogmaals draaien slaat bekende "
            "berichten over.")

    def handle(self, *args, **options):
        totals = run(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(
            f"{totals['sources']} bronnen, {totals['stored']} nieuwe berichten, {totals['alerts']} alerts, "
            f"{totals['failed']} mislukt; {totals['ended']} verlopen protocollen beëindigd."))
