"""The one append-only base: rows that are written once and never changed or deleted ("do not edit history").

`AppendOnlyModel` blocks `save()` on an existing row and `delete()`; its querysets block `update()`, `delete()` and
`bulk_update()`. Each model declares its own Dutch message in `APPEND_ONLY_MESSAGE`. Models with a scoped queryset
compose the mixin with their tenant queryset (`AppendOnlyTenantQuerySet`, or `class X(AppendOnlyQuerySetMixin,
MyTenantQuerySet)`); `tests/architecture/test_append_only.py` checks every manager of every such model.

The one escape hatch is `purge_for_retention()`: retention (AVG art. 5(1)(e)) may remove whole histories when their
term has passed. Only retention runners call it (the architecture test checks the callers). Cascades from a deleted
parent row (a content report removed by retention) go through Django's collector, which does not call these methods.
"""

from __future__ import annotations

from django.db import models

from .tenancy import TenantQuerySet


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an append-only row."""


def _message(model) -> str:
    return str(getattr(model, "APPEND_ONLY_MESSAGE", AppendOnlyModel.APPEND_ONLY_MESSAGE))


class AppendOnlyQuerySetMixin:
    """Blocks the bulk writes of a queryset; mix in before any other queryset class."""

    def update(self, **kwargs):
        raise AppendOnlyError(_message(self.model))

    def delete(self):
        raise AppendOnlyError(_message(self.model))

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(_message(self.model))

    def purge_for_retention(self) -> tuple[int, dict[str, int]]:
        """Delete these rows because their retention term has passed. For retention runners only."""
        return models.QuerySet.delete(self)

    purge_for_retention.queryset_only = True


class AppendOnlyQuerySet(AppendOnlyQuerySetMixin, models.QuerySet):
    pass


class AppendOnlyTenantQuerySet(AppendOnlyQuerySetMixin, TenantQuerySet):
    pass


class AppendOnlyModel(models.Model):
    """Abstract base of every append-only model. Subclasses set `APPEND_ONLY_MESSAGE` (Dutch, shown in errors)."""

    APPEND_ONLY_MESSAGE = "Dit gegeven wordt nooit gewijzigd of verwijderd."

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(self.APPEND_ONLY_MESSAGE)
        if not args and not kwargs.get("update_fields"):
            kwargs.setdefault("force_insert", True)  # a new row is an INSERT, never an UPDATE of an existing pk
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(self.APPEND_ONLY_MESSAGE)
