"""Data of the job base: an upload's error messages become rows of the structured report, with a summary."""

import re

from django.db import migrations

NUMBERED = re.compile(r"^(?:Regel|Item|Bericht) (\d+):")


def _row(message) -> dict:
    if isinstance(message, dict):
        return message
    numbered = NUMBERED.match(str(message))
    return {"row": int(numbered.group(1)) if numbered else "", "column": "", "value": "", "message": str(message)}


def forwards(apps, schema_editor):
    MonitorUpload = apps.get_model("monitoring", "MonitorUpload")
    for upload in MonitorUpload.objects.exclude(error_report=[]):
        upload.error_report = [_row(message) for message in upload.error_report]
        if upload.status == "failed" and not upload.error_summary:
            upload.error_summary = "Het bestand is niet verwerkt; er is niets opgeslagen."
        upload.save(update_fields=["error_report", "error_summary"])


def backwards(apps, schema_editor):
    MonitorUpload = apps.get_model("monitoring", "MonitorUpload")
    for upload in MonitorUpload.objects.exclude(error_report=[]):
        upload.error_report = [row["message"] if isinstance(row, dict) else row for row in upload.error_report]
        upload.save(update_fields=["error_report"])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_jobs_base_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
