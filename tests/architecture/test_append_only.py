"""Shape rule: every append-only model uses the one base (`core.append_only`), and every one of its managers refuses
to change or delete rows. Only retention runners use the escape hatch."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from veiliglokaal.core.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySetMixin
from veiliglokaal.core.tenancy import TenantQuerySet

# Docstrings that promise append-only behaviour.
PROMISE = re.compile(r"append-only|appended, never|never (edited|changed)|written once|deletion record", re.I)
# Models whose docstring mentions the words while they themselves are not append-only (they own such rows).
NOT_APPEND_ONLY = {
    "enforcement.EnforcementCase",  # a case moves through states; its history and evidence are append-only
    "online.ContentReport",
}

APPEND_ONLY_MODELS = [m for m in apps.get_models() if issubclass(m, AppendOnlyModel)]
PROMISING_MODELS = [m for m in apps.get_models()
                    if PROMISE.search(m.__doc__ or "") and m._meta.label not in NOT_APPEND_ONLY]


def _label(model):
    return model._meta.label


def test_the_base_is_used_by_the_known_append_only_models():
    labels = {_label(m) for m in APPEND_ONLY_MODELS}
    assert {"audit.ProcessingLogEntry", "audit.SecurityEvent", "incidents.IncidentEvent", "incidents.RetentionRecord",
            "incidents.AftercareChange", "online.Evidence", "online.CustodyEvent", "online.Notice",
            "online.RetentionRecord", "irregularities.Decision", "enforcement.Evidence",
            "enforcement.EnforcementChange", "monitoring.PurgeRecord"} <= labels


@pytest.mark.parametrize("model", PROMISING_MODELS, ids=_label)
def test_models_that_promise_append_only_use_the_base(model):
    assert issubclass(model, AppendOnlyModel), f"{_label(model)} says it is append-only but does not use the base"


@pytest.mark.parametrize("model", APPEND_ONLY_MODELS, ids=_label)
def test_an_existing_row_is_never_saved_or_deleted(model):
    row = model()
    row._state.adding = False  # as loaded from the database; the check comes before any query
    with pytest.raises(AppendOnlyError, match=re.escape(model.APPEND_ONLY_MESSAGE)):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()


@pytest.mark.parametrize("model", APPEND_ONLY_MODELS, ids=_label)
def test_every_manager_refuses_bulk_writes(model):
    assert model._meta.managers, _label(model)
    for manager in model._meta.managers:
        queryset = manager.all()
        with pytest.raises(AppendOnlyError):
            queryset.update(pk=1)
        with pytest.raises(AppendOnlyError):
            queryset.delete()
        with pytest.raises(AppendOnlyError):
            manager.bulk_update([], ["pk"])
        assert not hasattr(manager, "purge_for_retention"), "the escape hatch needs an explicit filter"


def test_tenant_scoping_still_composes():
    from veiliglokaal.audit.models import ProcessingLogEntry, SecurityEvent

    for model in (ProcessingLogEntry, SecurityEvent):
        scoped = model.objects.for_tenant(None)  # the tenancy filter and the append-only guard on one queryset
        assert isinstance(scoped, TenantQuerySet) and isinstance(scoped, AppendOnlyQuerySetMixin)
        with pytest.raises(AppendOnlyError):
            scoped.update(name="x")


def test_only_retention_runners_use_the_escape_hatch():
    source = Path(settings.PACKAGE_DIR)
    callers = sorted(str(path.relative_to(source)) for path in source.rglob("*.py")
                     if "purge_for_retention(" in path.read_text(encoding="utf-8"))
    assert callers and all(path == "core/append_only.py" or path.endswith("/retention.py") for path in callers), callers
