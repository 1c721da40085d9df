"""Score one municipality's DOOK data now (in this process, or on Dask when DOOK_DASK_SCHEDULER is set)."""

from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.progress import cli_progress
from veiliglokaal.irregularities.models import ScoringRun
from veiliglokaal.irregularities.pipeline import ALGORITHM_VERSION
from veiliglokaal.irregularities.pipeline.engine import configured_engine
from veiliglokaal.irregularities.scoring import execute_run


class Command(BaseCommand):
    help = "Bereken de DOOK-signalen van een gemeente (CBS-code, bijvoorbeeld GM0233)."

    def add_arguments(self, parser):
        parser.add_argument("municipality")

    def handle(self, *args, municipality, **options):
        town = Municipality.objects.filter(code=municipality).first()
        if town is None:
            raise CommandError(f"Onbekende gemeente: {municipality}")
        run = ScoringRun.objects.create(municipality=town, engine=configured_engine(),
                                        algorithm_version=ALGORITHM_VERSION, total=100)
        self.stdout.write(f"Berekening {run.pk} voor {town.name} ({run.engine})…")
        bar = cli_progress(self.stdout, "berekening ")
        run = execute_run(run, progress_callback=bar)
        bar.close()
        if run.status != JobStatus.SUCCEEDED:
            raise CommandError(f"Mislukt: {run.error_summary}")
        self.stdout.write(self.style.SUCCESS(f"{run.addresses} adressen, {run.signals} signalen."))
