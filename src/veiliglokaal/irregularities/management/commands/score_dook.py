"""Score one municipality's DOOK data now (in this process, or on Dask when DOOK_DASK_SCHEDULER is set)."""

from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.core.models import Municipality
from veiliglokaal.irregularities.models import ImportStatus, ScoringRun
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
                                        algorithm_version=ALGORITHM_VERSION)
        self.stdout.write(f"Berekening {run.pk} voor {town.name} ({run.engine})…")
        run = execute_run(run)
        if run.status != ImportStatus.SUCCEEDED:
            raise CommandError(f"Mislukt: {run.error}")
        self.stdout.write(self.style.SUCCESS(f"{run.addresses} adressen, {run.signals} signalen."))
