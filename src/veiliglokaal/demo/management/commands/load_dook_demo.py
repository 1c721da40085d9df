"""Load the DOOK demo (synthetic registers with planted irregularities) for Ermelo and Amsterdam."""

from django.core.management.base import BaseCommand

from veiliglokaal.demo.dook import SEED, load_dook_demo


class Command(BaseCommand):
    help = "Laad de DOOK-demodata (synthetisch, met geplante onregelmatigheden en grondwaarheid)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Eerst de bestaande DOOK-demodata verwijderen")
        parser.add_argument("--seed", type=int, default=SEED)

    def handle(self, *args, reset, seed, **options):
        for result in load_dook_demo(reset_first=reset, seed=seed):
            if result.get("skipped"):
                self.stdout.write(f"{result['municipality']}: DOOK-demo staat er al (--reset om opnieuw te laden).")
            else:
                self.stdout.write(self.style.SUCCESS(
                    f"{result['municipality']}: {result['addresses']} adressen, {result['establishments']} "
                    f"vestigingen, {result['brp_rows']} BRP-regels, {result['woz_rows']} WOZ-regels, "
                    f"{result['planted']} geplante onregelmatigheden (synthetische demodata)."))
