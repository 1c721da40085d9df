import datetime

from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.core.progress import cli_progress
from veiliglokaal.incidents.retention import apply_retention, due


class Command(BaseCommand):
    help = ("Anonimiseer meldingen agressie en geweld waarvan de bewaartermijn verstreken is (met verwijderverslag en "
            "verwerkingslog). Idempotent: nogmaals draaien verandert niets.")

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="Peildatum JJJJ-MM-DD (standaard vandaag)")
        parser.add_argument("--droog", action="store_true", help="Alleen tellen, niets wijzigen")

    def handle(self, *args, **options):
        today = None
        if options.get("datum"):
            try:
                today = datetime.date.fromisoformat(options["datum"])
            except ValueError as error:
                raise CommandError("De peildatum moet de vorm JJJJ-MM-DD hebben.") from error
        if options.get("droog"):
            self.stdout.write(f"Te anonimiseren meldingen: {due(today).count()} (droog: niets gewijzigd).")
            return
        result = apply_retention(today, progress=cli_progress(self.stdout, "Anonimiseren "))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"Bewaartermijn toegepast: {result.incidents} meldingen geanonimiseerd, {result.attachments} bijlagen en "
            f"{result.offenders} veroorzakers verwijderd, {result.cases} nazorgtrajecten en maatregelen verwijderd; "
            f"{result.generalised} meldingen vergroofd en {result.removed} verwijderd voor k-anonimiteit; "
            f"{len(result.records)} verwijderverslag(en); {result.import_files} oude importbestanden verwijderd."))
