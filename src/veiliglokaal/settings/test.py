"""Test settings: fast hashing, in-memory mail, demo mode on (the e2e tests use the demo)."""

import os

os.environ.setdefault("DEMO_MODE", "true")
# Background jobs run in-process and synchronously (ADR 0008); one test runs the real database worker.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from .base import *  # noqa: E402,F401,F403

DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405  (live-server threads must not hold connections)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
API_THROTTLE_RATE = "100000/min"  # the throttle test sets its own rate
AUDIT_CHECKPOINT_FILE = ""  # tests that need checkpoints point this at their own temporary file
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# The synthetic demo (the e2e tests use it) and a tiny case type that exercises the shared workflow machinery
# (tests/workflow/caseapp).
INSTALLED_APPS = [*INSTALLED_APPS, "veiliglokaal.demo", "tests.workflow.caseapp"]  # noqa: F405
# Test-only owned models for the collaboration model (ADR 13; tests/collab_testapp, with its migration).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.collab_testapp"]  # noqa: F405
