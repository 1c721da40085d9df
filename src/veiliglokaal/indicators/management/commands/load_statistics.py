from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.indicators.importers import StatisticsImportError
from veiliglokaal.indicators.services import load_shipped_statistics


class Command(BaseCommand):
    help = "Laad de meegeleverde politiecijfers (tabel 47013NED, misdrijven per gemeente 2022–2024). Idempotent."

    def handle(self, *args, **options):
        try:
            result = load_shipped_statistics()
        except StatisticsImportError as exc:
            raise CommandError(exc.report()) from None
        state = "ongewijzigd" if result.unchanged else "geladen"
        self.stdout.write(self.style.SUCCESS(
            f"Tabel {result.table_id} {state}: {result.observations} waarnemingen, "
            f"{len(result.skipped)} rijen zonder regiocode overgeslagen."))
