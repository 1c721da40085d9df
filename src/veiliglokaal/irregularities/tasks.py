"""Background jobs of DOOK (django-tasks, ADR 0008). Arguments are primary keys: jobs are stored as JSON."""

from django_tasks import task

from veiliglokaal.core import jobs

from .models import SourceImport


@task()
def run_source_import(import_id: int) -> dict:
    """Check and load one offered source file; progress and outcome are kept on the SourceImport."""
    from .sources import runner

    source_import = SourceImport.objects.select_related("municipality").get(pk=import_id)
    try:
        runner.run(source_import)
    except jobs.JobInterrupted:  # failed and cleaned up by recovery meanwhile
        return {"status": "interrupted"}
    return {"status": source_import.status, "rows_imported": source_import.rows_imported}
