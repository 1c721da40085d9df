"""Growing delay between log-in attempts of one account after repeated failures (see models_login)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models_login import LoginBackoff


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def delay_for(failures: int) -> int:
    """Seconds to wait after `failures` failures: 0 below the threshold, then 1, 2, 4, … up to the cap."""
    after = settings.LOGIN_BACKOFF_AFTER
    if failures < after:
        return 0
    return min(2 ** (failures - after), settings.LOGIN_BACKOFF_MAX_SECONDS)


def seconds_to_wait(username: str) -> int:
    record = LoginBackoff.objects.filter(username=_key(username)).first()
    if record is None:
        return 0
    # Old failures stop counting after a quiet period of the maximum delay plus the reset window.
    if timezone.now() - record.last_failure_at > datetime.timedelta(seconds=settings.LOGIN_BACKOFF_RESET_SECONDS):
        return 0
    ready_at = record.last_failure_at + datetime.timedelta(seconds=delay_for(record.failures))
    return max(0, int((ready_at - timezone.now()).total_seconds() + 0.999))


def record_failure(username: str) -> None:
    key = _key(username)
    if not key:
        return
    now = timezone.now()
    with transaction.atomic():
        record = LoginBackoff.objects.select_for_update().filter(username=key).first()
        if record is None:
            LoginBackoff.objects.create(username=key, failures=1, last_failure_at=now)
        elif now - record.last_failure_at > datetime.timedelta(seconds=settings.LOGIN_BACKOFF_RESET_SECONDS):
            LoginBackoff.objects.filter(pk=record.pk).update(failures=1, last_failure_at=now)
        else:
            LoginBackoff.objects.filter(pk=record.pk).update(failures=F("failures") + 1, last_failure_at=now)


def clear(username: str) -> None:
    LoginBackoff.objects.filter(username=_key(username)).delete()


class BackoffBackend:
    """Placed after django-axes and before the password check: inside the delay, refuse without looking at the
    password (PermissionDenied stops Django's backend chain). The form turns the refusal into "wait N seconds"."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            return None
        wait = seconds_to_wait(username)
        if wait:
            if request is not None:
                request.vl_backoff_wait = wait
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return None
    # No get_user(): a session never belongs to this backend (Django's test client picks the first backend with one).
