"""The only write path into the audit logs. Call inside the transaction of the processing itself."""

import hashlib
import hmac
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import context as trace_context
from .chain import append
from .models import ProcessingLogEntry, ProcessingStatus, SecurityEvent, SecurityResult, SubjectKey


def _index(key: str, kind: str, value: str) -> str:
    return hmac.new(key.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _keys() -> list[str]:
    return [settings.PSEUDONYMISATION_KEY, *getattr(settings, "PSEUDONYMISATION_PREVIOUS_KEYS", [])]


def pseudonymise(subject_type: str, subject_id, context: str = "") -> str:
    """The pseudonym of a data subject in a context (e.g. "melding:12"): a random token, the same every time for
    the same subject and context, created on first use (`SubjectKey`). It reveals nothing and cannot be recomputed
    from an id; `shred_context` / link expiry make it point at nobody."""
    subject, scope = f"{subject_type}:{subject_id}", str(context or "")
    for key in _keys():  # after a key rotation the previous keys still find existing pseudonyms
        found = SubjectKey.objects.filter(subject_index=_index(key, "subject", subject),
                                          context_index=_index(key, "context", scope) if scope else "").first()
        if found:
            if found.last_used_on != timezone.localdate():
                SubjectKey.objects.filter(pk=found.pk).update(last_used_on=timezone.localdate())
            return found.pseudonym
    key = settings.PSEUDONYMISATION_KEY
    try:
        with transaction.atomic():
            return SubjectKey.objects.create(
                subject_index=_index(key, "subject", subject), context_index=_index(key, "context", scope) if scope else "",
                pseudonym=secrets.token_hex(20), last_used_on=timezone.localdate()).pseudonym
    except IntegrityError:  # created concurrently by another request
        return SubjectKey.objects.get(subject_index=_index(key, "subject", subject),
                                      context_index=_index(key, "context", scope) if scope else "").pseudonym


def pseudonyms_of(subject_type: str, subject_id) -> list[str]:
    """Every pseudonym of one data subject, in any context (for a request under AVG art. 15). Creates nothing."""
    subject = f"{subject_type}:{subject_id}"
    return list(SubjectKey.objects.filter(subject_index__in=[_index(key, "subject", subject) for key in _keys()])
                .values_list("pseudonym", flat=True))


def shred_context(context: str) -> int:
    """Destroy the pseudonym keys of every subject in a context whose data was destroyed (retention): their log
    records keep their chain but no longer point at anyone. Returns how many keys went."""
    indexes = [_index(key, "context", str(context)) for key in _keys()]
    return SubjectKey.objects.filter(context_index__in=indexes).delete()[0]


def expire_links(today=None) -> int:
    """The processing log's own retention: keys unused for PROCESSING_LOG_LINK_YEARS are destroyed."""
    today = today or timezone.localdate()
    years = settings.PROCESSING_LOG_LINK_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return SubjectKey.objects.filter(last_used_on__lt=cutoff).delete()[0]


def log_processing(*, activity: str, name: str, subject_type: str, subject_id, municipality_id=None,
                   actor_id=None, started_at=None, status=ProcessingStatus.OK, context: str = "") -> ProcessingLogEntry:
    now = timezone.now()
    entry = ProcessingLogEntry(
        trace_id=trace_context.trace_id(), span_id=trace_context.new_span_id(), parent_span_id=trace_context.span_id(),
        name=name, started_at=started_at or now, ended_at=now, status=status, activity_key=activity,
        data_subject_id=pseudonymise(subject_type, subject_id, context), data_subject_type=subject_type,
        municipality_id=municipality_id, actor_id=actor_id,
    )
    return append(entry)


@contextmanager
def processing(*, activity: str, name: str, subject_type: str, subject_id, municipality_id=None, actor_id=None,
               context: str = ""):
    """Run a processing of personal data and its log record in one transaction: both or neither. `context` names
    the record the processing is about (e.g. "melding:12"): destroying that record's data shreds the link."""
    started = timezone.now()
    with transaction.atomic():
        yield
        log_processing(activity=activity, name=name, subject_type=subject_type, subject_id=subject_id,
                       municipality_id=municipality_id, actor_id=actor_id, started_at=started, context=context)


def log_security(action: str, *, result=SecurityResult.SUCCESS, user=None, actor_name: str = "", object_type: str = "",
                 object_id="", municipality_id=None, origin: str | None = None, detail: dict | None = None) -> SecurityEvent:
    event = SecurityEvent(
        occurred_at=timezone.now(), action=action, object_type=object_type, object_id=str(object_id or ""),
        result=result, origin=(origin if origin is not None else trace_context.origin())[:45],
        actor_id=getattr(user, "pk", None), actor_name=(getattr(user, "username", "") or actor_name)[:150],
        municipality_id=municipality_id, trace_id=trace_context.trace_id(), detail=detail or {},
    )
    return append(event)
