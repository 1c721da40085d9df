"""The only write path into the audit logs. Call inside the transaction of the processing itself."""

import hashlib
import hmac
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import context
from .chain import append
from .models import ProcessingLogEntry, ProcessingStatus, SecurityEvent, SecurityResult


def pseudonymise(subject_type: str, subject_id) -> str:
    """Keyed hash of a data subject: the same person gives the same pseudonym, which reveals nothing alone."""
    message = f"{subject_type}:{subject_id}".encode()
    return hmac.new(settings.PSEUDONYMISATION_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def log_processing(*, activity: str, name: str, subject_type: str, subject_id, municipality_id=None,
                   actor_id=None, started_at=None, status=ProcessingStatus.OK) -> ProcessingLogEntry:
    now = timezone.now()
    entry = ProcessingLogEntry(
        trace_id=context.trace_id(), span_id=context.new_span_id(), parent_span_id=context.span_id(),
        name=name, started_at=started_at or now, ended_at=now, status=status, activity_key=activity,
        data_subject_id=pseudonymise(subject_type, subject_id), data_subject_type=subject_type,
        municipality_id=municipality_id, actor_id=actor_id,
    )
    return append(entry)


@contextmanager
def processing(*, activity: str, name: str, subject_type: str, subject_id, municipality_id=None, actor_id=None):
    """Run a processing of personal data and its log record in one transaction: both or neither."""
    started = timezone.now()
    with transaction.atomic():
        yield
        log_processing(activity=activity, name=name, subject_type=subject_type, subject_id=subject_id,
                       municipality_id=municipality_id, actor_id=actor_id, started_at=started)


def log_security(action: str, *, result=SecurityResult.SUCCESS, user=None, actor_name: str = "", object_type: str = "",
                 object_id="", municipality_id=None, origin: str | None = None, detail: dict | None = None) -> SecurityEvent:
    event = SecurityEvent(
        occurred_at=timezone.now(), action=action, object_type=object_type, object_id=str(object_id or ""),
        result=result, origin=(origin if origin is not None else context.origin())[:45],
        actor_id=getattr(user, "pk", None), actor_name=(getattr(user, "username", "") or actor_name)[:150],
        municipality_id=municipality_id, trace_id=context.trace_id(), detail=detail or {},
    )
    return append(event)
