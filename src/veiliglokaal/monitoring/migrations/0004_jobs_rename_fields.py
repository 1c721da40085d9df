"""MonitorUpload becomes a background job (core.jobs.BackgroundJob): fields renamed, data kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_upload_path")]

    operations = [
        migrations.RenameField("monitorupload", "posts_total", "total"),
        migrations.RenameField("monitorupload", "posts_done", "done"),
        migrations.RenameField("monitorupload", "errors", "error_report"),
        migrations.RenameField("monitorupload", "uploaded_by", "requested_by"),
    ]
