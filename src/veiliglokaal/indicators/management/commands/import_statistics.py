"""`manage.py import_statistics FILE… [--format F] [--table-id ID] [--publisher P] [--dry-run]`

Imports a StatLine download (CBS or Politie, any table): one CSV file, or one or more OData v3/v4 files (the page
files of one download together, bundled or saved per endpoint). The import merges into the stored table; see
`docs/statistics-import.md`. `--dry-run` prints what would be added, changed and kept and writes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from veiliglokaal.indicators.importers import FORMATS, StatisticsImportError
from veiliglokaal.indicators.services import (
    import_statistics,
    parse_files,
    preview_import,
)


class Command(BaseCommand):
    help = (
        "Importeer een StatLine-download (CBS/Politie): een CSV-bestand of de pagina's van één OData-download. "
        "Voegt samen per onderwerp, regio en periode; wist nooit wat het bestand niet bevat."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            help="bestandsformaat (standaard: herkend)",
        )
        parser.add_argument(
            "--table-id",
            default="",
            help="tabel-id, bijvoorbeeld 47013NED (verplicht bij CSV)",
        )
        parser.add_argument(
            "--publisher", default="", help="uitgever, bijvoorbeeld 'Politie en CBS'"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="alleen tonen wat er zou veranderen"
        )

    def handle(self, *args, **options):
        files = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"Bestand niet gevonden: {name}")
            files.append((path.name, path.read_bytes()))
        try:
            parsed = parse_files(
                options["format"],
                files,
                table_id=options["table_id"],
                publisher=options["publisher"],
            )
            if options["dry_run"]:
                preview = preview_import(parsed)
            else:
                file_name = (
                    files[0][0]
                    if len(files) == 1
                    else f"{files[0][0]} (+{len(files) - 1} pagina's)"
                )
                content = files[0][1] if len(files) == 1 else files
                preview = import_statistics(
                    parsed, content=content, file_name=file_name
                ).preview
        except StatisticsImportError as exc:
            raise CommandError(exc.report()) from None
        regions = ", ".join(
            f"{kind} {count}" for kind, count in preview.regions.items()
        )
        state = (
            "proefimport, niets opgeslagen" if options["dry_run"] else "geïmporteerd"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Tabel {parsed.table_id} ({state}): {preview.added} toegevoegd, {preview.changed} gewijzigd, "
                f"{preview.kept} gelijk gebleven ({preview.kept_definitive} definitieve waarden niet door voorlopige "
                f"vervangen), {preview.untouched} niet in het bestand en behouden."
            )
        )
        if regions:
            self.stdout.write(f"Regio's in het bestand: {regions}.")
        if parsed.skipped:
            self.stdout.write(
                f"{len(parsed.skipped)} rijen overgeslagen (zonder regiocode)."
            )
