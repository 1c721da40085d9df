"""Fail and clean up background jobs whose worker stopped (no heartbeat for JOB_STALE_AFTER_SECONDS)."""

from django.core.management.base import BaseCommand

from veiliglokaal.core.jobs import recover_stale_jobs


class Command(BaseCommand):
    help = "Zet achtergrondtaken zonder teken van leven op mislukt en ruim hun halve werk en bestanden op."

    def handle(self, *args, **options):
        recovered = recover_stale_jobs()
        for label, pk in recovered:
            self.stdout.write(f"{label} {pk}: onderbroken, op mislukt gezet en opgeruimd.")
        self.stdout.write(f"{len(recovered)} onderbroken taken hersteld.")
