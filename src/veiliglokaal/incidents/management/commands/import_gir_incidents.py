"""Import historical GIR registrations from CSV or XLSX, through the same checks as the import page, with a progress
bar; the columns are matched by name (as the page guesses them). All rows or none.

    manage.py import_gir_incidents meldingen.csv --gemeente GM0233 --gebruiker coordinator
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.core.jobs import JobStatus
from veiliglokaal.core.models import Municipality
from veiliglokaal.core.progress import cli_progress
from veiliglokaal.incidents import imports, services


class Command(BaseCommand):
    help = "Importeer historische meldingen (GIR) uit een CSV- of Excel-bestand: alle regels of geen."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Het bestand (.csv of .xlsx)")
        parser.add_argument("--gemeente", required=True, help="CBS-code van de gemeente, bijvoorbeeld GM0233")
        parser.add_argument("--gebruiker", required=True,
                            help="Gebruikersnaam van wie importeert (met een rol bij de gemeente)")
        parser.add_argument("--tekenset", default="utf-8", choices=[code for code, _label in imports.ENCODINGS])
        parser.add_argument("--queue", action="store_true",
                            help="In de wachtrij zetten voor de achtergrondwerker in plaats van meteen importeren")

    def handle(self, *args, path, gemeente, gebruiker, tekenset, queue, **options):
        municipality = Municipality.objects.filter(code=gemeente.upper()).first()
        user = get_user_model().objects.filter(username=gebruiker).first()
        if municipality is None or user is None:
            raise CommandError(f"Onbekende gemeente of gebruiker: {gemeente}, {gebruiker}")
        tenant = tenant_for(user, municipality.pk)
        if tenant is None:
            raise CommandError(f"{gebruiker} heeft geen rol bij {municipality.name}.")
        services.ensure_configuration(municipality)
        bar = cli_progress(self.stdout, "meldingen ")
        try:
            with open(path, "rb") as handle:
                upload = imports.start_import(tenant, user, File(handle, name=Path(path).name), tekenset)
            upload = imports.queue_import(tenant, user, upload, upload.mapping, run_now=not queue,
                                          progress_callback=bar)
        except (imports.ImportFileError, ValidationError, OSError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        if queue:
            self.stdout.write(f"Import {upload.pk} staat in de wachtrij (manage.py db_worker).")
            return
        bar.close()
        self._report(upload)

    def _report(self, upload):
        if upload.status == JobStatus.SUCCEEDED:
            self.stdout.write(self.style.SUCCESS(f"Import {upload.pk}: {upload.imported_count} meldingen geïmporteerd."))
            return
        for error in upload.error_report[:50]:
            self.stderr.write(f"regel {error['row'] or '-'} · {error['column'] or '-'} · {error['message']}")
        raise CommandError(f"Import {upload.pk}: {upload.error_summary}")
