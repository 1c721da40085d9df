"""Load one source file for a municipality through the same checks as the upload page, with a progress bar.

    manage.py import_dook_source GM0233 bag_geopackage bag-light.gpkg --peildatum 2025-01-01
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.progress import cli_progress
from veiliglokaal.irregularities.services import sources as services
from veiliglokaal.irregularities.sources import registry


class Command(BaseCommand):
    help = "Lees een bronbestand voor DOOK in (alles of niets, met foutenrapport per regel)."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="CBS-code van de gemeente, bijvoorbeeld GM0233")
        parser.add_argument("source_type", choices=[s.key for s in registry.all_types()])
        parser.add_argument("path", help="Het bestand")
        parser.add_argument("--peildatum", required=True, type=datetime.date.fromisoformat,
                            help="Datum waarop de gegevens gelden (jjjj-mm-dd)")
        parser.add_argument("--queue", action="store_true",
                            help="In de wachtrij zetten voor de achtergrondwerker in plaats van meteen inlezen")

    def handle(self, *args, municipality, source_type, path, peildatum, queue, **options):
        target = Municipality.objects.filter(code=municipality.upper()).first()
        if target is None:
            raise CommandError(f"Onbekende gemeente: {municipality}")
        bar = cli_progress(self.stdout, f"{source_type} ")
        try:
            source_import = services.offer_path(target, source_type, path, peildatum, run_now=not queue,
                                                progress_callback=bar)
        except (ValidationError, OSError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        if queue:
            self.stdout.write(f"Inlezing {source_import.pk} staat in de wachtrij (manage.py db_worker).")
            return
        bar.close()
        self._report(source_import)

    def _report(self, source_import):
        if source_import.status == JobStatus.SUCCEEDED:
            self.stdout.write(self.style.SUCCESS(
                f"Inlezing {source_import.pk}: {source_import.rows_imported} rijen ingelezen, "
                f"{source_import.rows_skipped} overgeslagen (SHA-256 {source_import.checksum[:12]}…)."))
            return
        for error in source_import.error_report[:50]:
            self.stderr.write(f"regel {error['row'] or '-'} · {error['column'] or '-'} · {error['message']}")
        if len(source_import.error_report) > 50:
            self.stderr.write(f"… en nog {len(source_import.error_report) - 50} fouten (zie de pagina Bronnen DOOK).")
        raise CommandError(f"Inlezing {source_import.pk} afgewezen: {len(source_import.error_report)} fouten; "
                           "er is niets veranderd.")
