"""Data of the job base: the import's own states become the declared job states, with a summary on rejection."""

from django.db import migrations

FORWARD = {"uploaded": "draft", "rejected": "failed", "imported": "succeeded"}


def _move(apps, mapping):
    IncidentImport = apps.get_model("incidents", "IncidentImport")
    for old, new in mapping.items():
        IncidentImport.objects.filter(status=old).update(status=new)


def forwards(apps, schema_editor):
    _move(apps, FORWARD)
    IncidentImport = apps.get_model("incidents", "IncidentImport")
    for upload in IncidentImport.objects.filter(status="failed", error_summary=""):
        count = len(upload.error_report or [])
        upload.error_summary = f"Er is niets geïmporteerd: {count} {'fout' if count == 1 else 'fouten'} gevonden."
        upload.save(update_fields=["error_summary"])


def backwards(apps, schema_editor):
    _move(apps, {new: old for old, new in FORWARD.items()})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0006_jobs_base_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
