"""Write the SYNTHETIC national DOOK set (default 10 million addresses, planted irregularities) to Parquet."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from veiliglokaal.core.progress import cli_progress
from veiliglokaal.demo import dook_synthetic as synthetic


class Command(BaseCommand):
    help = "Genereer de synthetische landelijke DOOK-set (Parquet, met geplante onregelmatigheden en grondwaarheid)."

    def add_arguments(self, parser):
        parser.add_argument("--addresses", type=int, default=10_000_000)
        parser.add_argument("--seed", type=int, default=20260101)
        parser.add_argument("--output", default=str(Path(settings.REPO_DIR) / "var" / "dook_synthetic"))

    def handle(self, *args, addresses, seed, output, **options):
        result = synthetic.write_parquet(Path(output), addresses, seed, progress=cli_progress(self.stdout, "adressen "))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{result['addresses']} synthetische adressen in {result['directory']}"))
