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
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# A tiny case type that exercises the shared workflow machinery (tests/workflow/caseapp).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow.caseapp"]  # noqa: F405
# Test-only owned models for the collaboration model (ADR 13; tests/collab_testapp, with its migration).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.collab_testapp"]
