"""Per-account back-off after failed log-ins (ADR 15).

A hard lock after N failures lets anyone lock any account. Instead, after `LOGIN_BACKOFF_AFTER` failures for a
username (from any address) every further attempt must wait a delay that doubles per failure up to
`LOGIN_BACKOFF_MAX_SECONDS`; an attempt inside the delay is refused without checking the password and is not
counted. A successful log-in clears the record. django-axes still caps guessing per (username, real client IP).
"""

from django.db import models


class LoginBackoff(models.Model):
    username = models.CharField(max_length=150, unique=True)  # lower-cased; also for names that do not exist
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()

    class Meta:
        verbose_name = "inlogvertraging"
