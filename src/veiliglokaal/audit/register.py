"""The register of processing activities, declared by each module in `processing_activities.py`."""

import importlib

from django.apps import apps
from django.db import transaction

from .models import ProcessingActivity


def declared_activities() -> list[dict]:
    declared = []
    for config in apps.get_app_configs():
        if not config.name.startswith("veiliglokaal."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.processing_activities")
        except ModuleNotFoundError:
            continue
        declared.extend(module.ACTIVITIES)
    return declared


@transaction.atomic
def sync_register() -> int:
    """Create or update the register from the code's declarations (runs after every migrate)."""
    declared = declared_activities()
    for activity in declared:
        ProcessingActivity.objects.update_or_create(key=activity["key"], defaults={
            k: v for k, v in activity.items() if k != "key"
        })
    return len(declared)
