"""Data of the job base: scoring progress is in percent (total 100); failed imports get their Dutch summary."""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("irregularities", "ScoringRun").objects.update(total=100)
    SourceImport = apps.get_model("irregularities", "SourceImport")
    for source_import in SourceImport.objects.filter(status="failed", error_summary=""):
        count = len(source_import.error_report or [])
        noun = "fout" if count == 1 else "fouten"
        source_import.error_summary = f"Er is niets ingelezen: {count} {noun} gevonden."
        source_import.save(update_fields=["error_summary"])


class Migration(migrations.Migration):
    dependencies = [("irregularities", "0006_jobs_base_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
