"""Background jobs of online monitoring (django-tasks, ADR 0008). Arguments are primary keys: jobs are stored as
JSON."""

from django_tasks import task

from .models import MonitorUpload


@task()
def run_monitor_upload(upload_id: int) -> dict:
    """Parse and ingest one uploaded file; progress and outcome are kept on the MonitorUpload."""
    from . import uploads

    upload = MonitorUpload.objects.select_related("monitor__protocol").get(pk=upload_id)
    uploads.run(upload)
    return {"status": upload.status, "posts_stored": upload.posts_stored}
