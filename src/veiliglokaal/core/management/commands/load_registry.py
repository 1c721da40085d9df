from django.core.management.base import BaseCommand

from veiliglokaal.core.services import load_registry


class Command(BaseCommand):
    help = "Load or refresh the municipality registry from the shipped CBS/PDOK open data (idempotent)."

    def handle(self, *args, **options):
        def progress(step, done, total):
            if done == total or done % 50 == 0:
                self.stdout.write(f"\r{step}: {done}/{total}", ending="")
                self.stdout.flush()

        result = load_registry(progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"Register geladen: {result.municipalities} gemeenten, {result.safety_regions} veiligheidsregio's, "
            f"{result.provinces} provincies, {result.neighbourhoods} buurten ({result.created} nieuw)."
        ))
