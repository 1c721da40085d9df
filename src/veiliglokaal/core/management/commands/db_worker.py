"""`manage.py db_worker`: django-tasks-db's worker, after failing and cleaning up the jobs a dead worker left
"bezig" (core.jobs.recover_stale_jobs). The library has no worker-start signal, so this command of the same name
wraps it (core is listed before django_tasks_db in INSTALLED_APPS, so this one wins)."""

from django.db import OperationalError
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from veiliglokaal.core.jobs import recover_stale_jobs


class Command(WorkerCommand):
    help = "Run a database background worker, after recovering jobs whose worker stopped (no heartbeat)."

    def handle(self, *args, **options):
        try:
            recovered = recover_stale_jobs()
        except OperationalError as error:  # never keep the worker from starting; the next start tries again
            self.stderr.write(f"Herstel van onderbroken taken overgeslagen: {error}")
        else:
            for label, pk in recovered:
                self.stderr.write(f"Onderbroken taak {label} {pk} afgebroken en opgeruimd.")
        return super().handle(*args, **options)
