"""Background jobs of online monitoring (django-tasks, ADR 0008). Arguments are primary keys: jobs are stored as
JSON."""

from django_tasks import task

from veiliglokaal.core import jobs

from .models import MonitorUpload


@task()
def run_monitor_upload(upload_id: int) -> dict:
    """Parse and ingest one uploaded file; progress and outcome are kept on the MonitorUpload."""
    from . import uploads

    upload = MonitorUpload.objects.select_related("monitor__protocol").get(pk=upload_id)
    try:
        uploads.run(upload)
    except jobs.JobInterrupted:  # failed and cleaned up by recovery meanwhile
        return {"status": "interrupted"}
    return {"status": upload.status, "posts_stored": upload.posts_stored}
