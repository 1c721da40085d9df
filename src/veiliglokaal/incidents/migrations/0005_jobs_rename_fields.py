"""IncidentImport becomes a background job (core.jobs.BackgroundJob): fields renamed, data kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_upload_path")]

    operations = [
        migrations.RenameField("incidentimport", "uploaded_by", "requested_by"),
        migrations.RenameField("incidentimport", "uploaded_at", "created_at"),
        migrations.RenameField("incidentimport", "row_count", "total"),
        migrations.RenameField("incidentimport", "errors", "error_report"),
    ]
