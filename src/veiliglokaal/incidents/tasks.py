"""Background jobs of GIR (django-tasks, ADR 0008; core.jobs). Arguments are primary keys: jobs are stored as JSON."""

import logging

from django_tasks import task

from veiliglokaal.core import jobs

from .models import IncidentImport

logger = logging.getLogger(__name__)


@task()
def run_incident_import(import_id: int) -> dict:
    """Validate and write one mapped import (all rows or none); progress and outcome are kept on the import."""
    from . import imports

    upload = IncidentImport.objects.select_related("requested_by").get(pk=import_id)
    try:
        imports.execute_import(upload)
    except jobs.JobInterrupted:
        return {"status": "interrupted"}
    except Exception:
        logger.exception("GIR import %s failed", upload.pk)
        jobs.fail(upload, "Onverwachte fout bij het importeren; er is niets geïmporteerd. Meld dit bij de beheerder.")
        raise
    return {"status": upload.status, "imported": upload.imported_count}
