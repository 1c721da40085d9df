"""SourceImport and ScoringRun become background jobs (core.jobs.BackgroundJob): fields renamed, data kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("irregularities", "0004_upload_path")]

    operations = [
        migrations.RenameField("sourceimport", "rows_total", "total"),
        migrations.RenameField("sourceimport", "rows_done", "done"),
        migrations.RenameField("sourceimport", "errors", "error_report"),
        migrations.RenameField("sourceimport", "started_by", "requested_by"),
        migrations.RenameField("scoringrun", "progress", "done"),
        migrations.RenameField("scoringrun", "step", "phase"),
        migrations.RenameField("scoringrun", "error", "error_summary"),
        migrations.RenameField("scoringrun", "started_by", "requested_by"),
    ]
